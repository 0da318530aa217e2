"""Where services are missing: each covering rule on a generated directory, what does not count,
confidential places by their town only, and the cache that lasts until a listing changes."""

import pytest

from search.directory import coverage as cov
from search.directory.areas import authority_centres
from search.directory.police_forces import FORCES, authorities_of, force_of_authority, forces_named
from search.geo import distance_miles, lookup
from tests.search import factories as f

pytestmark = pytest.mark.django_db

CARDIFF, SWANSEA, NEWPORT = "W06000015", "W06000011", "W06000022"
VALE = "W06000014"
POWYS, NORTHUMBERLAND = "W06000023", "E06000057"
WORCESTER, WYRE_FOREST = "E07000237", "E07000239"


def fresh():
    return cov.compute()


def test_every_authority_in_the_postcode_data_is_in_exactly_one_police_force_area():
    authorities = set(authority_centres())
    assert len(authorities) == 318
    assert set(force_of_authority()) == authorities
    assert len(FORCES) == 43
    assert sum(len(authorities_of(force)) for force in FORCES) == 318
    assert force_of_authority()[CARDIFF] == "South Wales"
    assert force_of_authority()["E09000001"] == "City of London"
    assert force_of_authority()["E09000033"] == "Metropolitan"
    assert force_of_authority()["E06000066"] == "Avon and Somerset"  # Somerset, the 2023 unitary


def test_police_force_names_are_read_loosely():
    assert forces_named("Avon & Somerset Constabulary; Gwent Police, Dyfed Powys, Atlantis") == [
        "Avon and Somerset", "Gwent", "Dyfed-Powys"]
    assert forces_named("") == []


def test_a_service_area_covers_its_authority_and_a_county_area_its_districts():
    f.service("Cardiff youth", areas=[("W06000015", "Cardiff")], service_types=["young-people"])
    f.service("Worcestershire youth", areas=[("E10000034", "Worcestershire")], service_types=["young-people"])
    c = fresh()
    cell = c.cell(CARDIFF, "young-people")
    assert (cell.local, cell.by_rule["area"], cell.by_rule["force"], cell.status) == (1, 1, 0, cov.LOCAL)
    assert c.cell(SWANSEA, "young-people").status == cov.NONE
    assert c.cell(WORCESTER, "young-people").local == c.cell(WYRE_FOREST, "young-people").local == 1
    assert c.cell(CARDIFF, "drive").status == cov.NONE
    [(listing, rules)] = c.covering_services(CARDIFF, "young-people")
    assert listing.name == "Cardiff youth" and rules == ["service area"]


def test_a_police_force_area_covers_each_of_its_authorities():
    f.service("Gwent housing", police_force_areas="Gwent Police", service_types=["housing"])
    c = fresh()
    for code in authorities_of("Gwent"):
        cell = c.cell(code, "housing")
        assert (cell.local, cell.by_rule["force"]) == (1, 1)
    assert c.cell(NEWPORT, "housing").status == cov.LOCAL
    assert c.cell(CARDIFF, "housing").status == cov.NONE


def test_a_national_service_covers_everywhere_once():
    f.service("National line", national=True, service_types=["helpline"], areas=[("W06000015", "Cardiff")])
    c = fresh()
    for authority in c.authorities:
        cell = c.cell(authority.code, "helpline")
        assert (cell.local, cell.national, cell.status) == (0, 1, cov.NATIONAL_ONLY)
    assert c.covering_services(CARDIFF, "helpline")[0][1] == ["national service"]


def test_a_location_covers_its_authority_and_those_whose_centre_is_within_the_distance():
    f.service("Cardiff Drive", postcode="CF10 1AE", service_types=["drive"])
    f.service("Berwick Drive", postcode="TD15 1AA", town="Berwick-upon-Tweed", service_types=["drive"])
    c = fresh()
    centre = authority_centres()
    cardiff = lookup("CF10 1AE")
    for code, (lat, lon) in centre.items():
        near = distance_miles(cardiff.latitude, cardiff.longitude, lat, lon) <= cov.DISTANCE_MILES
        if code.startswith("W"):
            assert (c.cell(code, "drive").by_rule["nearby"] == 1) == (near or code == CARDIFF), code
    assert c.cell(NEWPORT, "drive").status == cov.LOCAL
    assert c.cell(SWANSEA, "drive").status == cov.NONE
    # Berwick is more than the distance from Northumberland's centre, but in Northumberland.
    berwick = lookup("TD15 1AA")
    assert distance_miles(berwick.latitude, berwick.longitude, *centre[NORTHUMBERLAND]) > cov.DISTANCE_MILES
    assert c.cell(NORTHUMBERLAND, "drive").local == 1
    # Where none covers, the nearest of the type and how far it is from the authority's centre.
    nearest = c.cell(SWANSEA, "drive").nearest
    assert nearest.listing.name == "Cardiff Drive" and nearest.town == "Cardiff"
    assert nearest.miles == pytest.approx(distance_miles(cardiff.latitude, cardiff.longitude, *centre[SWANSEA]),
                                          abs=0.01)
    assert c.types_missing(SWANSEA) == [t for t in c.type_codes]


def test_inactive_services_do_not_count():
    for status in ("inactive", "defunct", "temporarily closed"):
        f.service(f"{status} service", postcode="CF10 1AE", areas=[("W06000015", "Cardiff")],
                  police_force_areas="South Wales", service_types=["early-intervention"], status=status)
    f.service("Closed national", national=True, service_types=["early-intervention"], status="inactive")
    c = fresh()
    cell = c.cell(CARDIFF, "early-intervention")
    assert (cell.local, cell.national, cell.nearest) == (0, 0, None)
    assert not c.listings


def test_a_confidential_location_counts_by_its_town_only():
    # Its address is in Penarth (Vale of Glamorgan); the public know only its town, Cardiff.
    f.service("Refuge Idva", postcode="CF64 1AA", town="Cardiff", confidential=True, service_types=["idva"])
    c = fresh()
    town, address = lookup("Cardiff"), lookup("CF64 1AA")
    assert address.la_code == VALE
    assert c.cell(CARDIFF, "idva").by_rule["nearby"] == 1
    nearest = c.cell(POWYS, "idva").nearest
    assert nearest.town == "Cardiff"
    centre = authority_centres()[POWYS]
    assert nearest.miles == pytest.approx(distance_miles(town.latitude, town.longitude, *centre), abs=0.01)
    assert nearest.miles != pytest.approx(distance_miles(address.latitude, address.longitude, *centre), abs=0.01)


def test_without_local_counts_authorities_with_no_local_service_of_a_type():
    f.service("Cardiff group", areas=[("W06000015", "Cardiff")], service_types=["behaviour-change-group"])
    c = fresh()
    assert c.without_local("behaviour-change-group") == 317
    assert c.without_local("behaviour-change-group", authorities_of("South Wales")) == 6


def test_the_coverage_is_kept_until_a_listing_changes(django_assert_num_queries):
    f.service("Cardiff group", areas=[("W06000015", "Cardiff")])
    first = cov.coverage()
    with django_assert_num_queries(0):
        assert cov.coverage() is first
    f.service("Swansea group", areas=[("W06000011", "Swansea")])  # saving a listing bumps the generation
    second = cov.coverage()
    assert second is not first
    assert second.cell(SWANSEA, "behaviour-change-group").local == 1
