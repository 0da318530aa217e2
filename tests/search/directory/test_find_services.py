"""find_services on the database: distance order, area coverage, national section, filters with
disjunctive counts, keywords, place errors, pagination."""

import pytest

from search.directory import DirectoryQuery, find_services

from .. import factories as f
from ..results import counts, names

pytestmark = pytest.mark.django_db


def test_nearest_first_with_services_covering_the_area(cardiff_services):
    results = find_services(DirectoryQuery(location="CF10 1EP"))
    assert results.place.label == "CF10 1EP"
    # Swansea is ~35 miles away, outside 25 miles, but it covers Cardiff, so it is included.
    assert names(results.hits) == ["Cardiff group", "Confidential Idva", "Bridgend one-to-one",
                                   "Swansea service covering Cardiff"]
    distances = [h.distance_miles for h in results.hits]
    assert distances == sorted(distances)
    assert results.hits[-1].covers_area and results.hits[-1].distance_miles > 25
    assert "Swansea only" not in names(results.hits)


def test_defunct_services_are_never_shown(cardiff_services):
    results = find_services(DirectoryQuery(location="CF10"))
    assert "Closed service" not in names(results.hits)


def test_national_services_have_their_own_section(cardiff_services):
    results = find_services(DirectoryQuery(location="SA1 1AE"))
    assert names(results.national) == ["National helpline"]
    assert "National helpline" not in names(results.hits)


def test_smaller_radius_narrows_results(cardiff_services):
    results = find_services(DirectoryQuery(location="CF10 1EP", distance="1"))
    # Bridgend is far away; the confidential Idva is placed at Cardiff's centre (its town only), within a
    # mile; Swansea still covers Cardiff.
    assert set(names(results.hits)) == {"Cardiff group", "Confidential Idva", "Swansea service covering Cardiff"}


def test_covers_my_area_only(cardiff_services):
    results = find_services(DirectoryQuery(location="Cardiff", distance="area"))
    assert set(names(results.hits)) == {"Cardiff group", "Swansea service covering Cardiff"}
    assert all(h.covers_area for h in results.hits)


def test_outcode_and_town_resolve(cardiff_services):
    assert find_services(DirectoryQuery(location="cf10")).place.kind == "outcode"
    assert find_services(DirectoryQuery(location="cardiff")).place.kind == "town"


@pytest.mark.parametrize("location, message", [
    ("ZZ99 9ZZ", "We couldn't find that postcode."),
    ("EH1 1AA", "That postcode is outside England and Wales."),
    ("12345", "Enter a postcode (like CF10 1EP) or a town name."),
])
def test_unknown_places_get_a_clear_message_and_no_local_results(cardiff_services, location, message):
    results = find_services(DirectoryQuery(location=location))
    assert results.place is None
    assert results.place_error == message
    assert results.hits == [] and results.total == 0
    assert names(results.national) == ["National helpline"]


def test_each_filter_narrows_results(cardiff_services):
    base = dict(location="CF10 1EP")
    assert names(find_services(DirectoryQuery(**base, service_type=["idva"])).hits) == ["Confidential Idva"]
    assert names(find_services(DirectoryQuery(**base, referral=["panel"])).hits) == [
        "Swansea service covering Cardiff"]
    assert names(find_services(DirectoryQuery(**base, risk=["medium"])).hits) == ["Cardiff group"]
    assert names(find_services(DirectoryQuery(**base, delivery=["phone"])).hits) == ["Bridgend one-to-one"]
    assert names(find_services(DirectoryQuery(**base, language=["cy"])).hits) == ["Bridgend one-to-one"]
    assert names(find_services(DirectoryQuery(**base, accredited=True)).hits) == ["Cardiff group"]
    assert "Swansea service covering Cardiff" not in names(find_services(DirectoryQuery(**base, free=True)).hits)


def test_values_within_a_filter_are_alternatives(cardiff_services):
    results = find_services(DirectoryQuery(location="CF10 1EP", referral=["self", "panel"]))
    assert names(results.hits) == ["Cardiff group", "Swansea service covering Cardiff"]


def test_counts_are_disjunctive(cardiff_services):
    everything = find_services(DirectoryQuery(location="CF10 1EP"))
    # Four local services plus the national helpline.
    assert counts(everything, "referral") == {"self": 2, "professional": 3, "panel": 1}
    chosen = find_services(DirectoryQuery(location="CF10 1EP", referral=["self"]))
    # Choosing a referral route leaves the referral counts as they were...
    assert counts(chosen, "referral") == counts(everything, "referral")
    # ...but other facets now count only self-referral services (the group and the helpline).
    assert counts(chosen, "risk") == {"standard": 2, "medium": 1}
    assert [fv.selected for fv in chosen.facets["referral"]] == [True, False, False]


def test_counts_match_what_a_filter_returns(cardiff_services):
    everything = find_services(DirectoryQuery(location="CF10 1EP"))
    for code, count in counts(everything, "service_type").items():
        narrowed = find_services(DirectoryQuery(location="CF10 1EP", service_type=[code]))
        assert narrowed.total + len(narrowed.national) == count, code


def test_keyword_with_typo_and_synonym(cardiff_services):
    f.service("Housing for perpetrators", postcode="CF10 1AE", service_types=["housing"],
              description="Move-on housing for perpetrators of domestic abuse.")
    results = find_services(DirectoryQuery(location="CF10", keywords="perpatrator housing"))
    # The Swansea service's type is "Housing support for perpetrators".
    assert names(results.hits) == ["Housing for perpetrators", "Swansea service covering Cardiff"]
    assert results.corrections == (("perpatrator", "perpetrator"),)


def test_anger_finds_programmes_and_the_helpline(cardiff_services):
    results = find_services(DirectoryQuery(location="CF10", keywords="anger"))
    assert "Cardiff group" in names(results.hits)
    assert names(results.national) == ["National helpline"]


def test_confidential_locations_are_searched_at_their_towns_centre(cardiff_services):
    from search.geo import lookup

    loc = cardiff_services["refuge"].service_at_locations.get().location
    town = lookup("Cardiff")
    assert (loc.search_latitude, loc.search_longitude) == (town.latitude, town.longitude)
    assert loc.search_latitude != loc.latitude


def test_pagination(db):
    for i in range(23):
        f.service(f"Service {i:02d}", postcode="CF10 1AE")
    first = find_services(DirectoryQuery(location="CF10", per_page=10))
    third = find_services(DirectoryQuery(location="CF10", per_page=10, page=3))
    beyond = find_services(DirectoryQuery(location="CF10", per_page=10, page=99))
    assert first.total == 23 and first.num_pages == 3 and len(first.hits) == 10
    assert len(third.hits) == 3 and third.start_index == 21
    assert beyond.page == 3 and len(beyond.hits) == 3
    assert not set(first.ids()) & set(third.ids())


def test_without_a_place_lists_everything_by_name(cardiff_services):
    results = find_services(DirectoryQuery())
    assert results.total == 5 and results.place is None
    assert names(results.hits) == sorted(names(results.hits), key=str.casefold)


def test_query_count_is_bounded(cardiff_services, django_assert_max_num_queries):
    find_services(DirectoryQuery(location="CF10", keywords="programme"))  # warm the vocabulary
    with django_assert_max_num_queries(10):
        find_services(DirectoryQuery(location="CF10", keywords="programme", referral=["self"]))
