"""The directory CSV's round trip is the identity: export → import → export gives the same bytes and
changes no row (not even ``last_modified``); locations keep their identity; a confidential location
keeps its full address in the database while the file shows only its town. A property test
checks this on random directories (run it on PostgreSQL too, with DATABASE_URL)."""

import csv
import datetime
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.directory.demo import load_directory_demo
from search.directory.importers import export_csv_lines, import_services
from search.models import (
    ListingChange,
    Location,
    Organisation,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServicePoint,
)

pytestmark = pytest.mark.django_db

MODELS = (Organisation, Service, Location, ServiceAtLocation, ServiceArea, Phone, ServicePoint, ListingChange)


def snapshot() -> dict:
    """Every directory row, every column (timestamps and derived search data included)."""
    return {m.__name__: sorted((tuple(sorted((k, str(v)) for k, v in row.items())) for row in m.objects.values()))
            for m in MODELS}


def export() -> bytes:
    return "".join(export_csv_lines()).encode()


def run(data: bytes):
    report = import_services(lambda: io.BytesIO(data))
    assert report.ok, report.lines()
    return report


def wipe():
    Organisation.objects.all().delete()  # services, locations, links, phones and areas go with them


def test_demo_directory_round_trip_changes_nothing():
    load_directory_demo()
    confidential = Location.objects.filter(is_confidential=True).order_by("pk").first()
    full = (confidential.address_1, confidential.postal_code, confidential.latitude, confidential.longitude)
    before, first = snapshot(), export()
    counts = (Location.objects.count(), ServiceAtLocation.objects.count())
    report = run(first)
    assert (report.created, report.updated, report.unchanged) == (0, 0, Service.objects.count())
    assert snapshot() == before
    assert export() == first
    assert (Location.objects.count(), ServiceAtLocation.objects.count()) == counts
    confidential.refresh_from_db()
    assert (confidential.address_1, confidential.postal_code, confidential.latitude,
            confidential.longitude) == full
    rows = [r for r in csv.DictReader(io.StringIO(first.decode()))
            if r["location_external_id"] == confidential.external_id]
    assert rows and all((r["address_1"], r["city"], r["postal_code"]) == ("", confidential.city, "") for r in rows)


def test_file_round_trip_import_export_import_export():
    load_directory_demo()
    exported = export()
    wipe()
    run(exported)  # into an empty directory: everything created from the file
    second = export()
    assert second == exported
    before = snapshot()
    report = run(second)
    assert report.unchanged == Service.objects.count() and report.created == report.updated == 0
    assert snapshot() == before and export() == second


def test_town_only_row_keeps_the_stored_address_and_coordinates():
    org = Organisation.objects.create(name="Refuge org", external_id="org-1")
    service = Service.objects.create(organization=org, name="Idva", description="Support", external_id="idva",
                                     service_types=["idva"])
    loc = Location.objects.create(organization=org, name="Safe office", address_1="1 Secret Street", city="Cardiff",
                                  postal_code="CF24 0AE", is_confidential=True, external_id="idva:office")
    ServiceAtLocation.objects.create(service=service, location=loc)
    text = export().decode()
    assert "Secret" not in text and "CF24" not in text and ",Cardiff,," in text
    run(text.encode())
    run(text.replace("Support", "Support for victims").encode())
    loc.refresh_from_db()
    assert (loc.address_1, loc.postal_code) == ("1 Secret Street", "CF24 0AE")
    assert Location.objects.count() == 1
    # A confidential location cannot move town without its new postcode.
    report = import_services(lambda: io.BytesIO(text.replace(",Cardiff,,", ",Swansea,,").encode()))
    assert not report.ok and report.errors[0].column == "city"
    loc.refresh_from_db()
    assert loc.city == "Cardiff"


# --- the property ------------------------------------------------------------------------------
PLACES = [("CF10 1AE", "Cardiff"), ("CF24 0AE", "Cardiff"), ("SA1 1AE", "Swansea"), ("CF31 1AF", "Bridgend")]
AREAS = [("W06000015", "Cardiff"), ("W06000011", "Swansea"), ("W06000013", "Bridgend")]
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "@SUM(A1:A2)", "+44", "-1", "'quoted",
            "''twice", "'=already"]
_letters = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="<&")
one_line = st.one_of(st.sampled_from(FORMULAS), st.text(_letters, min_size=1, max_size=24)).filter(str.strip)
many_lines = st.one_of(st.sampled_from(FORMULAS + ["\t=1+1", "line one\nline two", ""]),
                       st.text(st.one_of(_letters, st.sampled_from("\n\t")), max_size=60))
codes = lambda vocab, least=0: st.lists(st.sampled_from([c for c, _ in vocab]), min_size=least,  # noqa: E731
                                        max_size=3, unique=True)
dates = st.one_of(st.none(), st.dates(datetime.date(1995, 1, 1), datetime.date(2026, 1, 1)))


@st.composite
def directories(draw):
    from search.directory import facets as v

    orgs = draw(st.lists(st.tuples(one_line, st.booleans()), min_size=1, max_size=3))
    services = draw(st.lists(st.fixed_dictionaries({
        "org": st.integers(0, len(orgs) - 1), "has_id": st.booleans(), "description": many_lines.filter(str.strip),
        "eligibility_description": many_lines, "application_process": many_lines,
        "fees_description": st.one_of(st.just(""), one_line), "police_force_areas": st.one_of(st.just(""), one_line),
        "service_types": codes(v.SERVICE_TYPES, 1), "referral_routes": codes(v.REFERRAL_ROUTES),
        "risk_levels": codes(v.RISK_LEVELS), "attending_type": codes(v.ATTENDING_TYPES),
        "languages": codes(v.LANGUAGES), "status": st.sampled_from([c for c, _ in v.STATUSES]),
        "minimum_age": st.one_of(st.none(), st.integers(0, 18)),
        "maximum_age": st.one_of(st.none(), st.integers(18, 120)),
        "is_free": st.booleans(), "respect_accredited": st.booleans(), "assured_date": dates,
        "last_reviewed": dates, "is_national": st.booleans(),
        "email": st.sampled_from(["", "team@example.org", "o'neil.x+1@example.com"]),
        "url": st.sampled_from(["", "https://example.org/a?b=1", "http://example.com/"]),
        "phones": st.lists(st.sampled_from(["01632 960001", "+44 1632 960002", "020 7946 0003"]), max_size=2,
                           unique=True),
        "areas": st.lists(st.sampled_from(AREAS), max_size=2, unique=True),
        "locations": st.lists(st.tuples(st.integers(0, len(PLACES) - 1), st.booleans(), one_line), max_size=3,
                              unique_by=lambda t: t[0]),
    }), min_size=1, max_size=5))
    names = draw(st.lists(one_line, min_size=len(services), max_size=len(services), unique=True))
    return orgs, [dict(s, name=n) for s, n in zip(services, names, strict=True)]


def build(directory):
    orgs_spec, services_spec = directory
    orgs = [Organisation.objects.create(name=name, external_id=f"org-{i}" if has_id else None)
            for i, (name, has_id) in enumerate(orgs_spec)]
    locations = {}
    for n, spec in enumerate(services_spec):
        if not (spec["is_national"] or spec["areas"] or spec["locations"]):
            spec["is_national"] = True  # the importer asks a local service for its area
        org = orgs[spec["org"]]
        fields = {k: spec[k] for k in (
            "name", "description", "eligibility_description", "application_process", "fees_description",
            "police_force_areas", "service_types", "referral_routes", "risk_levels", "attending_type", "languages",
            "status", "minimum_age", "maximum_age", "is_free", "respect_accredited", "assured_date",
            "last_reviewed", "is_national", "email", "url")}
        service = Service.objects.create(organization=org, external_id=f"svc-{n}" if spec["has_id"] else None,
                                         **fields)
        for number in spec["phones"]:
            Phone.objects.create(service=service, number=number)
        for code, name in spec["areas"]:
            ServiceArea.objects.create(service=service, la_code=code, name=name)
        for place, confidential, loc_name in spec["locations"]:
            key = (org.pk, place)  # locations of one organisation are shared by its services
            if key not in locations:
                postcode, town = PLACES[place]
                locations[key] = Location.objects.create(
                    organization=org, name=loc_name, address_1=f"{place} Example Street", city=town,
                    postal_code=postcode, is_confidential=confidential,
                    external_id=f"loc-{len(locations)}" if confidential else None)
            ServiceAtLocation.objects.create(service=service, location=locations[key])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(directory=directories())
def test_round_trip_is_the_identity_on_random_directories(directory):
    with transaction.atomic():
        build(directory)
        addresses = dict(Location.objects.values_list("pk", "address_1"))
        before, first = snapshot(), export()
        report = run(first)
        assert report.unchanged == Service.objects.count() and report.created == report.updated == 0
        assert snapshot() == before, "importing an unmodified export changed the database"
        assert export() == first
        assert dict(Location.objects.values_list("pk", "address_1")) == addresses
        # Into an empty directory and back: the same file again, and a second import changes nothing.
        wipe()
        run(first)
        second = export()
        assert second == first
        again = snapshot()
        run(second)
        assert snapshot() == again and export() == second
        transaction.set_rollback(True)
