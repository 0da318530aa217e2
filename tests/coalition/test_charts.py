"""Milestones per year on the Call to Action page, drawn by the portal's one chart engine."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree

from portal.charts import Chart, DataPoint, counts_by_year, render_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_counts_by_year_include_empty_years_between():
    dates = [datetime.date(2019, 9, 30), datetime.date(2021, 4, 1), datetime.date(2021, 7, 21)]
    assert counts_by_year(dates) == [(2019, 1), (2020, 0), (2021, 2)]
    assert counts_by_year([]) == []


def test_bars_are_proportional_an_empty_year_has_none_and_every_bar_says_its_count():
    rows = [(2019, 1), (2020, 0), (2021, 2)]
    chart = Chart(title="Milestones per year", unit="", points=[
        DataPoint(str(year), Decimal(count), display=str(count)) for year, count in rows])
    svg = ElementTree.fromstring(render_bar_chart(chart, "m"))
    widths = [float(rect.get("width")) for rect in svg.iter(SVG + "rect")]
    assert widths[1] == 0 and widths[2] == 2 * widths[0] > 0
    values = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "evidence-chart__value"]
    assert values == ["1", "0", "2"]  # a count, not "1%"
