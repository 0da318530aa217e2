"""Both backends on the same data give the same answers. Needs a real cluster: runs only when
ELASTICSEARCH_URL is set (no Elasticsearch can be installed on the development machines)."""

import os
import uuid

import pytest

from search.directory import DirectoryQuery, find_services

from . import factories as f

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"),
                       reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to compare against"),
]

QUERIES = [
    DirectoryQuery(location="CF10 1EP"),
    DirectoryQuery(location="CF10", keywords="anger"),
    DirectoryQuery(location="Cardiff", distance="area"),
    DirectoryQuery(location="CF10", distance="1"),
    DirectoryQuery(location="CF10", referral=["self", "panel"], risk=["high"]),
    DirectoryQuery(location="CF10", keywords="perpatrator housing"),
    DirectoryQuery(location="ZZ99 9ZZ"),
    DirectoryQuery(keywords="DVPP"),
    DirectoryQuery(location="CF10", per_page=2, page=2),
]


@pytest.fixture
def indexed(settings, cardiff_services):
    from search.backends import elasticsearch as es_backend

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
    f.service("Housing for perpetrators", postcode="CF10 1AE", service_types=["housing"])
    f.service("DVPP Cardiff", postcode="CF11 0AE", description="Domestic violence perpetrator programme")
    es_backend.rebuild_index()
    yield
    es = es_backend.client()
    es.indices.delete(index=f"{es_backend.alias_name()}-*")


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_backends_agree(indexed, query):
    db = find_services(query, backend="database")
    es = find_services(query, backend="elasticsearch")
    assert es.backend == "elasticsearch" and not es.fell_back
    assert es.total == db.total
    assert es.ids() == db.ids()
    assert es.national_ids() == db.national_ids()
    assert es.facets == db.facets
    for a, b in zip(es.hits, db.hits):
        assert a.covers_area == b.covers_area
        assert (a.distance_miles is None) == (b.distance_miles is None)
        if a.distance_miles is not None:
            assert a.distance_miles == pytest.approx(b.distance_miles, abs=0.05)
