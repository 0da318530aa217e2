"""Every Open Referral UK response, for every demo listing and for awkward records, validates
against the published HSDS 3.0 and UK profile schemas with no errors."""

import pytest

from search.directory.demo import load_directory_demo
from search.models import Accessibility, Contact, Location, Organisation, Service, ServiceAtLocation

from .. import factories as f
from ..openreferral_schemas import errors, page_errors

pytestmark = pytest.mark.django_db
API = "/api/openreferral"
UNICODE_NAME = "Łukasz Dvořák — Ελληνικά, группа, مساعدة, हिंदी सेवा 🌈"


@pytest.fixture
def directory(db):
    """The demo directory plus records that exercise every optional branch."""
    load_directory_demo()
    edge = {
        "confidential": f.service("Confidential refuge outreach", postcode="CF24 0AE", confidential=True),
        "national": f.service("National advice line", national=True, url="https://line.example.org/"),
        "unicode": f.service(UNICODE_NAME, postcode="CF10 1AE", town="Caerdydd",
                             description="Grŵp newid ymddygiad — «поведение» — تغيير السلوك",
                             alert="Ar gau ar ŵyl y banc", minimum_age=18, maximum_age=99),
    }
    several = f.service("Service in three towns", postcode="CF10 1AE", areas=[f.CARDIFF])
    for town, postcode in (("Bridgend", "CF31 1AF"), ("Swansea", "SA1 1AE")):
        loc = Location.objects.create(organization=several.organization, name=f"{town} room", city=town,
                                      address_1="1 Example Street", postal_code=postcode)
        ServiceAtLocation.objects.create(service=several, location=loc, description=f"{town} group")
        Accessibility.objects.create(location=loc, description="Step-free access", details="Ramp at the side")
    Contact.objects.create(service=several, name="Siân Ó Súilleabháin", title="Cydlynydd")
    edge["several_locations"] = several
    bare_org = Organisation.objects.create(name="Organisation with nothing else")
    edge["no_contact"] = Service.objects.create(organization=bare_org, name="No contact details",
                                                description="Listed without any way to reach it.",
                                                service_types=[], referral_routes=[], risk_levels=[],
                                                attending_type=[], languages=[])
    f.weekday_hours(edge["unicode"], days=("MO", "SA"))
    return edge


def _get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, (path, params, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def _every_page(client, path):
    page_number, pages = 1, []
    while True:
        page = _get(client, path, per_page=100, page=page_number)
        pages.append(page)
        if page["last_page"]:
            return pages
        page_number += 1


def _crawl(client):
    """(kind, record) for every record every endpoint serves, and the list pages' envelopes."""
    found, envelopes = [], []
    for path, kind in (("/services", "service_list_item"),
                       ("/service_at_locations", "service_at_location_list_item"),
                       ("/taxonomies", "taxonomy"), ("/taxonomy_terms", "taxonomy_term")):
        for page in _every_page(client, path):
            envelopes.append(page)
            found += [(kind, item) for item in page["contents"]]
    details = {"service_list_item": ("/services", "service"),
               "service_at_location_list_item": ("/service_at_locations", "service_at_location"),
               "taxonomy": ("/taxonomies", "taxonomy"), "taxonomy_term": ("/taxonomy_terms", "taxonomy_term")}
    for kind, item in list(found):
        path, detail_kind = details[kind]
        found.append((detail_kind, _get(client, f"{path}/{item['id']}")))
    minimal = _get(client, "/services", minimal="true", per_page=100)
    found += [("service_list_item", item) for item in minimal["contents"]]
    brief = _get(client, "/services", full="false", per_page=100)
    found += [("service_list_item", item) for item in brief["contents"]]
    return found, envelopes + [minimal, brief]


def test_every_response_validates_against_hsds_and_the_uk_profile(client, directory):
    records, envelopes = _crawl(client)
    services = Service.objects.active().count()
    assert sum(kind == "service" for kind, _ in records) == services >= 46
    problems = [p for kind, record in records for p in errors(kind, record)]
    problems += [p for page in envelopes for p in page_errors(page)]
    assert problems == [], f"{len(problems)} schema errors, first: {problems[:15]}"


def test_edge_cases_are_served_as_a_client_would_need(client, directory):
    conf = _get(client, f"/services/{directory['confidential'].pk}")
    address = conf["service_at_locations"][0]["location"]["addresses"][0]
    real = directory["confidential"].service_at_locations.get().location
    assert address["city"] == real.city
    assert address["address_1"] == address["postal_code"] == address["state_province"] == ""
    assert real.postal_code.split()[0] not in str(conf) and real.address_1 not in str(conf)
    national = _get(client, f"/services/{directory['national'].pk}")
    assert [a["name"] for a in national["service_areas"]] == ["England and Wales"]
    several = _get(client, f"/services/{directory['several_locations'].pk}")
    assert sorted(s["location"]["addresses"][0]["city"] for s in several["service_at_locations"]) == [
        "Bridgend", "Cardiff", "Swansea"]
    bare = _get(client, f"/services/{directory['no_contact'].pk}")
    assert not {"email", "url", "contacts", "schedules", "attributes", "service_at_locations"} & set(bare)
    assert None not in bare.values()
    unicode = client.get(f"{API}/services/{directory['unicode'].pk}")
    assert UNICODE_NAME in unicode.content.decode("utf-8")  # sent as UTF-8, not \\u escapes


def test_address_ids_are_stable_uuids(client, directory):
    svc = directory["several_locations"]
    first = _get(client, f"/services/{svc.pk}")["service_at_locations"]
    again = _get(client, f"/services/{svc.pk}")["service_at_locations"]
    ids = [s["location"]["addresses"][0]["id"] for s in first]
    assert ids == [s["location"]["addresses"][0]["id"] for s in again]
    assert len(set(ids)) == 3 and not any(i.endswith("-address") for i in ids)
