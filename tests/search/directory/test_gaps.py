"""Where the directory has nothing: a search in a place that finds no local service is counted in its
week by area and filters (never the words or the postcode typed) and shown to editors per week."""

import datetime

import pytest
from django.utils import timezone

from search.directory.gaps import gap_weeks, record_gap
from search.models import DirectoryGap
from tests.users import staff_user

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_a_search_that_finds_no_local_service_is_counted_by_area_and_filters(client, cardiff_services):
    response = client.get("/find-a-service/", {"location": "CF10 1EP", "lang": "pl", "refer": "self"})
    assert response.status_code == 200 and "0 services within 25 miles of CF10 1EP" in response.content.decode()
    gap = DirectoryGap.objects.get()
    assert (gap.area, gap.la_code, gap.filters, gap.with_words, gap.searches) == (
        "Cardiff", "W06000015", "Self-referral, Polish; within 25 miles", False, 1)
    today = timezone.localdate()
    assert gap.week == today - datetime.timedelta(days=today.weekday())  # nothing finer than the week


def test_a_search_repeated_from_the_page_cache_or_by_a_crawler_is_not_counted_again(client, cardiff_services):
    url = "/find-a-service/?location=CF10+1EP&distance=1&risk=high&type=helpline"
    client.get("/find-a-service/")  # a fresh site's first page creates its navigation settings: a purge
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"  # a refresh
    gap = DirectoryGap.objects.get()
    assert (gap.filters, gap.searches) == ("Helpline or webchat, High risk; within 1 mile", 1)
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1)", "Mozilla/5.0 (compatible; bingbot/2.0)"):
        client.get(url.replace("distance=1", "distance=5"), HTTP_USER_AGENT=agent)
    assert not DirectoryGap.objects.filter(filters__endswith="within 5 miles").exists()
    client.get(url.replace("distance=1", "distance=5"), HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)")
    assert DirectoryGap.objects.get(filters__endswith="within 5 miles").searches == 1


def test_nothing_typed_is_kept(client, cardiff_services):
    client.get("/find-a-service/", {"location": "cf10 1ep", "q": "Aisha Khan 07700 900123 refuge"})
    gap = DirectoryGap.objects.get()
    assert gap.with_words is True
    stored = " ".join(str(v) for v in DirectoryGap.objects.values_list().get()).casefold()
    for typed in ("aisha", "khan", "07700", "refuge", "cf10"):
        assert typed not in stored


def test_searches_that_find_a_service_or_no_place_are_not_counted(client, cardiff_services):
    assert "Cardiff group" in client.get("/find-a-service/", {"location": "CF10 1EP"}).content.decode()
    client.get("/find-a-service/", {"location": "ZZ99 9ZZ"})  # not a place: the visitor is told so
    client.get("/find-a-service/", {"lang": "pl"})  # no place: nothing local to miss
    assert not DirectoryGap.objects.exists()


def test_editors_see_the_gaps_per_week_on_the_dashboard(client, cardiff_services):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    for _ in range(2):
        record_gap({"la_code": "W06000011", "area": "Swansea", "filters": "Welsh; within 10 miles",
                    "with_words": False})
    record_gap({"la_code": "W06000015", "area": "Cardiff", "filters": "within 1 mile", "with_words": True},
               day=monday - datetime.timedelta(days=3))  # last week
    report = gap_weeks(today=today)
    assert report["total"] == 3 and report["weeks"][0] == (monday, 2) and report["weeks"][1][1] == 1

    client.force_login(staff_user("tom", "Editors"))
    html = client.get("/admin/").content.decode()
    assert "Find a service: 3 searches found no local service" in html
    assert f"<td>{monday:%-d %b %Y}</td><td>2</td>" in html
    assert "Swansea: Welsh; within 10 miles: 2 searches" in html
    assert "Cardiff: within 1 mile (with words): 1 search" in html
    assert "Searches that found nothing (3 in 8 weeks)" in html  # no site search found nothing


def test_a_new_listing_in_the_area_ends_the_gap(client, cardiff_services):
    query = {"location": "CF10 1EP", "lang": "pl"}
    client.get("/find-a-service/", query)
    f.service("Polish-speaking group", postcode="CF10 1AE", languages=["pl"])
    assert "Polish-speaking group" in client.get("/find-a-service/", query).content.decode()
    assert DirectoryGap.objects.get().searches == 1
