"""Where services are missing, in Chromium: the map and table pass axe-core at 375 and 1280 px, no
page scrolls sideways at 320 px, the map's squares are links named with their figures, and the
visit sets no cookie and asks no other origin for anything."""

from urllib.parse import urlparse

import pytest

from tests.browser.helpers import describe, run_axe
from tests.browser.test_reflow import WIDER_THAN_SCREEN

pytestmark = pytest.mark.browser

PAGES = ["/find-a-service/coverage/?type=young-people", "/find-a-service/coverage/?force=South+Wales",
         "/find-a-service/coverage/W06000015/?type=young-people"]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_coverage_pages_pass_axe(browser, base_url, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", bypass_csp=True)
    try:
        page = ctx.new_page()
        others = []
        page.on("request", lambda r: others.append(r.url) if urlparse(r.url).netloc != urlparse(base_url).netloc
                and not r.url.startswith("data:") else None)
        for path in PAGES:
            page.goto(base_url + path)
            violations = run_axe(page, every_impact=True)
            assert violations == [], f"{path} at {width}px:\n{describe(violations)}"
        page.goto(base_url + PAGES[0])
        page.screenshot(path=f"/tmp/coverage-{width}.png")
        page.locator(".coverage-map").scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/coverage-{width}-map.png")
        page.locator("#coverage-table").scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/coverage-{width}-table.png")
        assert others == []
        assert ctx.cookies() == []
    finally:
        ctx.close()


def test_the_map_squares_are_named_links_and_the_table_sorts_without_javascript(browser, base_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/find-a-service/coverage/?type=young-people")
        squares = page.locator("svg.coverage-map__svg a")
        assert squares.count() == 318
        label = page.locator('svg.coverage-map__svg a[aria-label^="Cardiff:"]').get_attribute("aria-label")
        assert "local" in label and "national services" in label
        page.locator('svg.coverage-map__svg a[aria-label^="Cardiff:"]').click()
        assert page.locator("h1").inner_text() == "Cardiff"
        page.goto(base_url + "/find-a-service/coverage/?type=young-people")
        page.get_by_role("link", name="Local", exact=True).click()
        assert "sort=local" in page.url
        page.select_option("#id_type", "drive")
        page.get_by_role("button", name="Show").click()
        assert "type=drive" in page.url
        assert "drive high-harm case management" in page.locator("h2#coverage-table-heading").inner_text().lower()
    finally:
        ctx.close()


def test_nothing_scrolls_sideways_at_320(browser, base_url):
    ctx = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    try:
        page = ctx.new_page()
        for path in PAGES + ["/find-a-service/coverage/"]:
            page.goto(base_url + path)
            assert page.evaluate(WIDER_THAN_SCREEN) == [], path
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
        page.screenshot(path="/tmp/coverage-320.png", full_page=False)
    finally:
        ctx.close()
