"""The public pages: search form (no JavaScript needed), shareable URLs, filters with counts,
the listing page with hours and referral steps, masking, staleness, and Report a problem."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from portal.site_address import root_url
from search.models import ProblemReport

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_empty_search_page_has_the_two_boxes(client):
    response = client.get("/find-a-service/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'name="location"' in html and 'name="q"' in html and 'name="distance"' in html
    assert 'method="get"' in html


def test_postcode_search_lists_services_nearest_first_with_distance(client, cardiff_services):
    html = client.get("/find-a-service/", {"location": "CF10 1EP"}).content.decode()
    assert html.index("Cardiff group") < html.index("Bridgend one-to-one") < html.index(
        "Swansea service covering Cardiff")
    assert "miles away" in html and "covers your area" in html
    assert "National services" in html and "National helpline" in html
    assert "Swansea only" not in html


def test_filters_show_counts_and_state_is_in_the_url(client, cardiff_services):
    html = client.get("/find-a-service/?location=CF10+1EP&refer=self&risk=medium").content.decode()
    assert 'value="self" id="f-refer-self" checked' in html
    # Referral counts apply the risk filter only: one medium-risk service takes self-referrals.
    assert 'Self-referral <span class="count">(1)</span>' in html
    assert "Cardiff group" in html and "Bridgend one-to-one" not in html
    assert "/find-a-service/?location=CF10+1EP&amp;refer=self&amp;risk=medium" in html  # shareable link


def test_bad_query_strings_never_break_the_page(client, cardiff_services):
    for query in ["?distance=999&page=abc&refer=nonsense", "?page=-4", "?location=" + "x" * 500,
                  "?location=<script>alert(1)</script>", "?q=%00%01&type=drive&type=drive"]:
        response = client.get("/find-a-service/" + query)
        assert response.status_code == 200, query
        assert "<script>alert" not in response.content.decode()


def test_unknown_postcode_shows_a_clear_message(client, cardiff_services):
    html = client.get("/find-a-service/", {"location": "ZZ99 9ZZ"}).content.decode()
    assert "We couldn&#x27;t find that postcode." in html
    assert "error-summary" in html


def test_pagination_links_keep_the_filters(client):
    for i in range(12):
        f.service(f"Service {i:02d}", postcode="CF10 1AE")
    html = client.get("/find-a-service/?location=CF10&refer=self").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?location=CF10&amp;refer=self&amp;page=2" rel="next"' in html


def test_search_page_query_count(client, cardiff_services, django_assert_max_num_queries):
    client.get("/find-a-service/?location=CF10")
    with django_assert_max_num_queries(14):
        client.get("/find-a-service/?location=CF10&q=programme&refer=self")


def test_detail_page_shows_hours_referral_steps_and_demo_badge(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE", is_demo=True,
                    application_process="Phone us.\nWe call you back.\nYou join a group.")
    f.weekday_hours(svc, days=("MO", "WE"))
    html = client.get(svc.get_absolute_url()).content.decode()
    assert "Demonstration listing" in html
    assert "You can refer yourself." in html
    assert "<li>Phone us.</li><li>We call you back.</li><li>You join a group.</li>" in html
    assert "<th scope=\"row\">Monday</th><td>9am to 5pm</td>" in html
    assert "<th scope=\"row\">Tuesday</th><td>Closed</td>" in html
    assert f'href="/find-a-service/{svc.slug}/report/"' in html


def test_listing_pages_set_no_cookie(client, cardiff_services):
    """Sam on a shared device: searching and reading a listing leaves no cookie behind."""
    for url in ("/find-a-service/?location=CF10&q=anger", cardiff_services["near"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies, url


def test_report_form_page(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE")
    html = client.get(f"/find-a-service/{svc.slug}/report/").content.decode()
    assert "<h1>Report a problem with this listing</h1>" in html and "csrfmiddlewaretoken" in html


def test_confidential_address_is_masked_on_the_page(client):
    svc = f.service("Refuge Idva", postcode="CF24 0AE", confidential=True)
    loc = svc.service_at_locations.get().location
    html = client.get(svc.get_absolute_url()).content.decode()
    assert "Cardiff" in html  # the town only
    assert loc.address_1 not in html and "CF24" not in html
    assert str(loc.latitude) not in html


def test_stale_listing_shows_a_notice(client):
    svc = f.service("Old listing", postcode="CF10 1AE", reviewed_days_ago=400)
    fresh = f.service("New listing", postcode="CF10 1AE", reviewed_days_ago=20)
    assert "Not checked recently" in client.get(svc.get_absolute_url()).content.decode()
    assert "Not checked recently" not in client.get(fresh.get_absolute_url()).content.decode()
    assert "Not checked recently" in client.get("/find-a-service/?location=CF10").content.decode()


def test_defunct_listing_is_not_found(client):
    svc = f.service("Gone", postcode="CF10 1AE", status="defunct")
    assert client.get(svc.get_absolute_url()).status_code == 404


def test_report_a_problem_is_sanitised_and_moderators_are_told(client, django_user_model,
                                                               django_capture_on_commit_callbacks):
    moderator = django_user_model.objects.create_user("mod", "mod@example.org", "a-long-password")
    moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    svc = f.service("Cardiff group", postcode="CF10 1AE")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/find-a-service/{svc.slug}/report/", {
            "kind": "wrong_details",
            "details": "<script>x()</script>The phone number is <b>01632 960999</b>", "email": ""})
    assert response.status_code == 200
    report = ProblemReport.objects.get()
    assert report.details == "x()The phone number is 01632 960999"
    assert report.kind == "wrong_details"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mod@example.org"]
    assert "Cardiff group" in mail.outbox[0].subject
    # The link is absolute, on the site's address, so the moderator can click it; and the email
    # has an HTML part in the portal's layout where it is a link.
    link = f"{root_url()}/admin/snippets/search/problemreport/edit/{report.pk}/"
    assert link.startswith("http") and link in mail.outbox[0].body
    html, kind = mail.outbox[0].alternatives[0]
    assert kind == "text/html" and f'<a href="{link}"' in html and "Drive Partnership" in html
    assert "<script>" not in html and "x()The phone number is 01632 960999" in html


def test_report_a_problem_with_errors_shows_them(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE")
    response = client.post(f"/find-a-service/{svc.slug}/report/", {"kind": "bogus", "details": "<b></b>",
                                                                   "email": "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "Tell us what is wrong with this listing." in html
    assert not ProblemReport.objects.exists()


def test_listing_is_reachable_from_results(client, cardiff_services):
    html = client.get("/find-a-service/?location=CF10").content.decode()
    # the link carries the search, so the listing's back link can return to it
    assert f'href="{cardiff_services["near"].get_absolute_url()}?back=location%3DCF10"' in html


def test_review_due_is_a_year_after_review(db):
    svc = f.service("A", reviewed_days_ago=0)
    assert svc.review_due - svc.last_reviewed == datetime.timedelta(days=365)


def test_anonymous_searches_are_cached_until_a_listing_changes(client, cardiff_services):
    url = "/find-a-service/?location=CF10+1EP"
    client.get(url)  # the first visit creates the site's settings, which purges the cache
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    service = cardiff_services["near"]
    service.name = "Cardiff men's group"
    service.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Cardiff men&#x27;s group" in response.content.decode()


def test_listing_back_link_returns_to_the_search_with_its_terms(client, cardiff_services):
    url = cardiff_services["near"].get_absolute_url()
    html = client.get("/find-a-service/?location=CF10+1EP&refer=self").content.decode()
    assert f"{url}?back=location%3DCF10%2B1EP%26refer%3Dself" in html
    listing = client.get(f"{url}?back=location%3DCF10%2B1EP%26q%3Danger%26refer%3Dself")
    assert '<a href="/find-a-service/?location=CF10+1EP&amp;q=anger&amp;refer=self" class="back-link">' \
           'Back to your search results</a>' in listing.content.decode()


def test_listing_back_link_drops_anything_the_search_would_not_accept(client, cardiff_services):
    url = cardiff_services["near"].get_absolute_url()
    html = client.get(url, {"back": "location=CF10&evil=1&refer=nonsense&next=https://evil.example"}).content.decode()
    assert '<a href="/find-a-service/?location=CF10" class="back-link">' in html
    assert "evil" not in html
    plain = client.get(url).content.decode()
    assert '<a href="/find-a-service/" class="back-link">Find a service</a>' in plain


def test_filters_sit_behind_a_disclosure_that_says_how_many_are_on(client, cardiff_services):
    html = client.get("/find-a-service/?location=CF10+1EP&refer=self&risk=medium").content.decode()
    assert '<details class="directory-filters"' in html
    assert "Filter results <span class=\"directory-filters__count\">(2 selected)</span></summary>" in html


def test_unknown_postcode_error_is_in_the_title_and_the_shared_summary(client, cardiff_services):
    html = client.get("/find-a-service/?location=ZZ99+9ZZ").content.decode()
    assert "<title>Error: " in html
    assert 'data-module="error-summary"' in html and '<a href="#id_location">' in html


def test_report_errors_name_the_field_in_page_order(client):
    service = f.service("Drive Essex", postcode="CM1 1AE", town="Chelmsford")
    html = client.post(f"/find-a-service/{service.slug}/report/", {"email": "not-an-email"}).content.decode()
    assert "<title>Error: " in html
    summary = html[html.index('class="error-summary"'):html.index("</div>", html.index('class="error-summary"'))]
    kind = summary.index("Choose what the problem is with this listing.")
    details = summary.index("Tell us what is wrong with this listing.")
    email = summary.index("Enter your email address in the correct format")
    assert kind < details < email
    assert 'href="#id_kind_0"' in summary
    assert "<legend>What is the problem?</legend>" in html
