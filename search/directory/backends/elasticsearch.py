"""Directory search on Elasticsearch 8 (elasticsearch-dsl), with the database's behaviour.

One multi-search per page: the local results (geo_distance filter or service-area match, sorted
by distance) with disjunctive facet aggregations, and the national section. Any transport or API
error is raised as ``SearchUnavailable`` so the caller can answer from the database.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Q, Search

from search.directory.backends.base import SearchUnavailable
from search.directory.documents import ServiceDocument
from search.directory.facets import REGISTRY
from search.directory.query import DirectoryQuery, Hit, Results, facet_values
from search.directory.text import KeywordQuery
from search.models import Service

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
        alternatives = [Q("match_phrase_prefix",
                          search_text={"query": " ".join(phrase), "max_expansions": MAX_EXPANSIONS})
                        for phrase in group]
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
    for name, prefix in REGISTRY.prefixes.items():
        others = facet_filters(selected, skip=name)
        agg_filter = Q("bool", filter=others) if others else Q("match_all")
        s.aggs.bucket(name, "filter", filter=agg_filter).bucket(
            "values", "terms", field="facets", include=f"{re.escape(prefix)}.*", size=50)
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


# --- the engine ------------------------------------------------------------------------------
class ClientEngine:
    """The calls the directory makes, through the Elasticsearch client (``ELASTICSEARCH_URL``).

    Every method takes and returns plain request and response bodies, so the same requests can
    be sent to any node that speaks the API (the tests send them over plain HTTP)."""

    def __init__(self, es: Elasticsearch | None = None):
        self.es = es or client()

    def msearch(self, index: str, bodies: list[dict]) -> list[dict]:
        searches = []
        for body in bodies:
            searches += [{"index": index}, body]
        try:
            answer = self.es.msearch(searches=searches).body
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        return _responses(answer)

    def bulk(self, actions: list[dict], require_alias: bool = False) -> None:
        bulk(self.es, actions, require_alias=require_alias or None)

    def delete(self, index: str, doc_id: str) -> None:
        try:
            self.es.delete(index=index, id=doc_id)
        except ApiError as exc:
            if getattr(exc, "status_code", None) != 404:
                raise

    def create_index(self, name: str, body: dict) -> None:
        self.es.options(request_timeout=60).indices.create(index=name, **body)

    def refresh(self, index: str) -> None:
        self.es.options(request_timeout=60).indices.refresh(index=index)

    def indices_of(self, alias: str) -> list[str]:
        if not self.es.indices.exists_alias(name=alias):
            return []
        return sorted(self.es.indices.get_alias(name=alias).keys())

    def update_aliases(self, actions: list[dict]) -> None:
        self.es.options(request_timeout=60).indices.update_aliases(actions=actions)

    def delete_index(self, name: str) -> None:
        self.es.options(request_timeout=60).indices.delete(index=name)


def _responses(answer: dict) -> list[dict]:
    """The responses of a multi-search; an error in any of them makes the search unavailable."""
    responses = answer["responses"]
    for response in responses:
        if "error" in response:
            raise SearchUnavailable(str(response["error"]))
    return responses


# --- running it -----------------------------------------------------------------------------
def search(query: DirectoryQuery, place, keywords: KeywordQuery, results: Results, engine=None) -> Results:
    engine = engine or ClientEngine()
    local_search, national_search = build_searches(query, place, keywords)
    local, national = engine.msearch(alias_name(), [local_search.to_dict(), national_search.to_dict()])
    total = local["hits"]["total"]["value"]
    if total and not local["hits"]["hits"] and query.page > 1:
        # Asked for a page past the end: answer with the last page, as the database does.
        query.page = -(-total // query.per_page)
        local_search, _ = build_searches(query, place, keywords)
        (local,) = engine.msearch(alias_name(), [local_search.to_dict()])
    return read_results(local, national, query, place, results)


def read_results(local: dict, national: dict, query: DirectoryQuery, place, results: Results) -> Results:
    """Fill ``results`` from the two responses (plain bodies) of ``build_searches``' requests."""

    counts = {}
    for name in REGISTRY.prefixes:
        buckets = local["aggregations"][name]["values"]["buckets"]
        counts[name] = {b["key"]: b["doc_count"] for b in buckets}
    results.facets = facet_values(counts, query)
    results.total = local["hits"]["total"]["value"]

    local_hits = local["hits"]["hits"]
    ids = [hit["_id"] for hit in local_hits]
    national_ids = [hit["_id"] for hit in national["hits"]["hits"]]
    services = (Service.objects.select_related("organization")
                .prefetch_related("service_at_locations__location", "phones")
                .in_bulk(ids + national_ids, field_name="id")) if ids or national_ids else {}
    by_str = {str(pk): svc for pk, svc in services.items()}
    results.hits = []
    for hit in local_hits:
        svc = by_str.get(hit["_id"])
        if svc is None:
            continue
        results.hits.append(Hit(svc, _distance(hit, place), _covers(hit, place)))
    results.national = [Hit(by_str[i]) for i in national_ids if i in by_str]
    return results


def _distance(hit: dict, place) -> float | None:
    """The geo sort value in miles; a service with no search point sorts as infinitely far."""
    if place is None:
        return None
    value = hit["sort"][0]
    if value is None or value == "Infinity" or float(value) == float("inf"):
        return None
    return float(value)


def _covers(hit: dict, place) -> bool:
    return bool(place and place.la_code and place.la_code in (hit.get("_source") or {}).get("la_codes", []))


# --- keeping the index up to date ---------------------------------------------------------
def _service_queryset():

    return Service.objects.select_related("organization").prefetch_related(
        "service_at_locations__location", "service_areas")


def document_actions(services: Iterable, index: str) -> list[dict]:
    """Bulk index actions for ``services`` into ``index``."""
    return [{"_index": index, "_id": str(service.pk),
             "_source": ServiceDocument.from_service(service).to_dict(include_meta=False)}
            for service in services]


def index_body() -> dict:
    """Settings (analyzers) and mappings of a directory index."""
    return ServiceDocument._index.to_dict()


def index_services(ids, engine=None) -> None:
    engine = engine or ClientEngine()
    services = list(_service_queryset().filter(pk__in=ids))
    # Into the alias only: before the first rebuild there is none, and a write must not create
    # an index of that name with guessed mappings (the rebuild then indexes the service).
    engine.bulk(document_actions(services, alias_name()), require_alias=True)
    missing = set(map(str, ids)) - {str(s.pk) for s in services}
    delete_services(missing, engine)


def delete_services(ids, engine=None) -> None:
    engine = engine or ClientEngine()
    for pk in ids:
        engine.delete(alias_name(), str(pk))


def alias_actions(alias: str, old: list[str], new_index: str) -> list[dict]:
    """One atomic alias update: every search sees either the old index or the new one."""
    return [*({"remove": {"index": name, "alias": alias}} for name in old),
            {"add": {"index": new_index, "alias": alias}}]


def new_index_name(alias: str) -> str:
    return f"{alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000:06d}"


def rebuild_index(stdout=None, chunk_size: int = 500, engine=None) -> tuple[str, int]:
    """Create a new index, fill it, then point the alias at it and drop the old ones."""
    engine = engine or ClientEngine(client().options(request_timeout=60))
    alias = alias_name()
    new_index = new_index_name(alias)
    engine.create_index(new_index, index_body())
    qs = _service_queryset().order_by("pk")
    total = qs.count()
    done = 0
    batch = []
    for service in qs.iterator(chunk_size=chunk_size):
        batch.append(service)
        if len(batch) >= chunk_size:
            engine.bulk(document_actions(batch, new_index))
            done += len(batch)
            batch = []
            if stdout:
                stdout.write(f"  indexed {done} of {total} ({done * 100 // max(total, 1)}%)")
    if batch:
        engine.bulk(document_actions(batch, new_index))
        done += len(batch)
    engine.refresh(new_index)
    old = [name for name in engine.indices_of(alias) if name != new_index]
    engine.update_aliases(alias_actions(alias, old, new_index))
    for name in old:
        engine.delete_index(name)
    return new_index, done
