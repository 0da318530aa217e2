"""Directory search on the database (SQLite or PostgreSQL).

The local candidates (services near the place, services whose service area covers its local
authority) are filtered, counted disjunctively and ordered by distance in one SQL statement (see
``candidates``), so only the counts and one page of rows leave the database. Near a place the
covering coordinate index finds the rows and keywords are a substring test on their stemmed
text; services found through their area (and every service, with no place) use PostgreSQL's
GIN-indexed tsquery. The few national services are counted in Python; the full records are
loaded for the page shown.
"""

from __future__ import annotations

import uuid

from django.db import connection
from django.db.models import Q

from search.directory.backends import candidates as sql
from search.directory.query import DirectoryQuery, Hit, Results, count_facets, facet_values, passes
from search.directory.text import KeywordQuery, matches
from search.models import Service


def keyword_q(keywords: KeywordQuery, prefix: str = "") -> Q:
    """A Q object for the keyword groups on Service (``prefix`` reaches it through a relation)."""
    q = Q()
    if not keywords:
        return q
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery  # PostgreSQL only

        tsquery = SearchQuery(sql.tsquery_text(keywords), config="simple", search_type="raw")
        return Q(**{f"{prefix}search_vector": tsquery})
    for group in keywords.groups:
        alt = Q()
        for phrase in group:
            alt |= Q(**{f"{prefix}search_text__contains": " " + " ".join(phrase)})
        q &= alt
    return q


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _hex(value) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def search(query: DirectoryQuery, place, keywords: KeywordQuery, results: Results) -> Results:
    selected = query.selected_tokens()
    # The national services are few: their (status, is_national) index finds them, and the
    # keywords are tested on their text here (the meaning of the SQL keyword tests).
    national_rows = [
        (sid, frozenset(tokens.split()), name)
        for sid, tokens, name, text in Service.objects.filter(status="active", is_national=True)
        .order_by().values_list("id", "facet_tokens", "name", "search_text")
        if not keywords or matches(text, keywords)
    ]
    counts = count_facets([tokens for _sid, tokens, _name in national_rows], selected)
    local_sql = sql.candidates_sql(query, place, keywords)
    page = []
    if local_sql is not None:
        limit = max(query.page, 1) * query.per_page
        local_counts, results.total, rows = sql.search(local_sql, selected, limit)
        for name, values in local_counts.items():
            for token, n in values.items():
                counts[name][token] = counts[name].get(token, 0) + n
        start = (results.page - 1) * query.per_page  # a page past the end shows the last one
        rows.sort(key=lambda r: (r[1] is None, r[1] or 0.0, r[3].casefold(), _hex(r[0])))
        page = rows[start:start + query.per_page]
    results.facets = facet_values(counts, query)

    national = sorted((row for row in national_rows if passes(row[1], selected)),
                      key=lambda r: (r[2].casefold(), _hex(r[0])))
    wanted = [_uuid(r[0]) for r in page] + [_uuid(r[0]) for r in national]
    services = (Service.objects.select_related("organization")
                .prefetch_related("service_at_locations__location", "phones").in_bulk(wanted)
                if wanted else {})
    results.hits = [Hit(services[_uuid(sid)], miles, bool(covers))
                    for sid, miles, covers, _name in page if _uuid(sid) in services]
    results.national = [Hit(services[_uuid(r[0])]) for r in national if _uuid(r[0]) in services]
    return results
