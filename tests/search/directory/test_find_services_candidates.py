"""find_services on the database, where the SQL that filters, counts and pages the local
candidates could differ from a plain reading of the rules: services with several offices, ties in
distance across pages, services reached only through their area, edits to a service's facets."""

import pytest

from search.directory import DirectoryQuery, find_services
from search.directory import facets as v
from search.models import Location, ServiceAtLocation

from .. import factories as f
from ..results import counts, names

pytestmark = pytest.mark.django_db


def test_a_service_with_two_nearby_offices_is_listed_and_counted_once(db):
    svc = f.service("Two offices", postcode="CF10 1AE", referral_routes=["self"])
    second = Location.objects.create(organization=svc.organization, name="Second office", city="Cardiff",
                                     postal_code="CF24 0AE")
    ServiceAtLocation.objects.create(service=svc, location=second)
    f.service("One office", postcode="CF10 1AE", referral_routes=["professional"])

    results = find_services(DirectoryQuery(location="CF10 1EP", distance="5"))

    assert sorted(names(results.hits)) == ["One office", "Two offices"]
    assert results.total == 2
    assert counts(results, "referral") == {"self": 1, "professional": 1}
    two = next(h for h in results.hits if h.service.name == "Two offices")
    one = next(h for h in results.hits if h.service.name == "One office")
    assert two.distance_miles == one.distance_miles  # the nearer office, not the second one


def test_services_at_the_same_place_page_in_name_order(db):
    wanted = [f"Service {i:02d}" for i in range(35)]
    for name in reversed(wanted):
        f.service(name, postcode="CF10 1AE")

    pages = [find_services(DirectoryQuery(location="CF10 1EP", page=page, per_page=10)) for page in (1, 2, 3, 4)]

    assert [p.total for p in pages] == [35] * 4
    assert [name for p in pages for name in names(p.hits)] == wanted


def test_a_service_covering_the_area_without_an_office_comes_last_and_is_filtered(db):
    f.service("Office nearby", postcode="CF10 1AE", referral_routes=["self"])
    f.service("Outreach only", areas=[f.CARDIFF], referral_routes=["professional"], risk_levels=["high"])

    everything = find_services(DirectoryQuery(location="CF10 1EP"))
    professional = find_services(DirectoryQuery(location="CF10 1EP", referral=["professional"]))

    assert names(everything.hits) == ["Office nearby", "Outreach only"]
    assert everything.hits[-1].distance_miles is None and everything.hits[-1].covers_area
    assert counts(everything, "risk") == {"standard": 1, "high": 1}
    assert names(professional.hits) == ["Outreach only"]


def test_editing_a_services_facets_changes_what_filters_find(db):
    svc = f.service("Group", postcode="CF10 1AE", referral_routes=["self"])
    assert names(find_services(DirectoryQuery(location="CF10", referral=["panel"])).hits) == []

    svc.referral_routes = ["panel"]
    svc.save()

    assert names(find_services(DirectoryQuery(location="CF10", referral=["panel"])).hits) == ["Group"]
    assert names(find_services(DirectoryQuery(location="CF10", referral=["self"])).hits) == []


def test_every_facet_value_can_be_filtered_and_counted():
    tokens = {facet.token(code) for facet in v.REGISTRY.facets for code, _label in facet.choices}
    tokens |= {flag.token for flag in v.REGISTRY.flags}
    assert tokens <= set(v.REGISTRY.bits)
    assert max(v.REGISTRY.bits.values()) < 1 << 63
