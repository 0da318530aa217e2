"""Demo listings: enough of them, Drive areas first, marked, and only reserved contact details."""

import re

import pytest
from django.core.management import call_command

from search.directory import DirectoryQuery, find_services
from search.directory.demo import load_directory_demo
from search.models import Location, Phone, Service

pytestmark = pytest.mark.django_db
DRAMA = re.compile(r"^(01632 960\d{3}|020 7946 0\d{3}|07700 900\d{3})$")


def test_demo_listings_are_many_marked_and_safe(db):
    load_directory_demo()
    services = Service.objects.all()
    assert services.count() >= 40
    assert all(s.is_demo for s in services)
    assert all(DRAMA.match(p.number) for p in Phone.objects.all())
    assert all(s.email.endswith("@example.org") for s in services)
    assert Location.objects.filter(is_confidential=True).count() >= 3
    assert all(location.latitude is not None for location in Location.objects.all())
    # Every Drive pilot area has listings.
    for town in ("Cardiff", "Chelmsford", "Crawley", "Worcester"):
        assert find_services(DirectoryQuery(location=town, distance="area")).total >= 2, town


def test_demo_loader_is_idempotent(db):
    first = load_directory_demo()
    count = Service.objects.count()
    second = load_directory_demo()
    assert Service.objects.count() == count
    assert "(0 new)" in second and first != second


def test_demo_loader_runs_with_the_site_demo_content(demo_site, client):
    assert Service.objects.filter(slug="drive-south-wales").exists()
    html = client.get("/find-a-service/drive-south-wales/").content.decode()
    assert "Demonstration listing" in html


def test_sams_journey_cf10_anger(demo_site, client):
    """Sam: "CF10" + "anger" gives behaviour-change programmes and the national helpline, nearest
    first, with whether they can self-refer."""
    html = client.get("/find-a-service/", {"location": "CF10", "q": "anger"}).content.decode()
    assert "Cardiff behaviour-change group programme" in html
    assert "Perpetrator advice helpline (demonstration)" in html
    assert "You can refer yourself." in html
    results = find_services(DirectoryQuery(location="CF10", keywords="anger"))
    distances = [h.distance_miles for h in results.hits if h.distance_miles is not None]
    assert distances == sorted(distances)
    assert any("behaviour-change-group" in h.service.service_types for h in results.hits)
    detail = client.get("/find-a-service/national-helpline/").content.decode()
    assert "Opening hours" in detail and "9am to 8pm" in detail


def test_jos_journey_professional_high_risk(demo_site, client):
    """Jo: near a family's postcode, professional referrals, high risk, children and young people."""
    url = "/find-a-service/?location=WR1+2AB&refer=professional&risk=high&q=children"
    html = client.get(url).content.decode()
    assert "Drive West Mercia: high-harm case management" in html
    assert "refer=professional" in html and "risk=high" in html


def test_priyas_idva_address_is_confidential(demo_site, client):
    html = client.get("/find-a-service/idva-south-wales/").content.decode()
    assert "Cardiff" in html and "CF24" not in html  # the town only


def test_load_demo_content_command_reports_the_directory(db):
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    call_command("load_demo_content", stdout=Out())
    assert "directory" in "".join(out).lower()
