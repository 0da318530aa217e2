"""Sam's journey: the exit button and the Shift shortcut hide the portal at once, and Back does not return."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import create_person, sign_in

NEUTRAL = "https://www.bbc.co.uk/weather"
PRO_EMAIL = "jo.history@example.org"
PRO_PASSWORD = "a-long-history-pass-phrase"


def _assert_on_neutral_site(page):
    # Chromium may retry the cross-origin redirect once under interception: poll, don't wait on one load.
    expect(page).to_have_url(re.compile(re.escape(NEUTRAL)))
    expect(page).to_have_title("Weather")


def _stub_neutral_site(context):
    # No network here: answer for the neutral site ourselves, as a stand-in weather page.
    context.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(status=200, content_type="text/html",
                                    body="<html><head><title>Weather</title></head><body>Weather</body></html>"),
    )


BEFORE = "https://www.search-engine.test/results"


def _stub_site_before(context, base_url, path="/"):
    # The page the visitor came from: a search engine's results, linking to the portal.
    context.route(
        BEFORE,
        lambda route: route.fulfill(
            status=200, content_type="text/html",
            body=f'<html><head><title>Search engine</title></head><body><a href="{base_url}{path}">Drive</a>'
                 "</body></html>"),
    )


def _visit_three_pages(page, base_url):
    """Arrive from a search engine, then read three portal pages through the site's own links and forms."""
    page.goto(BEFORE)
    page.get_by_role("link", name="Drive").click()
    page.wait_for_url(base_url + "/")
    arrived_with = page.evaluate("history.length")
    page.locator("main").get_by_role("link", name="Find a service").first.click()
    page.wait_for_url(re.compile(r"/find-a-service/"))
    page.get_by_label("Postcode or town").fill("CF10")
    page.get_by_label("What are you looking for? (optional)").fill("anger")
    page.get_by_role("search", name="Find a service").get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"location=CF10&q=anger"))
    page.locator(".directory-results").get_by_role("link", name="Cardiff behaviour-change group programme").click()
    page.wait_for_url(re.compile(r"/find-a-service/cardiff-"))
    assert page.evaluate("history.length") == arrived_with  # the whole visit is one entry


def _assert_back_shows_no_portal_page(page, base_url):
    page.go_back()
    page.wait_for_load_state()
    assert page.url == BEFORE, page.url
    assert not page.url.startswith(base_url)
    # and nothing of the visit is left further back either
    assert page.go_back() is None or not page.url.startswith(base_url)


def test_back_after_the_exit_button_shows_no_portal_page(context, page, base_url):
    _stub_neutral_site(context)
    _stub_site_before(context, base_url)
    _visit_three_pages(page, base_url)
    button = page.locator(".exit-this-page__button")
    assert button.is_visible()
    assert button.inner_text().strip().endswith("Exit this page")
    assert page.locator(".exit-this-page__button .visually-hidden").inner_text() == "Emergency"
    button.click()
    _assert_on_neutral_site(page)
    _assert_back_shows_no_portal_page(page, base_url)


def test_back_after_reporting_a_problem_shows_no_portal_page(context, page, base_url):
    """A POST form (here: report a problem, wrong first, then right) adds no history entry either."""
    _stub_neutral_site(context)
    _stub_site_before(context, base_url, "/find-a-service/cardiff-group/")
    page.goto(BEFORE)
    page.get_by_role("link", name="Drive").click()
    page.wait_for_url(re.compile(r"/find-a-service/cardiff-group/$"))
    arrived_with = page.evaluate("history.length")
    page.get_by_role("link", name="Report a problem with this listing").click()
    page.wait_for_url(re.compile(r"/report/$"))
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_be_focused()  # the answer's own scripts ran
    page.get_by_label("Contact details are wrong").check()
    page.get_by_label("What is wrong?").fill("The phone number is out of date.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    assert page.evaluate("history.length") == arrived_with
    page.locator(".exit-this-page__button").click()
    _assert_on_neutral_site(page)
    _assert_back_shows_no_portal_page(page, base_url)


def test_back_after_three_shift_presses_shows_no_portal_page(context, page, base_url):
    _stub_neutral_site(context)
    _stub_site_before(context, base_url)
    _visit_three_pages(page, base_url)
    for _ in range(3):
        page.keyboard.press("Shift")
    _assert_on_neutral_site(page)
    _assert_back_shows_no_portal_page(page, base_url)


def test_listing_back_link_returns_to_the_search_with_its_terms(page, base_url):
    page.goto(base_url + "/find-a-service/?location=CF10&q=anger&refer=self")
    page.locator(".directory-results").get_by_role("link", name="Cardiff behaviour-change group programme").click()
    page.get_by_role("link", name="Back to your search results").click()
    expect(page).to_have_url(re.compile(r"/find-a-service/\?location=CF10&q=anger&refer=self$"))
    expect(page.get_by_label("Postcode or town")).to_have_value("CF10")
    expect(page.get_by_label("What are you looking for? (optional)")).to_have_value("anger")


def test_skip_link_moves_focus_without_adding_history(page, base_url):
    page.goto(base_url + "/about/")
    before = page.evaluate("history.length")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.evaluate("history.length") == before


def test_signed_in_people_keep_normal_history(page, base_url, server_env):
    create_person(server_env, PRO_EMAIL, PRO_PASSWORD)
    sign_in(page, base_url, PRO_EMAIL, PRO_PASSWORD)
    page.wait_for_load_state()
    assert page.locator("body[data-keep-history]").count() == 1
    page.goto(base_url + "/about/")
    page.locator("main").get_by_role("link").first.click()
    page.wait_for_load_state()
    assert page.url != base_url + "/about/"
    page.go_back()
    assert page.url == base_url + "/about/"


def test_anonymous_pages_do_not_carry_the_signed_in_marker(page, base_url):
    for path in ("/", "/about/", "/find-a-service/?location=CF10"):
        page.goto(base_url + path)
        assert page.locator("body[data-keep-history]").count() == 0, path


def test_cover_your_tracks_is_next_to_the_exit_button_and_says_what_back_shows(page, base_url):
    page.goto(base_url + "/news/")
    page.locator(".exit-this-page").get_by_role("link", name="Cover your tracks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cover your tracks online")
    expect(page.get_by_role("heading", name="When Back can still show this site")).to_be_visible()
    expect(page.get_by_text("Without JavaScript, every page you open here is added to your history")).to_be_visible()


def test_exit_button_is_visible_without_scrolling_on_a_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/cover-your-tracks/")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        assert page.evaluate("window.scrollY") > 300
        box = page.locator(".exit-this-page__button").bounding_box()
        assert box is not None and 0 <= box["y"] < 667  # sticky: still on screen after scrolling
    finally:
        ctx.close()


def test_three_shift_presses_exit_and_other_keys_reset(context, page, base_url):
    _stub_neutral_site(context)
    page.goto(base_url + "/news/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    status = page.locator("#exit-this-page-status")
    assert "1 more time" in status.inner_text()
    page.keyboard.press("a")  # any other key resets the count
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert page.url.startswith(base_url)
    assert "1 more time" in status.inner_text()
    page.keyboard.press("Shift")
    _assert_on_neutral_site(page)


def test_exit_works_without_javascript(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        _stub_neutral_site(ctx)
        page = ctx.new_page()
        page.goto(base_url + "/")
        link = page.locator(".exit-this-page__button")
        assert link.get_attribute("rel") == "nofollow noreferrer"
        link.click()
        _assert_on_neutral_site(page)
    finally:
        ctx.close()


def test_exit_button_is_hidden_in_print(page, base_url):
    page.goto(base_url + "/")
    page.emulate_media(media="print")
    assert not page.locator(".exit-this-page__button").is_visible()
