"""SQL for the database backend: the local candidates of a query, their facet counts and a page.

The candidates are one row per service (``sid, miles, covers, mask``): services with a
search point inside the radius, services whose service area covers the place's local authority,
or, with no place asked for, every service. Distances are the same haversine as
``search.geo.distance_miles``, evaluated in SQL so that only the counts and one page leave the
database.
"""

from __future__ import annotations

import math

from django.db import connection

from search.directory.facet_bits import mask_of_any
from search.directory.facets import REGISTRY
from search.directory.text import KeywordQuery
from search.geo import bounding_box

DEGREES_TO_RADIANS = math.pi / 180.0  # what math.radians multiplies by
MILES_PER_RADIAN_X2 = 7917.6  # twice the earth's radius, as in search.geo.distance_miles

POINT = "search_servicepoint"
SERVICE = "search_service"
AREA = "search_servicearea"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def has_token(column: str) -> str:
    """SQL true when ``column`` contains the string given as a parameter."""
    return f"strpos({column}, %s) > 0" if _postgres() else f"instr({column}, %s) > 0"


def tsquery_text(keywords: KeywordQuery) -> str:
    """The keyword groups as a PostgreSQL tsquery: every group, any phrase, last stem a prefix."""
    parts = []
    for group in keywords.groups:
        alts = []
        for phrase in group:
            words = [f"'{w}'" for w in phrase]
            words[-1] += ":*"
            alts.append("(" + " <-> ".join(words) + ")")
        parts.append("(" + " | ".join(alts) + ")")
    return " & ".join(parts)


def keyword_sql(keywords: KeywordQuery, text_column: str, vector_column: str | None) -> tuple[str, list]:
    """SQL true when the stemmed text matches the keywords: the GIN-indexed tsquery on
    PostgreSQL when a ``vector_column`` is given, else a substring test on ``text_column`` (the
    same meaning, see ``search.directory.text.matches``; cheap on rows another index found)."""
    if not keywords:
        return "1 = 1", []
    if _postgres() and vector_column:
        return f"{vector_column} @@ to_tsquery('simple'::regconfig, %s)", [tsquery_text(keywords)]
    groups, params = [], []
    for group in keywords.groups:
        alts = []
        for phrase in group:
            alts.append(has_token(text_column))
            params.append(" " + " ".join(phrase))
        groups.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(groups), params


def distance_sql(place, lat: str, lon: str) -> tuple[str, list]:
    """Miles from the place to (``lat``, ``lon``): the operations of ``search.geo.distance_miles``."""
    phi0 = math.radians(place.latitude)
    least = "LEAST" if _postgres() else "MIN"
    sql = (f"{MILES_PER_RADIAN_X2} * ASIN({least}(1.0, SQRT("
           f"POWER(SIN(({lat} * %s - %s) / 2), 2) + %s * COS({lat} * %s) * POWER(SIN((({lon} - %s) * %s) / 2), 2))))")
    params = [DEGREES_TO_RADIANS, phi0, math.cos(phi0), DEGREES_TO_RADIANS, place.longitude, DEGREES_TO_RADIANS]
    return sql, params


def mask_sql(column: str) -> tuple[str, list]:
    """The facet mask of a token-list column, worked out in SQL (for services found without a point)."""
    bits = REGISTRY.bits
    terms = [f"CASE WHEN {has_token(column)} THEN {bit} ELSE 0 END" for bit in bits.values()]
    return "(" + " + ".join(terms) + ")", [f" {token} " for token in bits]


def candidates_sql(query, place, keywords: KeywordQuery) -> tuple[str, list] | None:
    """``SELECT sid, miles, covers, mask`` for the local candidates, or None if there are none."""
    branches, params = [], []
    active = "status = 'active' AND NOT {0}.is_national"
    if place:
        radius = query.radius_miles
        if radius is not None:
            box = bounding_box(place.latitude, place.longitude, radius)
            dist, dist_params = distance_sql(place, "p.latitude", "p.longitude")
            # The bounding box is the selective part: test the point's own copy of the text.
            kw, kw_params = keyword_sql(keywords, "p.search_text", None)
            branches.append(
                f"SELECT p.service_id AS sid, {dist} AS miles, 0 AS covers, p.facet_mask AS mask "
                f"FROM {POINT} p WHERE p.{active.format('p')} "
                f"AND p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s AND {dist} <= %s AND {kw}")
            params += [*dist_params, box.min_lat, box.max_lat, box.min_lon, box.max_lon, *dist_params, radius,
                       *kw_params]
        if place.la_code:  # distance and mask are filled in below for services not found nearby
            kw, kw_params = keyword_sql(keywords, "s.search_text", "s.search_vector")
            branches.append(
                f"SELECT a.service_id AS sid, CAST(NULL AS double precision) AS miles, 1 AS covers, "
                f"CAST(NULL AS bigint) AS mask FROM {AREA} a JOIN {SERVICE} s ON s.id = a.service_id "
                f"WHERE a.la_code = %s AND s.{active.format('s')} AND {kw}")
            params += [place.la_code, *kw_params]
    elif not query.location:
        mask, mask_params = mask_sql("s.facet_tokens")
        kw, kw_params = keyword_sql(keywords, "s.search_text", "s.search_vector")
        branches.append(
            f"SELECT s.id AS sid, CAST(NULL AS double precision) AS miles, 0 AS covers, {mask} AS mask "
            f"FROM {SERVICE} s WHERE s.{active.format('s')} AND {kw}")
        params += [*mask_params, *kw_params]
    if not branches:
        return None
    union = " UNION ALL ".join(branches)
    if not place:  # one row per service already
        return union, params
    # One row per service: the nearest point, whether it covers the area; a service found only
    # through its area is as far as its nearest office (None if it has none).
    dist, dist_params = distance_sql(place, "q.latitude", "q.longitude")
    mask, mask_params = mask_sql("m.facet_tokens")
    return (f"SELECT g.sid, COALESCE(g.miles, (SELECT MIN({dist}) FROM {POINT} q WHERE q.service_id = g.sid)) "
            f"AS miles, g.covers, COALESCE(g.mask, (SELECT {mask} FROM {SERVICE} m WHERE m.id = g.sid)) AS mask "
            f"FROM (SELECT sid, MIN(miles) AS miles, MAX(covers) AS covers, MAX(mask) AS mask "
            f"FROM ({union}) u GROUP BY sid) g"), [*dist_params, *mask_params, *params]


def facet_bits() -> dict[str, list[tuple[str, int]]]:
    """Facet or flag name -> (token, bit value) for every token it may count."""
    return {f.name: [(token, 1 << bit) for token, bit in f.bits()] for f in REGISTRY.filters}


def passes_sql(selected: dict[str, set[str]], skip: str | None = None) -> str:
    """SQL true when ``c.mask`` meets every selected facet except ``skip``."""
    clauses = [f"(c.mask & {mask_of_any(wanted)}) <> 0" for name, wanted in sorted(selected.items()) if name != skip]
    return " AND ".join(clauses) or "1 = 1"


def search(candidates: tuple[str, list], selected: dict[str, set[str]], limit: int) -> tuple[dict, int, list]:
    """One statement over the candidates: disjunctive facet counts, how many pass every
    selection, and ``(sid, miles, covers, name)`` of the passing rows nearest first: at least the
    first ``limit`` of them and every row tied on distance with the last of those (the caller
    breaks ties by name).

    A token of facet F counts the candidates holding it that meet every selection but F's (see
    ``search.directory.query.count_facets``)."""
    sql, params = candidates
    columns, keys = [], []
    for name, tokens in facet_bits().items():
        others = passes_sql(selected, skip=name)
        for token, bit in tokens:
            columns.append(f"SUM(CASE WHEN (c.mask & {bit}) <> 0 AND {others} THEN 1 ELSE 0 END)")
            keys.append((name, token))
    every = passes_sql(selected)
    columns.append(f"SUM(CASE WHEN {every} THEN 1 ELSE 0 END)")
    slack = 20
    statement = (
        f"WITH c AS MATERIALIZED ({sql}), "
        f"t AS (SELECT {', '.join(columns)} FROM c), "
        f"n AS (SELECT c.sid, c.miles, c.covers FROM c WHERE {every} ORDER BY c.miles IS NULL, c.miles LIMIT %s) "
        f"SELECT t.*, p.* FROM t LEFT JOIN (SELECT n.sid, n.miles, n.covers, s.name FROM n "
        f"JOIN {SERVICE} s ON s.id = n.sid) p ON 1 = 1")
    with connection.cursor() as cursor:
        cursor.execute(statement, params + [limit + slack])
        fetched = cursor.fetchall()
    width = len(columns)
    first = fetched[0]
    found: dict[str, dict[str, int]] = {name: {} for name in REGISTRY.prefixes}
    for (name, token), n in zip(keys, first):
        if n:
            found[name][token] = int(n)
    rows = [row[width:] for row in fetched if row[width] is not None]
    rows.sort(key=lambda r: (r[1] is None, r[1] or 0.0))
    if len(rows) == limit + slack and rows[-1][1] == rows[limit - 1][1]:
        rows = _rows_up_to(candidates, every, rows[limit - 1][1])
    return found, int(first[width - 1] or 0), rows


def _rows_up_to(candidates: tuple[str, list], every: str, cutoff: float | None) -> list[tuple]:
    """Every passing row no farther than ``cutoff`` (all of them when it is None)."""
    sql, params = candidates
    statement = (f"WITH c AS MATERIALIZED ({sql}) SELECT c.sid, c.miles, c.covers, s.name FROM c "
                 f"JOIN {SERVICE} s ON s.id = c.sid WHERE {every}")
    with connection.cursor() as cursor:
        if cutoff is None:
            cursor.execute(statement, params)
        else:
            cursor.execute(f"{statement} AND c.miles <= %s", params + [cutoff])
        return cursor.fetchall()
