"""axe-core finds no serious or critical WCAG problems on the key pages; screenshots are saved."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import describe, run_axe, screenshot, submit

PAGES = {
    "home": "/",
    "standard-page": "/about/the-drive-model/",
    "news-index": "/news/",
    "news-page": "/news/drive-responds-to-the-vawg-strategy/",
    "delivery-area": "/where-drive-works/west-mercia/",
    "cover-your-tracks": "/cover-your-tracks/",
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "not-found": "/no-such-page/",
    "site-search": "/search/?q=drive",
}


@pytest.mark.parametrize("name,path", PAGES.items(), ids=list(PAGES))
def test_page_has_no_serious_accessibility_violations(page, base_url, name, path):
    page.goto(base_url + path)
    assert page.locator("h1").count() == 1
    assert page.locator("main#main-content").count() == 1
    screenshot(page, name)
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_skip_link_is_first_and_moves_focus_to_main(page, base_url):
    page.goto(base_url + "/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Exit this page quickly"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_sign_in_form_errors_are_announced(page, base_url):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", "nobody@example.org")
    page.fill("input[name=password]", "wrong-password-123")
    submit(page, "main form button[type=submit]")
    assert "not correct" in page.content() or "incorrect" in page.content().lower()
    screenshot(page, "sign-in-error")
    violations = run_axe(page)
    assert not violations, describe(violations)


KEY_PUBLIC_PAGES = {
    "home": "/",
    "directory-results": "/find-a-service/?location=CF10&q=anger",
    "listing": "/find-a-service/cardiff-group/?back=location%3DCF10%26q%3Danger",
    "site-search": "/search/?q=anger",
    "cover-your-tracks": "/cover-your-tracks/",
    "directory-error": "/find-a-service/?location=ZZ99+9ZZ",
}


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_key_public_pages_have_no_violations_of_any_impact(browser, base_url, width):
    """Every axe rule, minor and moderate included (`region`: all content, the exit links too, is in a landmark)."""
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", bypass_csp=True,
                              is_mobile=width < 800, has_touch=width < 800)
    try:
        page = ctx.new_page()
        for name, path in KEY_PUBLIC_PAGES.items():
            page.goto(base_url + path)
            assert page.locator("h1").count() == 1, name
            violations = run_axe(page, every_impact=True)
            assert not violations, f"{name} at {width}px: " + describe(violations)
            if width in (375, 1280):
                screenshot(page, f"{name}-{width}")
    finally:
        ctx.close()


def test_error_summary_takes_focus_lists_problems_in_order_and_links_to_fields(page, base_url):
    page.goto(base_url + "/find-a-service/cardiff-group/report/")
    page.get_by_label("What is wrong?").fill("")
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_be_focused()
    items = page.locator(".error-summary li").all_inner_texts()
    assert items[0] == "Choose what the problem is with this listing."
    assert items[1] == "Tell us what is wrong with this listing."
    page.locator(".error-summary").get_by_role("link", name="Choose what the problem is with this listing.").click()
    assert page.evaluate("document.activeElement.type") == "radio"
    screenshot(page, "report-errors")
    violations = run_axe(page, every_impact=True)
    assert not violations, describe(violations)


def test_directory_error_summary_takes_focus(page, base_url):
    page.goto(base_url + "/find-a-service/?location=ZZ99+9ZZ")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.locator(".error-summary a").click()
    assert page.evaluate("document.activeElement.id") == "id_location"
