"""Site-wide search: sections, snippets, promotions, what is never shown, bad input, and the fallback
to the database when Elasticsearch is unreachable."""

import logging
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from portal.models import StandardPage
from search.site.search import clean_query, highlight, query_report, query_terms, site_search
from tests.research.fixtures import build_research_site

pytestmark = pytest.mark.django_db

CLOSED_PORT_ES = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": ["http://127.0.0.1:9"],
        "INDEX": "test-unreachable",
        "TIMEOUT": 1,
        "OPTIONS": {"max_retries": 0},
        "AUTO_UPDATE": False,
    },
    "database_fallback": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
}


@pytest.fixture(scope="module")
def _site_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            home, _ = build_research_site()
            home.add_child(instance=StandardPage(
                title="Working with housing providers", slug="housing-providers",
                summary="How housing officers can spot and respond to perpetrators.",
                body=[("rich_text", "<p>Housing teams meet perpetrators every day.</p>")],
            ))
            members = StandardPage(
                title="Members’ housing briefing", slug="members-housing",
                summary="Confidential housing notes for coalition members.",
                body=[("rich_text", "<p>Member-only housing strategy.</p>")],
            )
            home.add_child(instance=members)
            restriction = PageViewRestriction.objects.create(
                page=members, restriction_type=PageViewRestriction.GROUPS)
            restriction.groups.add(Group.objects.get_or_create(name="Coalition members")[0])
            yield home.pk
            transaction.set_rollback(True)


@pytest.fixture
def site(_site_module, db):
    return Page.objects.get(pk=_site_module)


def titles(results):
    return [item["page"].title for item in results.items]


def test_finds_pages_across_sections_with_counts(site):
    results = site_search("housing")
    sections = {key: count for key, _label, count in results.section_counts}
    assert sections["research"] == 1  # the perpetrator housing gap
    assert sections["publications"] == 2
    assert sections["pages"] == 1
    assert results.total == sum(sections.values())
    assert "Perpetrator housing" in titles(results)


def test_section_filter_narrows_results_but_keeps_all_counts(site, client):
    results = site_search("housing", section="publications")
    assert results.total == 2
    assert {item["section"] for item in results.items} == {"Publications"}
    assert results.all_sections_total == 4
    html = client.get("/search/?q=housing&section=publications").content.decode()
    assert '<strong aria-current="true">Publications (2)</strong>' in html
    assert 'href="?q=housing&amp;section=research">Research (1)</a>' in html


def test_member_only_pages_never_appear(site, client):
    assert "Members’ housing briefing" not in titles(site_search("housing"))
    assert "Member-only" not in client.get("/search/?q=member").content.decode()
    assert site_search("confidential").total == 0


def test_page_types_can_opt_out_of_search(site, monkeypatch):
    assert "Working with housing providers" in titles(site_search("housing"))
    monkeypatch.setattr(StandardPage, "search_exclude", True, raising=False)
    assert "Working with housing providers" not in titles(site_search("housing"))


def test_unpublished_pages_do_not_appear(site):
    StandardPage.objects.get(slug="housing-providers").unpublish()
    assert "Working with housing providers" not in titles(site_search("housing"))


def test_snippets_highlight_the_words_searched_for(site, client):
    results = site_search("housing")
    snippet = next(item["snippet"] for item in results.items if item["page"].title == "Working with housing providers")
    assert "<mark>housing</mark>" in snippet
    html = client.get("/search/?q=housing").content.decode()
    assert "<mark>Housing</mark>" in html or "<mark>housing</mark>" in html


def test_highlight_escapes_page_text():
    snippet = highlight("Use <script>alert(1)</script> housing & help", ["housing"])
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>housing</mark> &amp; help" in snippet


def test_highlight_starts_near_the_first_match():
    text = "word " * 200 + "perpetrator housing matters " + "tail " * 100
    snippet = highlight(text, ["housing"])
    assert snippet.startswith("… ") and "<mark>housing</mark>" in snippet and snippet.endswith(" …")


def test_query_terms_ignore_operators_and_punctuation():
    assert set(query_terms('"housing" AND (children) OR -x')) == {"housing", "children"}


def test_promoted_results_come_first(site, client):
    query = Query.get("evidence")
    target = Page.objects.get(slug="drive-evaluation-final-report")
    SearchPromotion.objects.create(query=query, page=target, sort_order=0, description="The final evaluation.")
    members = Page.objects.get(slug="members-housing")
    SearchPromotion.objects.create(query=query, page=members, sort_order=1)
    html = client.get("/search/?q=Evidence").content.decode()
    assert "Recommended" in html and "The final evaluation." in html
    assert html.index("Recommended") < html.index('class="listing search-results"')
    assert "Members’ housing briefing" not in html  # a promotion cannot leak a restricted page


def test_searches_are_counted_for_editors(site, client):
    client.get("/search/?q=housing")
    client.get("/search/?q=housing")
    client.get("/search/?q=zzqxv")
    hits = {h.query.query_string: h.hits for h in QueryDailyHits.objects.select_related("query")}
    assert hits == {"housing": 2, "zzqxv": 1}
    report = {row["query"]: row for row in query_report()}
    assert report["housing"]["hits"] == 2 and report["housing"]["results"] > 0
    assert report["zzqxv"]["results"] == 0


def test_editors_see_the_search_report(site, client):
    client.get("/search/?q=zzqxv")
    editor = User.objects.create_user("editor", "editor@example.org", "a-long-password-1")
    group = Group.objects.get_or_create(name="Editors")[0]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(editor)
    html = client.get("/admin/reports/site-search/").content.decode()
    assert "Searches that find nothing" in html and "zzqxv" in html
    client.logout()
    assert client.get("/admin/reports/site-search/").status_code == 302


def test_searches_that_found_nothing_are_on_the_dashboard_per_week(site, client):
    """Tom sees on the dashboard which searches found nothing, week by week, inside Wagtail's panel grid."""
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()
    for _ in range(3):
        client.get("/search/?q=zzqxv")
    client.get("/search/?q=housing")
    today = timezone.localdate()
    week_before = today - datetime.timedelta(days=7)
    old = QueryDailyHits.objects.create(query=Query.get("qqzzv"), date=week_before, hits=2)
    editor = User.objects.create_user("tom", "tom@example.org", "a-long-password-1")
    group = Group.objects.get_or_create(name="Editors")[0]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert 'class="w-panel w-panel--dashboard portal-dashboard-panel"' in html
    assert "Searches that found nothing (5 in 8 weeks)" in html
    monday = today - datetime.timedelta(days=today.weekday())
    last_monday = (week_before - datetime.timedelta(days=week_before.weekday()))
    assert f"<td>{monday:%-d %b %Y}</td><td>3</td>" in html
    assert f"<td>{last_monday:%-d %b %Y}</td><td>2</td>" in html
    assert "“zzqxv”: 3 searches" in html and "“housing”" not in html
    # A promoted result answers the search: it stops counting.
    SearchPromotion.objects.create(query=old.query, page=Page.objects.filter(depth=2).first(), sort_order=0)
    cache.clear()
    assert "Searches that found nothing (3 in 8 weeks)" in client.get("/admin/").content.decode()


def test_a_search_that_finds_nothing_is_on_a_dashboard_already_looked_at(site, client):
    """The report is cached, but a new search that found nothing shows at once; one that found
    pages does not recompute it."""
    from django.core.cache import cache

    from search.site import search

    cache.clear()
    client.get("/search/?q=zzqxv")
    assert search.zero_result_weeks()["total"] == 1  # cached now
    generation = search.ZERO_REPORT_GENERATION.current()
    client.get("/search/?q=housing")
    assert search.ZERO_REPORT_GENERATION.current() == generation
    client.get("/search/?q=qqzzv")
    assert search.zero_result_weeks()["queries"] == [("qqzzv", 1), ("zzqxv", 1)]


def test_misspelling_gets_a_suggestion(site, client):
    results = site_search("houssing")
    assert results.total == 0 and results.suggestion == "housing"
    assert 'Did you mean <a href="?q=housing">housing</a>' in client.get("/search/?q=houssing").content.decode()


def test_every_word_must_be_on_the_page(site):
    """A page with one word of the search is not an answer to it: "housing xylophone" finds
    nothing, though "housing" alone finds pages."""
    assert site_search("housing").total > 0
    results = site_search("housing xylophone")
    assert results.total == 0 and not results.section_counts


def test_pagination(site, client):
    results = site_search("the", page_number=2)
    assert results.page.number == 2 or results.page.paginator.num_pages == 1
    response = client.get("/search/?q=drive&page=999")
    assert response.status_code == 200


def test_pages_of_results_follow_on_without_gaps_or_repeats(site):
    home = Page.objects.get(pk=site.pk)
    for number in range(23):
        home.add_child(instance=StandardPage(
            title=f"Quarterly xylograph bulletin {number}", slug=f"xylograph-{number}",
            summary="Xylograph notes.", body=[("rich_text", "<p>Xylograph.</p>")],
        ))
    pages = [site_search("xylograph", page_number=number) for number in (1, 2, 3)]
    assert [len(results.items) for results in pages] == [10, 10, 3]
    assert all(results.total == 23 for results in pages)
    assert pages[0].section_counts == [("pages", "Pages", 23)]
    seen = [title for results in pages for title in titles(results)]
    assert sorted(seen) == sorted(f"Quarterly xylograph bulletin {n}" for n in range(23))
    in_section = site_search("xylograph", page_number=3, section="pages")
    assert titles(in_section) == titles(pages[2])
    assert site_search("xylograph", section="publications").total == 0


def test_title_matches_rank_above_passing_mentions(site):
    home = Page.objects.get(pk=site.pk)
    home.add_child(instance=StandardPage(
        title="Meeting notes", slug="meeting-notes", summary="Minutes of the steering group.",
        body=[("rich_text", "<p>Item 4: the quillwort survey was postponed.</p>")],
    ))
    home.add_child(instance=StandardPage(
        title="Quillwort survey", slug="quillwort-survey", summary="What the survey found.",
        body=[("rich_text", "<p>Findings of the quillwort survey.</p>")],
    ))
    assert titles(site_search("quillwort")) == ["Quillwort survey", "Meeting notes"]


def test_every_word_must_match_somewhere_in_the_page(site):
    # "providers" is in the page title only, "perpetrators" in its summary only.
    results = site_search("providers perpetrators")
    assert "Working with housing providers" in titles(results)
    both = set(titles(site_search("providers"))) & set(titles(site_search("perpetrators")))
    assert set(titles(results)) <= both
    assert results.total == len(titles(results)) < site_search("perpetrators").total


@pytest.mark.parametrize(
    "raw",
    [
        "x" * 10_000, '"unclosed quote', "housing AND OR NOT", "-housing +children", "a* ? ~ ^2 :field",
        "(((", "))) OR (", "NEAR(a b)", "'; DROP TABLE wagtailcore_page; --", "ünïcødé 🙂 \u202e مرحبا",
        "\x00\x01\x1f", "\ud800", "%", "\\", "{}[]", "*", "a:b", "title:housing", " ",
    ],
)
def test_any_query_string_never_errors(site, client, raw):
    results = site_search(raw)
    assert not results.unavailable
    response = client.get(f"/search/?q={quote(raw, errors='surrogatepass')}&page=x&section=%3Cb%3E")
    assert response.status_code == 200


def test_clean_query_limits_length_and_strips_control_characters():
    assert clean_query("  a\x00b\tc  " + "x" * 500) == ("a b c " + "x" * 500)[:200]
    assert clean_query(None) == ""


@override_settings(WAGTAILSEARCH_BACKENDS=CLOSED_PORT_ES)
def test_falls_back_to_the_database_when_elasticsearch_is_down(site, client, caplog):
    with caplog.at_level(logging.WARNING, logger="search.site.search"):
        results = site_search("housing")
    assert results.used_fallback
    assert "Perpetrator housing" in titles(results)
    assert any("answering from the database" in r.getMessage() for r in caplog.records)
    response = client.get("/search/?q=housing")
    assert response.status_code == 200
    assert "Perpetrator housing" in response.content.decode()


def test_page_says_search_is_unavailable_when_every_backend_fails(site, client, monkeypatch):
    import search.site.search as module

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(module, "_run", broken)
    response = client.get("/search/?q=housing")
    assert response.status_code == 200
    assert "Search is not available right now" in response.content.decode()


def test_site_search_says_when_services_match_and_links_to_the_directory(client, cardiff_services):
    html = client.get("/search/?q=anger").content.decode()
    assert "Services for “anger”" in html
    assert "National helpline" in html
    assert 'href="/find-a-service/?q=anger"' in html


def test_site_search_without_matching_services_shows_no_directory_route(client, cardiff_services):
    html = client.get("/search/?q=zebracrossing").content.decode()
    assert "Services for" not in html and "/find-a-service/?q=" not in html
