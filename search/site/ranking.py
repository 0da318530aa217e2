"""Database-specific ranking for site search: one full-text match on the index table per search.

Wagtail's generic database query joins every page to its index entry through a text cast of the
page id (`object_id = page.id::varchar`), which no index can serve. When PostgreSQL has no
statistics for the full-text match it expects a handful of rows and nests a scan of the page table
inside the scan of the index entries: seconds per search once a query matches a few thousand pages.

Here both paths start from the index entries and reach the pages by primary key. On PostgreSQL the
sections are counted without ranking (grouped by content type), and only the page being shown is
ranked, over the matching, visible entries of the section asked for.
"""

from collections import Counter

from django.contrib.postgres.search import SearchVectorField
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from wagtail.models import Page
from wagtail.search.models import IndexEntry

MAX_RESULTS = 1000
RESULTS_PER_PAGE = 10

# The search package's internals this module (and only this module) relies on: Wagtail's search is
# the ``modelsearch`` package. Each is named with the parameters it is called with here, in order;
# None for a class or value that is only used. tests/search/site/test_site_search_internals.py fails,
# naming the installed Wagtail and modelsearch versions, when an upgrade renames or reshapes one.
INTERNALS = {
    "modelsearch.backends.database.sqlite.sqlite": {
        "normalize": ("search_query",),
        "MatchExpression": None,
        "SQLiteFTSIndexEntry": None,
        "get_descendants_content_types_pks": ("model",),
        "SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS": None,
        "SQLiteSearchQueryCompiler.check": ("self",),
        "SQLiteSearchQueryCompiler.get_config": ("self", "backend"),
        "SQLiteSearchQueryCompiler.build_search_query": ("self", "query", "config"),
        "SQLiteSearchQueryCompiler.get_search_vectors": ("self",),
        "SQLiteSearchQueryCompiler._build_rank_expression": ("self", "vectors", "config"),
    },
    "modelsearch.backends.database.postgres.postgres": {
        "PostgresSearchQueryCompiler.check": ("self",),
        "PostgresSearchQueryCompiler.get_config": ("self", "backend"),
        "PostgresSearchQueryCompiler.build_tsquery": ("self", "query", "config"),
        "PostgresSearchQueryCompiler.build_tsrank": ("self", "vector", "query", "config"),
    },
}


class _KnownCount:
    """Ranked page ids (a list, or a ranked queryset of ids) whose count is already known, for
    Django's paginator: slicing loads only one page's worth of pages."""

    def __init__(self, ranked_ids, count: int):
        self.ranked_ids = ranked_ids
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item):
        return _pages_in_order(list(self.ranked_ids[item]))


def _pages_in_order(ids: list[int]) -> list:
    by_pk = Page.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _page(object_list, page_number):
    page = Paginator(object_list, RESULTS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    return page


def section_counts(count_by_type: dict, sections: dict, labels) -> list:
    counts = []
    for key, label in labels:
        count = sum(count_by_type.get(ct_id, 0) for ct_id in sections[key])
        if count:
            counts.append((key, label, count))
    return counts


def run_sqlite(backend, query, visible_pages, sections, labels, section, page_number, operator):
    """SQLite: rank once on the full-text table. Wagtail's generic query ranks each matching row
    with a correlated subquery, which takes seconds once a query matches a few thousand pages."""
    from modelsearch.backends.database.sqlite import sqlite as fts

    compiler = backend.query_compiler_class(visible_pages, query, operator=operator)
    compiler.check()
    normalized = fts.normalize(compiler.query)
    config = compiler.get_config(backend)
    match = fts.MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalized, config=config))
    ranked = (
        fts.SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=fts.get_descendants_content_types_pks(Page))
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
        .order_by("score")
        .values_list("index_entry__object_id", flat=True)[: MAX_RESULTS * 2]
    )
    ranked_ids = [int(object_id) for object_id in ranked]
    content_types = dict(visible_pages.filter(pk__in=ranked_ids).values_list("pk", "content_type_id"))
    ordered = [pk for pk in ranked_ids if pk in content_types][:MAX_RESULTS]
    counts = section_counts(Counter(content_types[pk] for pk in ordered), sections, labels)
    if section:
        wanted = set(sections[section])
        ordered = [pk for pk in ordered if content_types[pk] in wanted]
    return _page(_KnownCount(ordered, len(ordered)), page_number), counts


def run_postgres(backend, query, visible_pages, sections, labels, section, page_number, operator):
    """PostgreSQL: count the matching, visible pages per content type, then rank only the section
    shown, reaching pages through their primary key. The match uses the GIN index on
    `title || body` (see research migration 0002)."""
    compiler = backend.query_compiler_class(visible_pages, query, operator=operator)
    compiler.check()
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    if tsquery is None:
        return _page(_KnownCount([], 0), page_number), []
    searchable_types = [ct_id for ct_ids in sections.values() for ct_id in ct_ids]
    matches = (
        IndexEntry.objects.filter(content_type_id__in=searchable_types)
        .annotate(_vector_=CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField()))
        .filter(_vector_=tsquery)
        # Every entry left is a page's (its content type is a page type), so its id is an integer.
        .annotate(page_id=Cast("object_id", IntegerField()))
        .filter(page_id__in=visible_pages.order_by().values("pk"))
    )
    count_by_type = dict(
        matches.order_by().values_list("content_type_id").annotate(n=Count("pk")).values_list("content_type_id", "n")
    )
    counts = section_counts(count_by_type, sections, labels)
    shown = matches.filter(content_type_id__in=sections[section]) if section else matches
    found = sum(count_by_type.get(ct_id, 0) for ct_id in (sections[section] if section else searchable_types))
    rank = (
        compiler.build_tsrank(F("title"), compiler.query, config=config) * F("title_norm")
        + compiler.build_tsrank(F("body"), compiler.query, config=config)
    )
    ranked_ids = (
        shown.annotate(score=rank)
        .order_by(F("score").desc(), F("page_id").desc())
        .values_list("page_id", flat=True)
    )
    return _page(_KnownCount(ranked_ids, min(found, MAX_RESULTS)), page_number), counts
