"""The exact request bodies the Elasticsearch backend sends, the document it indexes, and the
fallback to the database when Elasticsearch cannot be reached. No cluster needed."""

import logging
import time

import pytest
from django.core.management import CommandError, call_command

from search.directory import DirectoryQuery, find_services
from search.directory.backends.elasticsearch import build_searches
from search.directory.documents import ServiceDocument
from search.directory.text import parse_keywords
from search.geo import lookup

from .. import factories as f

CF10 = {"lat": 51.473665, "lon": -3.177266}
AGG_PREFIXES = {"service_type": "type:.*", "referral": "refer:.*", "risk": "risk:.*", "delivery": "deliver:.*",
                "language": "lang:.*", "accredited": "flag:accredited.*", "free": "flag:free.*"}


def aggs(selected_by_facet: dict) -> dict:
    """Expected facet aggregations: each filtered by every *other* facet's selection."""
    out = {}
    for name, include in AGG_PREFIXES.items():
        others = [{"terms": {"facets": tokens}} for facet, tokens in sorted(selected_by_facet.items())
                  if facet != name]
        out[name] = {"filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                     "aggs": {"values": {"terms": {"field": "facets", "include": include, "size": 50}}}}
    return out


def test_postcode_keyword_and_filter_request(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "portal"
    query = DirectoryQuery(location="CF10", keywords="housing", referral=["self"], page=2)
    local, national = build_searches(query, lookup("CF10"), parse_keywords("housing"))
    keyword = {"match_phrase_prefix": {"search_text": {"query": "hous", "max_expansions": 1000}}}
    assert local._index == ["portal-directory"]
    assert local.to_dict() == {
        "query": {"bool": {"filter": [
            {"term": {"status": "active"}},
            keyword,
            {"bool": {"should": [
                {"bool": {"filter": [
                    {"term": {"is_national": False}},
                    {"bool": {"should": [
                        {"geo_distance": {"distance": "25mi", "locations": CF10}},
                        {"term": {"la_codes": "W06000015"}},
                    ], "minimum_should_match": 1}},
                ]}},
                {"term": {"is_national": True}},
            ], "minimum_should_match": 1}},
        ]}},
        "post_filter": {"bool": {"filter": [{"term": {"is_national": False}},
                                            {"terms": {"facets": ["refer:self"]}}]}},
        "aggs": aggs({"referral": ["refer:self"]}),
        "sort": [{"_geo_distance": {"locations": CF10, "order": "asc", "unit": "mi", "mode": "min",
                                    "distance_type": "arc", "ignore_unmapped": True}}, "sort_name", "_id"],
        "from": 10, "size": 10, "track_total_hits": True, "_source": ["la_codes"],
    }
    assert national.to_dict() == {
        "query": {"bool": {"filter": [{"term": {"status": "active"}}, keyword,
                                      {"term": {"is_national": True}},
                                      {"terms": {"facets": ["refer:self"]}}]}},
        "sort": ["sort_name", "_id"], "size": 50, "_source": False,
    }


def test_covers_my_area_request_has_no_distance_filter():
    query = DirectoryQuery(location="Cardiff", distance="area", risk=["high", "medium"], free=True)
    local, _ = build_searches(query, lookup("Cardiff"), parse_keywords(""))
    body = local.to_dict()
    assert body["query"] == {"bool": {"filter": [
        {"term": {"status": "active"}},
        {"bool": {"should": [
            {"bool": {"filter": [{"term": {"is_national": False}}, {"term": {"la_codes": "W06000015"}}]}},
            {"term": {"is_national": True}},
        ], "minimum_should_match": 1}},
    ]}}
    assert body["post_filter"] == {"bool": {"filter": [
        {"term": {"is_national": False}},
        {"terms": {"facets": ["flag:free"]}},
        {"terms": {"facets": ["risk:high", "risk:medium"]}},
    ]}}
    assert body["aggs"] == aggs({"free": ["flag:free"], "risk": ["risk:high", "risk:medium"]})


def test_synonym_groups_become_alternative_phrases():
    local, _ = build_searches(DirectoryQuery(keywords="anger"), None, parse_keywords("anger"))
    body = local.to_dict()
    group = body["query"]["bool"]["filter"][1]
    assert group == {"bool": {"should": [
        {"match_phrase_prefix": {"search_text": {"query": q, "max_expansions": 1000}}}
        for q in ("anger", "behaviour chang", "perpetrator programm", "abusiv behaviour")
    ], "minimum_should_match": 1}}
    # With no place, everything non-national is local, sorted by name.
    assert body["sort"] == ["sort_name", "_id"]
    assert body["query"]["bool"]["filter"][2] == {"bool": {"should": [
        {"bool": {"filter": [{"term": {"is_national": False}}, {"match_all": {}}]}},
        {"term": {"is_national": True}}], "minimum_should_match": 1}}


def test_unknown_place_asks_only_for_national_services():
    local, national = build_searches(DirectoryQuery(location="ZZ99 9ZZ"), None, parse_keywords(""))
    body = local.to_dict()
    assert body["query"] == {"bool": {"filter": [{"term": {"status": "active"}},
                                                 {"term": {"is_national": True}}]}}
    assert {"match_none": {}} in body["post_filter"]["bool"]["filter"]


def test_index_mapping_has_geo_point_synonyms_and_search_as_you_type():
    mapping = ServiceDocument._index.to_dict()
    props = mapping["mappings"]["properties"]
    assert props["locations"] == {"type": "geo_point"}
    assert props["facets"] == {"type": "keyword"}
    assert props["name"]["fields"]["suggest"] == {"type": "search_as_you_type"}
    analysis = mapping["settings"]["analysis"]
    assert analysis["filter"]["directory_synonyms"]["type"] == "synonym_graph"
    assert "dvpp, domestic violence perpetrator programme, behaviour change" in (
        analysis["filter"]["directory_synonyms"]["synonyms"])
    assert props["name"]["search_analyzer"] == "directory_english_search"


@pytest.mark.django_db
def test_document_never_carries_a_confidential_address():
    svc = f.service("Refuge", postcode="CF24 0AE", confidential=True, areas=[f.CARDIFF])
    loc = svc.service_at_locations.get().location
    doc = ServiceDocument.from_service(svc).to_dict()
    # The document places a confidential location where the public may: its town's point.
    assert doc["locations"] == [{"lat": loc.search_latitude, "lon": loc.search_longitude}]
    assert (loc.search_latitude, loc.search_longitude) == loc.public_coordinates()
    assert (loc.search_latitude, loc.search_longitude) != (loc.latitude, loc.longitude)
    assert "CF24" not in str(doc) and loc.address_1 not in str(doc)
    assert doc["la_codes"] == ["W06000015"] and "type:behaviour-change-group" in doc["facets"]


@pytest.mark.django_db
def test_falls_back_to_the_database_when_elasticsearch_is_down(settings, cardiff_services, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    expected = find_services(DirectoryQuery(location="CF10", referral=["self"]), backend="database")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="search.directory"):
        results = find_services(DirectoryQuery(location="CF10", referral=["self"]))
    assert time.monotonic() - started < 3
    assert results.fell_back and results.backend == "database"
    assert results.ids() == expected.ids() and results.total == expected.total
    assert "Elasticsearch unavailable" in caplog.text


@pytest.mark.django_db
def test_search_page_still_answers_when_elasticsearch_is_down(settings, client, cardiff_services):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/find-a-service/?location=CF10")
    assert response.status_code == 200 and "Cardiff group" in response.content.decode()


@pytest.mark.django_db
def test_saving_a_service_with_elasticsearch_down_still_saves(settings, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with django_capture_on_commit_callbacks(execute=True):
        svc = f.service("Saved anyway", postcode="CF10 1AE")
    assert svc.pk


def test_rebuild_command_explains_when_there_is_no_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("rebuild_directory_index")


def test_rebuild_command_reports_an_unreachable_cluster(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with pytest.raises(CommandError, match="Could not rebuild the index"):
        call_command("rebuild_directory_index")
