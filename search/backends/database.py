"""Directory search on the database: SQLite (LIKE on stemmed text) or PostgreSQL (tsquery + GIN).

Steps: resolve the place; fetch candidate rows (services near the place, services whose service
area covers its local authority, and national services) with their facet tokens; then filter,
count facets disjunctively, order by distance and paginate in Python; finally load the full
records for the one page shown.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from search.directory.query import DirectoryQuery, Hit, Results, count_facets, facet_values, passes
from search.directory.text import KeywordQuery
from search.geo import bounding_box, distance_miles


def keyword_q(keywords: KeywordQuery, prefix: str = "") -> Q:
    """A Q object for the keyword groups on Service (``prefix`` reaches it through a relation)."""
    q = Q()
    if not keywords:
        return q
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        parts = []
        for group in keywords.groups:
            alts = []
            for phrase in group:
                words = [f"'{w}'" for w in phrase]
                words[-1] += ":*"
                alts.append("(" + " <-> ".join(words) + ")")
            parts.append("(" + " | ".join(alts) + ")")
        tsquery = SearchQuery(" & ".join(parts), config="simple", search_type="raw")
        return Q(**{f"{prefix}search_vector": tsquery})
    for group in keywords.groups:
        alt = Q()
        for phrase in group:
            alt |= Q(**{f"{prefix}search_text__contains": " " + " ".join(phrase)})
        q &= alt
    return q


def _service_q(query_keywords: KeywordQuery, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": "active"}) & keyword_q(query_keywords, prefix)


def search(query: DirectoryQuery, place, keywords: KeywordQuery, results: Results) -> Results:
    from search.models import Service, ServiceArea, ServiceAtLocation

    rows: dict = {}  # id -> [tokens, name, distance, covers_area, is_national]
    if place:
        radius = query.radius_miles
        if radius is not None:
            box = bounding_box(place.latitude, place.longitude, radius)
            near = ServiceAtLocation.objects.filter(
                _service_q(keywords, "service__"),
                service__is_national=False,
                location__search_latitude__range=(box.min_lat, box.max_lat),
                location__search_longitude__range=(box.min_lon, box.max_lon),
            ).values_list("service_id", "location__search_latitude", "location__search_longitude",
                          "service__facet_tokens", "service__name")
            for sid, lat, lon, tokens, name in near:
                miles = distance_miles(place.latitude, place.longitude, lat, lon)
                if miles > radius:
                    continue
                row = rows.get(sid)
                if row is None:
                    rows[sid] = [tokens, name, miles, False]
                elif miles < row[2]:
                    row[2] = miles
        if place.la_code:
            area = ServiceArea.objects.filter(
                _service_q(keywords, "service__"), service__is_national=False, la_code=place.la_code,
            ).values_list("service_id", "service__facet_tokens", "service__name")
            missing = []
            for sid, tokens, name in area:
                if sid in rows:
                    rows[sid][3] = True
                else:
                    rows[sid] = [tokens, name, None, True]
                    missing.append(sid)
            if missing:  # distance to the nearest office of services that cover the area
                for sid, lat, lon in ServiceAtLocation.objects.filter(
                        service_id__in=missing, location__search_latitude__isnull=False).values_list(
                        "service_id", "location__search_latitude", "location__search_longitude"):
                    miles = distance_miles(place.latitude, place.longitude, lat, lon)
                    if rows[sid][2] is None or miles < rows[sid][2]:
                        rows[sid][2] = miles
    elif not query.location:
        for sid, tokens, name in Service.objects.filter(
                _service_q(keywords), is_national=False).values_list("id", "facet_tokens", "name"):
            rows[sid] = [tokens, name, None, False]
    national_rows = {
        sid: [tokens, name, None, False]
        for sid, tokens, name in Service.objects.filter(_service_q(keywords), is_national=True)
        .values_list("id", "facet_tokens", "name")
    }
    return assemble(query, rows, national_rows, results)


def assemble(query: DirectoryQuery, rows: dict, national_rows: dict, results: Results) -> Results:
    """Filter, count, order and paginate candidate rows; load the page's services."""
    from search.models import Service

    selected = query.selected_tokens()
    token_sets = {sid: set(row[0].split()) for sid, row in rows.items()}
    national_sets = {sid: set(row[0].split()) for sid, row in national_rows.items()}
    counts = count_facets(list(token_sets.values()) + list(national_sets.values()), selected)
    results.facets = facet_values(counts, query)

    local = [(sid, row) for sid, row in rows.items() if passes(token_sets[sid], selected)]
    local.sort(key=lambda item: (item[1][2] is None, item[1][2] or 0.0, item[1][1].casefold(), str(item[0])))
    national = [(sid, row) for sid, row in national_rows.items() if passes(national_sets[sid], selected)]
    national.sort(key=lambda item: (item[1][1].casefold(), str(item[0])))
    results.total = len(local)
    start = (results.page - 1) * query.per_page
    page = local[start:start + query.per_page]

    wanted = [sid for sid, _ in page] + [sid for sid, _ in national]
    services = (Service.objects.select_related("organization")
                .prefetch_related("service_at_locations__location", "phones").in_bulk(wanted)
                if wanted else {})
    results.hits = [Hit(services[sid], row[2], row[3]) for sid, row in page if sid in services]
    results.national = [Hit(services[sid]) for sid, _row in national if sid in services]
    return results
