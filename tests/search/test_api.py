"""The Open Referral UK API: HSDS names, the page envelope, filters, masking, bad parameters."""

import datetime

import pytest
from django.utils import timezone

from search.models import Service, TaxonomyTerm

from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/openreferral"
ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
            "contents"}


def test_version_info_is_open_to_any_origin(client):
    response = client.get(f"{API}/")
    assert response.status_code == 200
    assert response.json()["version"] == "3.0"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_services_page_envelope_and_pagination(client):
    for i in range(5):
        f.service(f"Service {i}", postcode="CF10 1AE")
    page1 = client.get(f"{API}/services", {"per_page": 2}).json()
    page3 = client.get(f"{API}/services", {"per_page": 2, "page": 3}).json()
    assert set(page1) == ENVELOPE
    assert (page1["total_items"], page1["total_pages"], page1["size"]) == (5, 3, 2)
    assert page1["first_page"] and not page1["last_page"] and not page1["empty"]
    assert [s["name"] for s in page1["contents"]] == ["Service 0", "Service 1"]
    assert page3["last_page"] and len(page3["contents"]) == 1
    beyond = client.get(f"{API}/services", {"page": 9}).json()
    assert beyond["empty"] and beyond["contents"] == []


def test_full_service_record_uses_hsds_names(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE", areas=[f.CARDIFF], minimum_age=18,
                    eligibility_description="Adults")
    f.weekday_hours(svc, days=("MO",))
    data = client.get(f"{API}/services/{svc.pk}").json()
    for key in ("id", "organization_id", "name", "description", "status", "eligibility_description",
                "minimum_age", "maximum_age", "application_process", "fees_description", "accreditations",
                "assured_date", "phones", "schedules", "service_areas", "service_at_locations",
                "languages", "attributes", "organization", "last_modified"):
        assert key in data, key
    assert data["status"] == "active" and data["minimum_age"] == 18
    assert data["schedules"][0] == {"id": data["schedules"][0]["id"], "service_id": str(svc.pk),
                                    "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00",
                                    "closes_at": "17:00", "description": None}
    assert data["service_areas"][0]["extent"] == "W06000015"
    location = data["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "CF10 1AE"
    terms = {a["taxonomy_term"]["code"] for a in data["attributes"]}
    assert terms == {"behaviour-change-group", "self", "standard"}


def test_unknown_service_is_404(client):
    assert client.get(f"{API}/services/00000000-0000-0000-0000-000000000000").status_code == 404


def test_confidential_location_is_masked_in_the_api(client):
    svc = f.service("Refuge", postcode="CF24 0AE", confidential=True)
    loc = svc.service_at_locations.get().location
    for url in (f"{API}/services/{svc.pk}", f"{API}/service_at_locations?postcode=CF10+1EP"):
        body = client.content_of = client.get(url).content.decode()
        assert "CF24 0AE" not in body and loc.address_1 not in body
        assert str(loc.latitude) not in body and str(loc.longitude) not in body
        assert "CF24" not in body and '"city": "Cardiff"' in body  # the town only


def test_service_at_locations_by_postcode_and_proximity(client):
    f.service("Near", postcode="CF10 1AE")
    f.service("Bridgend", postcode="CF31 1AF")
    near = client.get(f"{API}/service_at_locations", {"postcode": "CF10 1EP", "proximity": 5000}).json()
    wide = client.get(f"{API}/service_at_locations", {"postcode": "CF10 1EP", "proximity": 40000}).json()
    assert [c["service"]["name"] for c in near["contents"]] == ["Near"]
    assert [c["service"]["name"] for c in wide["contents"]] == ["Near", "Bridgend"]


def test_filters_search_taxonomy_organisation_and_modified_after(client):
    org = f.organisation("Housing Org")
    housing = f.service("Housing help", org=org, service_types=["housing"],
                        description="Housing for perpetrators")
    f.service("Group programme")
    term = TaxonomyTerm.objects.get(code="housing")
    by_term = client.get(f"{API}/services", {"taxonomy_term_id": str(term.pk)}).json()
    by_org = client.get(f"{API}/services", {"organization_id": str(org.pk)}).json()
    by_text = client.get(f"{API}/services", {"search": "housing"}).json()
    assert [s["name"] for s in by_term["contents"]] == ["Housing help"]
    assert [s["name"] for s in by_org["contents"]] == ["Housing help"]
    assert [s["name"] for s in by_text["contents"]] == ["Housing help"]
    Service.objects.filter(pk=housing.pk).update(last_modified=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    recent = client.get(f"{API}/services", {"modified_after": since}).json()
    assert [s["name"] for s in recent["contents"]] == ["Group programme"]


@pytest.mark.parametrize("query", ["per_page=0", "per_page=1000", "page=x", "taxonomy_term_id=nope",
                                   "organization_id=nope", "modified_after=yesterday",
                                   "postcode=ZZ99+9ZZ", "proximity=100"])
def test_bad_parameters_get_a_400_with_a_reason(client, query):
    path = "service_at_locations" if "postcode" in query or "proximity" in query else "services"
    response = client.get(f"{API}/{path}?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_taxonomies_and_terms(client):
    taxonomies = client.get(f"{API}/taxonomies").json()
    names = [t["name"] for t in taxonomies["contents"]]
    assert "Drive Partnership service types" in names
    terms = client.get(f"{API}/taxonomy_terms", {"per_page": 100}).json()
    assert {"drive", "idva", "self", "panel", "high"} <= {t["code"] for t in terms["contents"]}
    first = terms["contents"][0]
    assert set(first) >= {"id", "code", "name", "taxonomy_id", "parent_id"}
