"""The Open Referral UK API: HSDS names, the page envelope, filters, masking, bad parameters."""

import datetime

import pytest
from django.utils import timezone

from search.models import Service, TaxonomyTerm

from .. import factories as f

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


def test_full_service_record_uses_uk_profile_names(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE", areas=[f.CARDIFF], minimum_age=18,
                    eligibility_description="Adults")
    f.weekday_hours(svc, days=("MO",))
    data = client.get(f"{API}/services/{svc.pk}").json()
    for key in ("id", "organization_id", "name", "description", "status", "minimum_age", "fees",
                "schedules", "service_areas", "service_at_locations", "attributes", "organization",
                "last_modified"):
        assert key in data, key
    # Removed by the UK profile; absent optional values are left out, never null.
    for key in ("phones", "alternate_name", "eligibility_description", "application_process",
                "fees_description", "maximum_age", "assured_date", "languages"):
        assert key not in data, key
    assert data["status"] == "active" and data["minimum_age"] == 18 and data["fees"] == "Free"
    assert data["schedules"][0] == {"id": data["schedules"][0]["id"], "service_id": str(svc.pk),
                                    "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00",
                                    "closes_at": "17:00"}
    assert data["service_areas"][0]["extent"] == "W06000015"
    location = data["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "CF10 1AE"
    terms = {a["taxonomy_term"]["term"] for a in data["attributes"]}
    assert terms == {"behaviour-change-group", "self", "standard"}
    assert not any("code" in a["taxonomy_term"] for a in data["attributes"])


@pytest.mark.parametrize("collection", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
@pytest.mark.parametrize("item_id", ["00000000-0000-0000-0000-000000000000", "not-an-id"])
def test_unknown_record_is_a_json_404(client, collection, item_id):
    response = client.get(f"{API}/{collection}/{item_id}")
    assert response.status_code == 404
    assert response.json()["detail"] and response["Access-Control-Allow-Origin"] == "*"


def test_every_collection_has_a_detail_endpoint(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE")
    sal = svc.service_at_locations.get()
    term = TaxonomyTerm.objects.get(code="self")
    assert client.get(f"{API}/service_at_locations/{sal.pk}").json()["service"]["name"] == "Cardiff group"
    assert client.get(f"{API}/taxonomy_terms/{term.pk}").json()["term"] == "self"
    taxonomy = client.get(f"{API}/taxonomies/{term.taxonomy_id}").json()
    assert "self" in {t["term"] for t in taxonomy["taxonomy_terms"]}


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
    moment = Service.objects.get(pk=housing.pk).last_modified
    inclusive = client.get(f"{API}/services", {"modified_after": moment.isoformat()}).json()
    assert [s["name"] for s in inclusive["contents"]] == ["Group programme", "Housing help"]


def test_size_is_the_number_of_items_on_the_page(client):
    for i in range(3):
        f.service(f"Service {i}")
    page = client.get(f"{API}/services", {"per_page": 100}).json()
    assert (page["size"], len(page["contents"]), page["total_items"]) == (3, 3, 3)


def test_taxonomy_age_and_opening_hours_filters(client):
    housing = f.service("Housing help", service_types=["housing"], minimum_age=18, maximum_age=25)
    evening = f.service("Evening group", postcode="CF10 1AE", minimum_age=16, maximum_age=99)
    f.weekday_hours(evening, opens="18:00", closes="20:00", days=("TU",))
    f.weekday_hours(housing, opens="09:00", closes="17:00", days=("MO",))
    risk = TaxonomyTerm.objects.get(code="standard").taxonomy
    types = TaxonomyTerm.objects.get(code="housing")

    def names(path, **params):
        response = client.get(f"{API}/{path}", params)
        assert response.status_code == 200, response.content
        body = response.json()["contents"]
        return [(item.get("service") or item)["name"] for item in body]

    assert names("services", taxonomy_id=str(risk.pk)) == ["Evening group", "Housing help"]
    assert names("services", taxonomy_id="00000000-0000-0000-0000-000000000000") == []
    assert names("services", taxonomy_term_id="00000000-0000-0000-0000-000000000000") == []
    assert names("services", minimum_age=18) == ["Housing help"]
    assert names("services", maximum_age=30) == ["Housing help"]
    assert names("services", day="TU") == names("services", day="tuesday") == ["Evening group"]
    assert names("services", start_time="17:30") == ["Evening group"]
    assert names("services", end_time="17:00") == ["Housing help"]
    assert names("services", day="MO", start_time="17:30") == []
    assert names("service_at_locations", search="evening") == ["Evening group"]
    assert names("service_at_locations", taxonomy_term_id=str(types.pk)) == []
    assert names("service_at_locations", minimum_age=16, day="TU") == ["Evening group"]


def test_head_and_options_answer_with_cors(client):
    head = client.head(f"{API}/services")
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/services", HTTP_ORIGIN="https://example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    post = client.post(f"{API}/services")
    assert post.status_code == 405 and post.json()["detail"] and post["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("query", [
    "per_page=0", "per_page=1000", "page=x", "taxonomy_term_id=nope", "organization_id=nope",
    "modified_after=yesterday", "modified_after=2026-13-01", "modified_after=2025-02-30",
    "modified_after=2026-01-01T25:00", "taxonomy_id=x",
    "minimum_age=old", "maximum_age=-1", "day=Funday", "start_time=9am", "end_time=24:61",
    "minimal=perhaps", "full=2", "format=ndjson", "colour=blue",
    "postcode=ZZ99+9ZZ", "proximity=100"])
def test_bad_parameters_get_a_json_400_naming_them(client, query):
    path = "service_at_locations" if "postcode" in query or "proximity" in query else "services"
    response = client.get(f"{API}/{path}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == query.split("=")[0] and body["parameter"] in body["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_taxonomies_and_terms(client):
    taxonomies = client.get(f"{API}/taxonomies").json()
    names = [t["name"] for t in taxonomies["contents"]]
    assert "Drive Partnership service types" in names
    terms = client.get(f"{API}/taxonomy_terms", {"per_page": 100}).json()
    assert {"drive", "idva", "self", "panel", "high"} <= {t["term"] for t in terms["contents"]}
    first = terms["contents"][0]
    assert set(first) >= {"id", "term", "name", "taxonomy_id"} and "code" not in first
