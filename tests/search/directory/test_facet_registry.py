"""The directory's facets are declared once (search.directory.facets.REGISTRY): the search form, the
query, the database and Elasticsearch backends, the facet bits, the import and export, the
Open Referral taxonomies and the search page all follow the declaration.

The test that adds a facet declares one over an existing column (``referral_routes``), so it
needs no schema change; a facet over a new column needs that column's migration as well."""

import pytest
from django.http import QueryDict

from search.directory import DirectoryQuery, find_services, importers
from search.directory.backends.elasticsearch import build_searches
from search.directory.documents import ServiceDocument
from search.directory.facet_bits import mask_of
from search.directory.facets import REGISTRY, Facet, Value
from search.directory.forms import DirectorySearchForm, params_from_query
from search.directory.text import parse_keywords
from search.models import ServicePoint, ensure_taxonomies

from .. import factories as f

# The bit each token was given when the masks were first stored: never to change.
STORED_BITS = (
    "type:drive", "type:behaviour-change-group", "type:behaviour-change-121", "type:early-intervention",
    "type:young-people", "type:helpline", "type:idva", "type:housing", "type:other",
    "refer:self", "refer:professional", "refer:panel",
    "risk:standard", "risk:medium", "risk:high",
    "deliver:in_person", "deliver:phone", "deliver:online",
    "lang:en", "lang:cy", "lang:pl", "lang:ur", "lang:pa", "lang:bn", "lang:ar", "lang:ro", "lang:pt",
    "lang:bfi",
    "flag:accredited", "flag:free",
)

ROUTE = Facet(
    name="route", param="route", legend="Route in", field="referral_routes", prefix="route",
    taxonomy="Drive Partnership routes in", values=(
        Value("self", "You can refer yourself", 40),
        Value("professional", "A professional refers you", 41),
    ))


def test_a_stored_mask_keeps_its_meaning():
    assert {token: 1 << bit for bit, token in enumerate(STORED_BITS)} == REGISTRY.bits


def test_two_facets_cannot_share_a_parameter_or_a_bit():
    clash = Facet(name="route", param="type", legend="x", field="referral_routes", prefix="route",
                  values=(Value("self", "x", 40),))
    with pytest.raises(ValueError, match="param"), REGISTRY.extended(clash):
        pass
    reused = Facet(name="route", param="route", legend="x", field="referral_routes", prefix="route",
                   values=(Value("self", "x", 3),))
    with pytest.raises(ValueError, match="bits"), REGISTRY.extended(reused):
        pass
    too_high = Facet(name="route", param="route", legend="x", field="referral_routes", prefix="route",
                     values=(Value("self", "x", 63),))
    with pytest.raises(ValueError, match="bits"), REGISTRY.extended(too_high):
        pass
    assert [f.name for f in REGISTRY.facets] == ["service_type", "referral", "risk", "delivery", "language"]


def test_the_form_reads_every_facet_and_drops_what_it_does_not_know():
    form = DirectorySearchForm(QueryDict(
        "location=CF10&type=drive&type=nonsense&type=drive&lang=cy&accredited=1&free=yes&page=x&distance=7"))
    query = form.query()
    assert query == DirectoryQuery(location="CF10", service_type=["drive"], language=["cy"], accredited=True)
    assert (query.page, query.distance) == (1, "25")
    assert DirectorySearchForm(params_from_query(query)).query() == query


def test_the_import_and_export_have_a_column_for_every_facet():
    columns = importers.SERVICE_COLUMNS
    assert [c for c in columns if c in importers.FACET_COLUMNS] == [f.field for f in REGISTRY.facets]
    assert set(importers.FACET_COLUMNS) <= set(importers.SERVICE_FIELDS)


@pytest.mark.django_db
def test_adding_a_facet_is_one_declaration(client):
    with REGISTRY.extended(ROUTE):
        yours = f.service("Refer yourself group", postcode="CF10 1AE", referral_routes=["self"])
        f.service("Professional referral group", postcode="CF10 1AE", referral_routes=["professional"])
        f.service("Either way group", postcode="CF10 1AE", referral_routes=["self", "professional"])

        # Stored search data: the tokens, the mask bit and the Elasticsearch document.
        assert " route:self " in yours.__class__.objects.get(pk=yours.pk).facet_tokens
        point = ServicePoint.objects.get(service=yours)
        assert point.facet_mask & (1 << 40) and not point.facet_mask & (1 << 41)
        assert point.facet_mask == mask_of(point.facet_tokens)
        assert "route:self" in ServiceDocument.from_service(yours).facets

        # The database backend filters on it and counts it (the other value counted as well).
        results = find_services(DirectoryQuery(location="CF10 1AE", route=["self"]))
        assert sorted(h.service.name for h in results.hits) == ["Either way group", "Refer yourself group"]
        counts = {fv.code: (fv.count, fv.selected) for fv in results.facets["route"]}
        assert counts == {"self": (2, True), "professional": (2, False)}

        # Elasticsearch is asked for the same: a filter and an aggregation of its tokens.
        local, _national = build_searches(DirectoryQuery(route=["self"]), None, parse_keywords(""))
        body = local.to_dict()
        assert body["aggs"]["route"]["aggs"]["values"]["terms"]["include"] == "route:.*"
        assert {"terms": {"facets": ["route:self"]}} in body["post_filter"]["bool"]["filter"]

        # The search page shows it with its legend, checkboxes and counts, and reads it from the URL.
        html = client.get("/find-a-service/?location=CF10+1AE&route=self&route=nonsense").content.decode()
        assert "<legend>Route in</legend>" in html
        assert 'name="route" value="self" id="f-route-self" checked' in html
        assert 'You can refer yourself <span class="count">(2)</span>' in html
        assert "Professional referral group" not in html and "Refer yourself group" in html

        # Open Referral: published as a taxonomy with its terms.
        ensure_taxonomies()
        taxonomies = client.get("/api/openreferral/taxonomies").json()["contents"]
        route = next(t for t in taxonomies if t["name"] == "Drive Partnership routes in")
        assert sorted(term["term"] for term in route["taxonomy_terms"]) == ["professional", "self"]
        attributes = client.get(f"/api/openreferral/services/{yours.pk}").json()["attributes"]
        assert ("Drive Partnership routes in", "self") in {
            (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in attributes}
        self_term = next(t for t in route["taxonomy_terms"] if t["term"] == "self")
        listed = client.get("/api/openreferral/services", {"taxonomy_term_id": self_term["id"]}).json()
        assert sorted(s["name"] for s in listed["contents"]) == ["Either way group", "Refer yourself group"]

    # Outside the block the directory is as declared in search.directory.facets.
    with pytest.raises(TypeError):
        DirectoryQuery(route=["self"])
    assert 'name="route"' not in client.get("/find-a-service/?location=CF10+1AE&route=self").content.decode()
