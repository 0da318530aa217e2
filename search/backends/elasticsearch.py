"""Directory search on Elasticsearch 8 (elasticsearch-dsl), with the database's behaviour.

One multi-search per page: the local results (geo_distance filter or service-area match, sorted
by distance) with disjunctive facet aggregations, and the national section. Any transport or API
error is raised as ``SearchUnavailable`` so the caller can answer from the database.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import MultiSearch, Q, Search

from search.directory import SearchUnavailable
from search.directory.query import FACET_PREFIXES, DirectoryQuery, Hit, Results, facet_values
from search.directory.text import KeywordQuery
from search.documents import ServiceDocument

NATIONAL_LIMIT = 50
MAX_EXPANSIONS = 1000  # prefix expansions per stem; the database has no such limit
MAX_TIMEOUT = 2.0
_clients: dict[tuple, Elasticsearch] = {}


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-directory"


def client() -> Elasticsearch:
    timeout = min(float(settings.ELASTICSEARCH_TIMEOUT or MAX_TIMEOUT), MAX_TIMEOUT)
    key = (settings.ELASTICSEARCH_URL, timeout)
    if key not in _clients:
        _clients[key] = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=timeout, max_retries=0,
                                      retry_on_timeout=False)
    return _clients[key]


# --- building the request -------------------------------------------------------------------
def keyword_filter(keywords: KeywordQuery):
    """Every group must match; within a group any phrase (last stem as a prefix)."""
    clauses = []
    for group in keywords.groups:
        alternatives = [Q("match_phrase_prefix", search_text={"query": " ".join(phrase), "max_expansions": MAX_EXPANSIONS}) for phrase in group]
        clauses.append(alternatives[0] if len(alternatives) == 1 else Q("bool", should=alternatives,
                                                                         minimum_should_match=1))
    return clauses


def local_scope(query: DirectoryQuery, place):
    """Which non-national services count as local for this query (None: none do)."""
    if place is None:
        return None if query.location.strip() else Q("match_all")
    parts = []
    if query.radius_miles is not None:
        parts.append(Q("geo_distance", distance=f"{query.radius_miles:g}mi",
                       locations={"lat": place.latitude, "lon": place.longitude}))
    if place.la_code:
        parts.append(Q("term", la_codes=place.la_code))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q("bool", should=parts, minimum_should_match=1)


def facet_filters(selected: dict[str, set[str]], skip: str | None = None) -> list:
    return [Q("terms", facets=sorted(tokens)) for name, tokens in sorted(selected.items()) if name != skip]


def build_searches(query: DirectoryQuery, place, keywords: KeywordQuery) -> tuple[Search, Search]:
    """The two request bodies: local results with facet aggregations, and national services."""
    index = alias_name()
    base = [Q("term", status="active"), *keyword_filter(keywords)]
    selected = query.selected_tokens()
    scope = local_scope(query, place)
    national = Q("term", is_national=True)
    local = None if scope is None else Q("bool", filter=[Q("term", is_national=False), scope])
    either = national if local is None else Q("bool", should=[local, national], minimum_should_match=1)

    s = Search(index=index).query(Q("bool", filter=base + [either]))
    for name, prefix in FACET_PREFIXES.items():
        others = facet_filters(selected, skip=name)
        agg_filter = Q("bool", filter=others) if others else Q("match_all")
        s.aggs.bucket(name, "filter", filter=agg_filter).bucket(
            "values", "terms", field="facets", include=f"{prefix}.*", size=50)
    post = [Q("term", is_national=False)] + facet_filters(selected)
    if local is None:
        post.append(Q("match_none"))
    s = s.post_filter(Q("bool", filter=post))
    if place is not None:
        s = s.sort({"_geo_distance": {"locations": {"lat": place.latitude, "lon": place.longitude},
                                      "order": "asc", "unit": "mi", "mode": "min",
                                      "distance_type": "arc", "ignore_unmapped": True}},
                   "sort_name", "_id")
    else:
        s = s.sort("sort_name", "_id")
    start = (query.page - 1) * query.per_page
    s = s.extra(from_=start, size=query.per_page, track_total_hits=True).source(["la_codes"])

    n = Search(index=index).query(Q("bool", filter=base + [national] + facet_filters(selected)))
    n = n.sort("sort_name", "_id").extra(size=NATIONAL_LIMIT).source(False)
    return s, n


# --- running it -----------------------------------------------------------------------------
def search(query: DirectoryQuery, place, keywords: KeywordQuery, results: Results) -> Results:
    from search.models import Service

    local_search, national_search = build_searches(query, place, keywords)
    ms = MultiSearch(using=client()).add(local_search).add(national_search)
    try:
        local_response, national_response = ms.execute(raise_on_error=True)
        if local_response.hits.total.value and not local_response.hits and query.page > 1:
            # Asked for a page past the end: answer with the last page, as the database does.
            pages = -(-local_response.hits.total.value // query.per_page)
            query.page = pages
            local_search, national_search = build_searches(query, place, keywords)
            local_response = local_search.using(client()).execute()
    except (TransportError, ApiError) as exc:
        raise SearchUnavailable(str(exc)) from exc

    counts = {}
    for name in FACET_PREFIXES:
        buckets = getattr(local_response.aggregations, name).values.buckets
        counts[name] = {b.key: b.doc_count for b in buckets}
    results.facets = facet_values(counts, query)
    results.total = local_response.hits.total.value

    ids = [hit.meta.id for hit in local_response.hits]
    national_ids = [hit.meta.id for hit in national_response.hits]
    services = (Service.objects.select_related("organization")
                .prefetch_related("service_at_locations__location", "phones")
                .in_bulk(ids + national_ids, field_name="id")) if ids or national_ids else {}
    by_str = {str(pk): svc for pk, svc in services.items()}
    results.hits = []
    for hit in local_response.hits:
        svc = by_str.get(hit.meta.id)
        if svc is None:
            continue
        distance = None
        if place is not None:
            value = hit.meta.sort[0]
            distance = float(value) if value not in (None, "Infinity") and float(value) != float("inf") else None
        covers = bool(place and place.la_code and place.la_code in list(getattr(hit, "la_codes", []) or []))
        results.hits.append(Hit(svc, distance, covers))
    results.national = [Hit(by_str[i]) for i in national_ids if i in by_str]
    return results


# --- keeping the index up to date ---------------------------------------------------------
def _documents(services: Iterable) -> Iterable[dict]:
    for service in services:
        doc = ServiceDocument.from_service(service)
        yield {"_index": alias_name(), "_id": str(service.pk), "_source": doc.to_dict(include_meta=False)}


def _service_queryset():
    from search.models import Service

    return Service.objects.select_related("organization").prefetch_related(
        "service_at_locations__location", "service_areas")


def index_services(ids) -> None:
    services = list(_service_queryset().filter(pk__in=ids))
    bulk(client(), _documents(services), refresh=False)
    missing = set(map(str, ids)) - {str(s.pk) for s in services}
    delete_services(missing)


def delete_services(ids) -> None:
    for pk in ids:
        try:
            client().delete(index=alias_name(), id=str(pk))
        except ApiError as exc:
            if getattr(exc, "status_code", None) != 404:
                raise


def rebuild_index(stdout=None, chunk_size: int = 500) -> tuple[str, int]:
    """Create a new index, fill it, then point the alias at it and drop the old ones."""
    es = client().options(request_timeout=60)
    alias = alias_name()
    new_index = f"{alias}-{time.strftime('%Y%m%d%H%M%S')}"
    ServiceDocument._index.clone(name=new_index, using=es).create()
    qs = _service_queryset().order_by("pk")
    total = qs.count()
    done = 0
    batch = []
    for service in qs.iterator(chunk_size=chunk_size):
        batch.append(service)
        if len(batch) >= chunk_size:
            done += _index_batch(es, new_index, batch)
            batch = []
            if stdout:
                stdout.write(f"  indexed {done} of {total} ({done * 100 // max(total, 1)}%)")
    if batch:
        done += _index_batch(es, new_index, batch)
    es.indices.refresh(index=new_index)
    old = list(es.indices.get_alias(name=alias).keys()) if es.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    for name in old:
        es.indices.delete(index=name)
    return new_index, done


def _index_batch(es, index_name, services) -> int:
    docs = []
    for service in services:
        doc = ServiceDocument.from_service(service)
        docs.append({"_index": index_name, "_id": str(service.pk), "_source": doc.to_dict(include_meta=False)})
    bulk(es, docs)
    return len(docs)
