"""One owner for derived search data (search.directory.derived): renaming an organisation, moving a location
or changing a service's taxonomy (its types) is searchable at once, by the new value and not the
old, whether the change comes from a save or from a CSV import."""

import io

import pytest

from search.directory import DirectoryQuery, find_services
from search.directory.importers import export_csv_lines, import_services
from search.models import Service, ServicePoint

from .. import factories as f
from ..results import names

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


def _derived_data() -> dict:
    """Every service's derived search data: its facet tokens, search text and search points."""
    points = {}
    for p in ServicePoint.objects.values_list("service_id", "latitude", "longitude", "status", "is_national", "name",
                                              "facet_tokens", "facet_mask", "search_text"):
        points.setdefault(p[0], []).append(p[1:])
    return {pk: (tokens, text, sorted(points.get(pk, [])))
            for pk, tokens, text in Service.objects.values_list("pk", "facet_tokens", "search_text")}


def _computed_one_by_one() -> dict:
    """The same, computed afresh from the database by search.directory.derived, one service at a time."""
    from search.directory.derived import refresh_services

    Service.objects.update(facet_tokens="", search_text="")
    ServicePoint.objects.all().delete()
    for pk in Service.objects.values_list("pk", flat=True):
        refresh_services([pk])
    return _derived_data()


def _import(rows) -> None:
    from .test_importers import run, to_csv

    report = run(to_csv(rows))
    assert report.ok, report.lines()


def test_imported_services_get_the_derived_data_search_derived_computes_for_them():
    from .test_importers import row

    f.service("Already listed", postcode="CF10 1AE", external_id="listed")
    rows = [
        row(),
        row(location_external_id="second", location_name="Second office", address_1="1 Quay St", city="Swansea",
            postal_code="SA1 1AE"),
        row(external_id="confidential", name="Safe place group", organisation_external_id="org-2",
            organisation_name="Refuge Partnership", location_confidential="yes", respect_accredited="yes",
            is_free="no", service_types="behaviour-change-group;housing", police_force_areas="South Wales"),
        row(external_id="national", name="Helpline", is_national="yes", city="", postal_code="",
            service_area_codes="", attending_type="phone", languages="en"),
        row(external_id="areas-only", name="Outreach", city="", postal_code="", service_area_codes="W06000011",
            status="inactive"),
        row(external_id="listed", name="Already listed (renamed)", postal_code="SA1 1AE", city="Swansea"),
    ]
    _import(rows)
    imported = _derived_data()
    assert len(imported) == 5 and all(tokens and text for tokens, text, _points in imported.values())
    assert imported == _computed_one_by_one()
    # Importing changes (names, types, flags, a move, a dropped location) refreshes it the same way.
    first, _second_office, confidential, _national, areas_only, listed = rows
    _import([row(name="Cardiff group (evenings)", service_types="housing", languages="cy"),
             dict(confidential, is_free="yes", respect_accredited="no", organisation_name="Refuge Trust"),
             row(external_id="national", name="Helpline", location_external_id="hq", address_1="2 Bay Rd"),
             areas_only, dict(listed, postal_code="CF10 1AE", city="Cardiff")])
    assert _derived_data() == _computed_one_by_one()


def test_a_service_changed_after_its_location_moved_in_an_earlier_batch_is_refreshed_again(monkeypatch):
    """Batch 1 moves a shared location (refreshing every service there); a later batch renames one
    of those services: its search data must follow the rename, not stop at the first refresh."""
    from search.directory import importers

    from .test_importers import row

    first = row(external_id="first", name="First group", location_external_id="hq")
    second = row(external_id="second", name="Second group", location_external_id="hq")
    _import([first, second])
    monkeypatch.setattr(importers, "BATCH", 1)  # each service its own batch, in file order
    moved = dict(postal_code="SA1 1AE", city="Swansea")
    _import([dict(first, **moved), dict(second, **moved, name="Second group (renamed)")])
    renamed = Service.objects.get(external_id="second")
    assert " renam " in renamed.search_text  # the stemmed word
    assert _derived_data() == _computed_one_by_one()
