"""Demo content built from the published facts about the Drive Partnership.

Every figure here comes from the partnership's and the University of Bristol's published work;
each statistic names its source. Loading is idempotent: pages are found by slug and left alone if
they already exist.
"""
