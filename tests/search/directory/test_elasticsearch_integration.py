"""The directory's Elasticsearch requests against a real search node (``make elasticsearch``):
the index it creates (analyzers, synonym_graph, stemmer, search_as_you_type, geo_point), the
answers to every query shape compared with the database backend, the alias swap of
``rebuild_directory_index``, and the fall-back when the node answers with an error.

Runs when SEARCH_NODE_URL is set (CI's engine pass); deselected otherwise."""

import random

import pytest

from search.directory import DirectoryQuery, find_services
from search.directory.backends import elasticsearch as es_backend

from .. import factories as f

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

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
    DirectoryQuery(location="CF10", per_page=2, page=40),  # past the end: the last page
    DirectoryQuery(location="SA1 1AE", distance="50", free=True),
    DirectoryQuery(location="CF10", delivery=["phone"], language=["cy"]),
    DirectoryQuery(location="CF10", accredited=True),
    DirectoryQuery(),
]


def assert_same(es, db):
    assert es.backend == "elasticsearch" and not es.fell_back
    assert es.total == db.total
    assert es.ids() == db.ids()
    assert es.national_ids() == db.national_ids()
    assert es.facets == db.facets
    assert es.page == db.page
    for a, b in zip(es.hits, db.hits):
        assert a.covers_area == b.covers_area
        assert (a.distance_miles is None) == (b.distance_miles is None)
        if a.distance_miles is not None:
            # Elasticsearch's arc distance uses a slightly different earth radius than the haversine
            # of search.geo (6371.0088 km against 3958.8 mi): within 0.05% of each other.
            assert a.distance_miles == pytest.approx(b.distance_miles, rel=5e-4, abs=1e-3)


@pytest.fixture
def indexed(engine, cardiff_services):
    f.service("Housing for perpetrators", postcode="CF10 1AE", service_types=["housing"])
    f.service("DVPP Cardiff", postcode="CF11 0AE", description="Domestic violence perpetrator programme")
    f.service("Welsh phone line", postcode="CF14 3AE", attending_type=["phone"], languages=["en", "cy"],
              respect_accredited=True)
    es_backend.rebuild_index(engine=engine)
    return engine


@pytest.mark.parametrize("query", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_backends_agree(indexed, query):
    db = find_services(query, backend="database")
    es = find_services(DirectoryQuery(**vars(query)), backend="elasticsearch", engine=indexed)
    assert_same(es, db)


def test_backends_agree_on_random_queries(engine):
    """Generated services on real postcodes around south Wales, and random queries over them."""
    from search.geo import lookup

    rng = random.Random(5)
    postcodes = ["CF10 1AE", "CF11 0AE", "CF14 3AE", "CF24 0AE", "CF31 1AF", "CF5 1AA", "NP20 1AA",
                 "SA1 1AE", "CF37 1AA", "CF62 4AA"]
    postcodes = [p for p in postcodes if lookup(p)]
    types = ["behaviour-change-group", "behaviour-change-121", "housing", "idva", "helpline"]
    words = ["anger programme", "housing advice", "perpetrator support", "young people", "respect group"]
    for i in range(60):
        f.service(f"{rng.choice(words).title()} {i}", postcode=rng.choice(postcodes),
                  areas=[rng.choice([f.CARDIFF, f.SWANSEA])] if rng.random() < 0.4 else [],
                  description=f"{rng.choice(words)} and {rng.choice(words)}",
                  service_types=rng.sample(types, rng.randint(1, 2)),
                  referral_routes=rng.sample(["self", "professional", "panel"], rng.randint(1, 2)),
                  risk_levels=rng.sample(["standard", "medium", "high"], rng.randint(1, 3)),
                  is_free=rng.random() < 0.7, respect_accredited=rng.random() < 0.3,
                  national=rng.random() < 0.05)
    es_backend.rebuild_index(engine=engine, chunk_size=25)
    for _ in range(40):
        query = DirectoryQuery(location=rng.choice(postcodes + ["Cardiff", "CF10", ""]),
                               keywords=rng.choice(["", "", "anger", "housing", "perpetrator", "young"]),
                               distance=rng.choice(["1", "5", "10", "25", "area"]),
                               referral=rng.sample(["self", "panel"], rng.randint(0, 1)),
                               free=rng.random() < 0.2, per_page=5, page=rng.randint(1, 3))
        db = find_services(query, backend="database")
        es = find_services(DirectoryQuery(**vars(query)), backend="elasticsearch", engine=engine)
        assert_same(es, db)


def test_index_analyzers_on_the_node(indexed):
    index = indexed.indices_of(es_backend.alias_name())[0]
    # The English stemmer, and the sector's synonyms (synonym_graph) at search time only.
    assert indexed.analyze(index, "directory_english", "Programmes for perpetrators") == [
        "programm", "for", "perpetr"]
    expanded = indexed.analyze(index, "directory_english_search", "DVPP")
    assert {"dvpp", "domest", "violenc", "perpetr", "programm"} <= set(expanded)
    # search_as_you_type: a prefix of the name's second word finds it.
    answer = indexed.search(es_backend.alias_name(), {"query": {"multi_match": {
        "query": "Cardiff gro", "type": "bool_prefix",
        "fields": ["name.suggest", "name.suggest._2gram", "name.suggest._3gram"]}}})
    names = [hit["_source"]["name"] for hit in answer["hits"]["hits"]]
    assert names[0] == "Cardiff group"
    # A synonym of the description's words finds it through the English search analyzer.
    answer = indexed.search(es_backend.alias_name(), {"query": {"match": {"description": "DVPP"}}})
    assert "DVPP Cardiff" in [hit["_source"]["name"] for hit in answer["hits"]["hits"]]


def test_rebuild_swaps_the_alias_and_drops_the_old_index(indexed):
    alias = es_backend.alias_name()
    (first,) = indexed.indices_of(alias)
    f.service("Added after the first build", postcode="CF10 1AE")
    second, count = es_backend.rebuild_index(engine=indexed)
    assert indexed.indices_of(alias) == [second] and second != first
    assert indexed.request("GET", f"/{first}", ok=(404,))["status"] == 404
    hits = find_services(DirectoryQuery(location="CF10 1AE", distance="1"), backend="elasticsearch", engine=indexed)
    assert "Added after the first build" in [h.service.name for h in hits.hits]


def test_index_updates_go_through_the_alias_and_never_create_an_index(engine):
    # Before the first rebuild there is no alias: an update fails (the rebuild will index the
    # service) and must not create an index of that name with guessed mappings.
    early = f.service("Before the index", postcode="CF10 1AE")
    with pytest.raises(Exception):
        es_backend.index_services([early.pk], engine=engine)
    assert engine.request("GET", f"/{es_backend.alias_name()}", ok=(404,))["status"] == 404
    es_backend.rebuild_index(engine=engine)
    svc = f.service("After the index", postcode="CF10 1AE")
    es_backend.index_services([svc.pk], engine=engine)
    engine.refresh(es_backend.alias_name())
    query = DirectoryQuery(location="CF10 1AE", distance="1")
    found = find_services(query, backend="elasticsearch", engine=engine)
    assert {"Before the index", "After the index"} <= {h.service.name for h in found.hits}
    svc.delete()
    es_backend.delete_services([svc.pk], engine=engine)
    engine.refresh(es_backend.alias_name())
    found = find_services(DirectoryQuery(**vars(query)), backend="elasticsearch", engine=engine)
    assert "After the index" not in {h.service.name for h in found.hits}
    assert found.ids() == find_services(DirectoryQuery(**vars(query)), backend="database").ids()


def test_an_error_from_the_node_falls_back_to_the_database(engine, cardiff_services):
    # No index behind the alias: the node answers 404 index_not_found to the search.
    query = DirectoryQuery(location="CF10", referral=["self"])
    results = find_services(query, backend="elasticsearch", engine=engine)
    expected = find_services(DirectoryQuery(location="CF10", referral=["self"]), backend="database")
    assert results.fell_back and results.backend == "database"
    assert results.ids() == expected.ids() and results.total == expected.total > 0
