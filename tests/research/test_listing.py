"""The publication listing: filters in the URL, counts per value, pagination, feed, bad input."""

import datetime
from xml.etree import ElementTree

import pytest

from research.listing import PER_PAGE
from research.models import PriorityGapPage, PublicationPage

pytestmark = pytest.mark.django_db

URL = "/research/publications/"




def test_lists_every_publication_newest_first(client, research_site):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 publications." in html
    titles = [p.title for p in response.context["publications"]]
    assert titles[0] == "Four priority systemic gaps: an introduction" or titles[0].startswith("Drive in West Mercia")
    assert titles[-1] == "Evaluation of the Drive Project: Year 1 feasibility study"


def test_counts_per_filter_value(client, research_site):
    response = client.get(URL)
    facets = {f["name"]: {v["value"]: v["count"] for v in f["values"]} for f in response.context["facets"]}
    assert facets["gap"] == {
        "child-victim-survivors": 4,
        "racialised-communities": 1,
        "lgbt-communities": 1,
        "perpetrator-housing": 2,
    }
    assert facets["type"] == {"evaluation": 2, "briefing": 1, "policy_response": 1, "research_summary": 1}
    assert facets["year"] == {"2026": 2, "2021": 1, "2019": 1, "2017": 1}
    assert facets["topic"]["evaluation"] == 2
    html = response.content.decode()
    assert '<a href="?gap=perpetrator-housing">Perpetrator housing <span class="facet__count">(2' in html


def test_filters_combine_and_counts_follow_the_other_filters(client, research_site):
    response = client.get(URL + "?gap=child-victim-survivors&type=evaluation")
    titles = {p.title for p in response.context["publications"]}
    assert titles == {"Evaluation of the Drive Project: final report",
                      "Evaluation of the Drive Project: Year 1 feasibility study"}
    facets = {f["name"]: {v["value"]: v for v in f["values"]} for f in response.context["facets"]}
    # Type counts show what each type would give with the gap filter kept.
    assert facets["type"]["evaluation"]["count"] == 2
    assert facets["type"]["research_summary"]["count"] == 1
    assert facets["type"]["evaluation"]["selected"]
    # Links keep the other filters: the URL is shareable.
    assert facets["year"]["2017"]["url"] == "?gap=child-victim-survivors&type=evaluation&year=2017"
    html = response.content.decode()
    assert "2 publications match your filters." in html
    assert 'href="?type=evaluation">Remove' in html


def test_topic_and_year_filters(client, research_site):
    assert [p.slug for p in client.get(URL + "?topic=vawg-strategy").context["publications"]] == [
        "response-to-the-vawg-strategy"
    ]
    assert [p.slug for p in client.get(URL + "?year=2019").context["publications"]] == [
        "drive-evaluation-final-report"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?gap=%00%ff", "?type=novel", "?year=abc", "?year=99999999999999999999", "?topic=<script>",
        "?page=-1", "?page=abc", "?page=99999", "?gap=" + "x" * 5000, "?year=2019&year=2020",
        "?type=%E2%80%AE&topic=%F0%9F%99%82", "?gap='%20OR%201=1--",
    ],
)
def test_odd_query_strings_never_error(client, research_site, query):
    response = client.get(URL + query)
    assert response.status_code == 200


def test_invalid_filter_is_reported_and_ignored(client, research_site):
    html = client.get(URL + "?type=novel&year=abc").content.decode()
    assert "We could not use the type and year in the address" in html
    assert "5 publications." in html


def test_pagination_keeps_filters(client, index, django_assert_max_num_queries):
    gap = PriorityGapPage.objects.get(slug="perpetrator-housing")
    for number in range(PER_PAGE + 3):
        page = PublicationPage(
            title=f"Housing briefing {number}", slug=f"housing-briefing-{number}", organisations="Drive Partnership",
            publication_type="briefing", publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
        index.add_child(instance=page)
        page.gaps.set([gap])
        page.save_revision().publish()
    first = client.get(URL + "?gap=perpetrator-housing")
    assert first.context["result_count"] == PER_PAGE + 5
    assert 'href="?gap=perpetrator-housing&amp;page=2" rel="next"' in first.content.decode()
    with django_assert_max_num_queries(20):
        second = client.get(URL + "?gap=perpetrator-housing&page=2")
    assert len(second.context["publications"]) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_atom_feed_lists_publications(client, research_site):
    response = client.get(URL + "feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert len(titles) == 5
    assert "Evaluation of the Drive Project: final report" in titles
    assert feed.findtext("a:title", namespaces=ns) == "Drive Partnership research and publications"


def test_unpublished_publications_are_not_listed(client, research_site):
    PublicationPage.objects.get(slug="response-to-the-vawg-strategy").unpublish()
    response = client.get(URL)
    assert response.context["result_count"] == 4
    assert b"response-to-the-vawg-strategy" not in client.get(URL + "feed/").content


def test_publication_feed_reads_back_with_authors_and_publication_dates(client, research_site):
    import datetime

    import feedparser

    from research.models import PublicationPage

    parsed = feedparser.parse(client.get(URL + "feed/").content)
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.feed.author
    pages = {p.title: p for p in PublicationPage.objects.live().public()}
    assert parsed.entries
    for entry in parsed.entries:
        page = pages[entry.title]
        assert entry.author == ("; ".join(page.author_list or page.organisation_list))
        assert datetime.date(*entry.published_parsed[:3]) == page.publication_date
