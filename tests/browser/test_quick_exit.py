"""Sam's journey: the exit button and the Shift shortcut hide the portal at once, and Back does not return."""

import re

from playwright.sync_api import expect

NEUTRAL = "https://www.bbc.co.uk/weather"


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


def test_exit_button_replaces_the_page_and_back_does_not_return(context, page, base_url):
    _stub_neutral_site(context)
    page.goto(base_url + "/")
    page.goto(base_url + "/about/")
    button = page.locator(".exit-this-page__button")
    assert button.is_visible()
    assert button.inner_text().strip().endswith("Exit this page")
    assert page.locator(".exit-this-page__button .visually-hidden").inner_text() == "Emergency"
    button.click()
    _assert_on_neutral_site(page)
    page.go_back()
    # The exited page was replaced in history: Back goes to the page before it, never /about/.
    assert "/about/" not in page.url


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
