"""axe-core finds no serious or critical WCAG problems on the key pages; screenshots are saved."""

import pytest

from tests.browser.helpers import describe, run_axe, screenshot

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
    page.click("main form button[type=submit]")
    assert "not correct" in page.content() or "incorrect" in page.content().lower()
    screenshot(page, "sign-in-error")
    violations = run_axe(page)
    assert not violations, describe(violations)
