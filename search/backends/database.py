"""Directory search on the database: SQLite (LIKE on stemmed text) or PostgreSQL (tsquery + GIN).

Steps: resolve the place; fetch candidate rows (services near the place, services whose service
area covers its local authority, and national services) with their facet tokens; then filter,
count facets disjunctively, order by distance and paginate in Python; finally load the full
records for the one page shown.
"""

from __future__ import annotations

import math
import uuid

from django.db import connection
from django.db.models import CharField, Q
from django.db.models.functions import Cast

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


def _service_q(query_keywords: KeywordQuery, prefix: str = "", use_status_index: bool = True) -> Q:
    # Near a place, the location's bounding box is the selective part; an equality on the
    # service's status index would tempt SQLite's planner (which has no statistics) to start
    # from every active service instead. ``iexact`` keeps the same meaning without the index.
    status = Q(**{f"{prefix}status": "active"}) if use_status_index else Q(**{f"{prefix}status__iexact": "active"})
    return status & keyword_q(query_keywords, prefix)


def _point_keyword_q(keywords: KeywordQuery) -> Q:
    """Keywords on a ServicePoint: its own copy of the text on SQLite, the service's GIN-indexed
    vector on PostgreSQL."""
    if connection.vendor == "postgresql":
        return keyword_q(keywords, "service__")
    return keyword_q(keywords)


def _text_id(field: str):
    """Read a UUID column as text: converting thousands of candidates to UUID objects is slow."""
    return Cast(field, output_field=CharField())


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def search(query: DirectoryQuery, place, keywords: KeywordQuery, results: Results) -> Results:
    from search.models import Service, ServiceArea, ServiceAtLocation, ServicePoint

    rows: dict = {}  # id -> [tokens, name, distance, covers_area, is_national]
    if place:
        radius = query.radius_miles
        if radius is not None:
            box = bounding_box(place.latitude, place.longitude, radius)
            near = ServicePoint.objects.filter(
                _point_keyword_q(keywords), status="active", is_national=False,
                latitude__range=(box.min_lat, box.max_lat), longitude__range=(box.min_lon, box.max_lon),
            ).annotate(sid=_text_id("service_id")).values_list(
                "sid", "latitude", "longitude", "facet_tokens", "name")
            distance = _distance_from(place.latitude, place.longitude)
            for sid, lat, lon, tokens, name in near:
                miles = distance(lat, lon)
                if miles > radius:
                    continue
                row = rows.get(sid)
                if row is None:
                    rows[sid] = [tokens, name, miles, False]
                elif miles < row[2]:
                    row[2] = miles
        if place.la_code:
            area = ServiceArea.objects.filter(
                _service_q(keywords, "service__", use_status_index=False), service__is_national=False, la_code=place.la_code,
            ).annotate(sid=_text_id("service_id")).values_list("sid", "service__facet_tokens", "service__name")
            missing = []
            for sid, tokens, name in area:
                if sid in rows:
                    rows[sid][3] = True
                else:
                    rows[sid] = [tokens, name, None, True]
                    missing.append(sid)
            if missing:  # distance to the nearest office of services that cover the area
                for sid, lat, lon in ServiceAtLocation.objects.filter(
                        service_id__in=[_uuid(m) for m in missing], location__search_latitude__isnull=False
                ).annotate(sid=_text_id("service_id")).values_list(
                        "sid", "location__search_latitude", "location__search_longitude"):
                    miles = distance_miles(place.latitude, place.longitude, lat, lon)
                    if rows[sid][2] is None or miles < rows[sid][2]:
                        rows[sid][2] = miles
    elif not query.location:
        for sid, tokens, name in Service.objects.filter(
                _service_q(keywords), is_national=False).annotate(sid=_text_id("id")).values_list(
                "sid", "facet_tokens", "name"):
            rows[sid] = [tokens, name, None, False]
    national_rows = {
        sid: [tokens, name, None, False]
        for sid, tokens, name in Service.objects.filter(_service_q(keywords), is_national=True)
        .annotate(sid=_text_id("id")).values_list("sid", "facet_tokens", "name")
    }
    return assemble(query, rows, national_rows, results)


def _distance_from(lat0: float, lon0: float):
    """A fast haversine (miles) from a fixed point; same formula as ``search.geo.distance_miles``."""
    phi0 = math.radians(lat0)
    cos0 = math.cos(phi0)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt

    def distance(lat: float, lon: float) -> float:
        phi = radians(lat)
        h = sin((phi - phi0) / 2) ** 2 + cos0 * cos(phi) * sin(radians(lon - lon0) / 2) ** 2
        return 7917.6 * asin(sqrt(h) if h < 1.0 else 1.0)

    return distance


def assemble(query: DirectoryQuery, rows: dict, national_rows: dict, results: Results) -> Results:
    """Filter, count, order and paginate candidate rows; load the page's services."""
    from search.models import Service

    selected = query.selected_tokens()
    parsed: dict[str, frozenset] = {}  # many services share the same combination of tokens

    def tokens_of(text: str) -> frozenset:
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = frozenset(text.split())
        return found

    token_sets = {sid: tokens_of(row[0]) for sid, row in rows.items()}
    national_sets = {sid: tokens_of(row[0]) for sid, row in national_rows.items()}
    counts = count_facets(list(token_sets.values()) + list(national_sets.values()), selected)
    results.facets = facet_values(counts, query)

    local = [(sid, row) for sid, row in rows.items() if passes(token_sets[sid], selected)]
    local.sort(key=lambda item: (item[1][2] is None, item[1][2] or 0.0, item[1][1].casefold(), item[0].replace("-", "")))
    national = [(sid, row) for sid, row in national_rows.items() if passes(national_sets[sid], selected)]
    national.sort(key=lambda item: (item[1][1].casefold(), item[0].replace("-", "")))
    results.total = len(local)
    start = (results.page - 1) * query.per_page
    page = local[start:start + query.per_page]

    wanted = [_uuid(sid) for sid, _ in page] + [_uuid(sid) for sid, _ in national]
    services = (Service.objects.select_related("organization")
                .prefetch_related("service_at_locations__location", "phones").in_bulk(wanted)
                if wanted else {})
    results.hits = [Hit(services[_uuid(sid)], row[2], row[3]) for sid, row in page if _uuid(sid) in services]
    results.national = [Hit(services[_uuid(sid)]) for sid, _row in national if _uuid(sid) in services]
    return results
