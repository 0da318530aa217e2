"""One owner for derived search data (search.derived): renaming an organisation, moving a location
or changing a service's taxonomy (its types) is searchable at once, by the new value and not the
old, whether the change comes from a save or from a CSV import."""

import io

import pytest

from search.directory import DirectoryQuery, find_services
from search.importers import export_csv_lines, import_services
from search.models import Service, ServicePoint

from . import factories as f
from .results import names

pytestmark = pytest.mark.django_db


def found(**query) -> list[str]:
    results = find_services(DirectoryQuery(**query))
    return names(results.hits) + names(results.national)


def test_renaming_an_organisation_updates_its_services_search_text():
    org = f.organisation("Lighthouse Trust")
    f.service("Evening group", org=org, postcode="CF10 1AE")
    f.service("Helpline", org=org, national=True)
    assert found(location="CF10", keywords="lighthouse") == ["Evening group", "Helpline"]
    org.name = "Harbourside Partnership"
    org.save()
    assert found(location="CF10", keywords="harbourside") == ["Evening group", "Helpline"]
    assert found(location="CF10", keywords="lighthouse") == []


def test_moving_a_location_moves_its_search_point():
    svc = f.service("Moving group", postcode="CF10 1AE")
    loc = svc.service_at_locations.get().location
    assert found(location="CF10 1AE", distance="5") == ["Moving group"]
    loc.postal_code, loc.city, loc.latitude, loc.longitude = "SA1 1AE", "Swansea", None, None
    loc.save()
    assert found(location="SA1 1AE", distance="5") == ["Moving group"]
    assert found(location="CF10 1AE", distance="5") == []
    point = ServicePoint.objects.get(service=svc)
    assert (point.latitude, point.longitude) == (loc.latitude, loc.longitude)


def test_changing_a_services_taxonomy_changes_its_facets_and_text():
    svc = f.service("Flexible service", postcode="CF10 1AE", service_types=["behaviour-change-group"])
    assert found(location="CF10", service_type=["behaviour-change-group"]) == ["Flexible service"]
    svc.service_types = ["housing"]
    svc.save()
    assert found(location="CF10", service_type=["housing"]) == ["Flexible service"]
    assert found(location="CF10", service_type=["behaviour-change-group"]) == []
    assert found(location="CF10", keywords="housing") == ["Flexible service"]


def test_import_renames_move_and_retypes_are_searchable_once_written():
    org = f.organisation("Lighthouse Trust", external_id="org-1")
    f.service("In the file", org=org, postcode="CF10 1AE", external_id="in-file")
    f.service("Not in the file", org=org, postcode="CF10 1AE", external_id="elsewhere")
    text = "".join(export_csv_lines(Service.objects.filter(external_id="in-file")))
    text = (text.replace("Lighthouse Trust", "Harbourside Partnership").replace("CF10 1AE", "SA1 1AE")
            .replace(",Cardiff,", ",Swansea,").replace("behaviour-change-group", "housing"))
    report = import_services(lambda: io.BytesIO(text.encode()))
    assert report.ok and report.updated == 1, report.lines()
    assert found(location="SA1 1AE", distance="5", keywords="harbourside", service_type=["housing"]) == ["In the file"]
    assert found(location="CF10 1AE", distance="5", keywords="lighthouse") == []
    # The organisation's other service, not in the file, is found by the new name too.
    assert found(location="CF10 1AE", distance="5", keywords="harbourside") == ["Not in the file"]
