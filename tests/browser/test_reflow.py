"""Phone first: no page scrolls sideways at 320 px (WCAG 1.4.10 Reflow), the header is compact,
the directory shows results before its filters, and nothing focused hides under the exit bar.

The public crawl starts at the home page and follows every same-site link a reader can follow
(pages, directory searches and listings, news, research, training previews), then the signed-in
pages a learner reaches from "Your account".
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.helpers import create_person, screenshot, sign_in

PHONE = {"width": 320, "height": 640}
SKIP = re.compile(
    r"^/(exit/|admin|documents/|accounts/logout|accounts/delete|accounts/my-data|api/|news/feed/|sitemap|robots)"
    r"|\.(pdf|ics|csv|xml|json|txt|ris|bib)$|/feed/|/calendar\.ics|/certificate|/cite/"
)
MAX_PAGES = 160
LEARNER = "sam.reflow@example.org"
PASSWORD = "a-long-reflow-pass-phrase"

WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
      + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""


def _links(page, base_url) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    own = urlparse(base_url).netloc
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlparse(url)
        if parts.netloc != own or parts.scheme not in ("http", "https") or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(page, base_url, start: list[str], limit: int = MAX_PAGES, within=None) -> dict[str, list[str]]:
    """Visit pages breadth-first from `start`; {path: elements wider than the screen} for each."""
    seen, queue, widths = set(start), deque(start), {}
    paths_seen = set()
    while queue and len(widths) < limit:
        path = queue.popleft()
        try:
            response = page.goto(base_url + path)
        except PlaywrightError:  # a download (citation file, certificate), not a page
            continue
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        widths[path] = ([] if scroll_width <= PHONE["width"]
                        else [f"scrollWidth {scroll_width}"] + page.evaluate(WIDER_THAN_SCREEN))
        for link in _links(page, base_url):
            bare = link.split("?")[0]
            # one visit per page, plus a few variants of each searchable listing (filters, pages)
            variants = sum(1 for p in seen if p.split("?")[0] == bare)
            if link in seen or (within and not within(link)) or ("?" in link and variants >= 3):
                continue
            if "?" not in link and bare in paths_seen:
                continue
            seen.add(link)
            paths_seen.add(bare)
            queue.append(link)
    return widths


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    yield page
    ctx.close()


def test_no_public_page_scrolls_sideways_at_320px(phone, base_url):
    widths = _crawl(phone, base_url, ["/", "/find-a-service/?location=CF10&q=anger", "/search/?q=drive"])
    assert len(widths) >= 40, sorted(widths)  # the crawl really reached the site
    too_wide = {path: found for path, found in widths.items() if found}
    assert not too_wide, too_wide


def test_no_signed_in_page_scrolls_sideways_at_320px(phone, base_url, server_env):
    create_person(server_env, LEARNER, PASSWORD)
    sign_in(phone, base_url, LEARNER, PASSWORD)
    signed_in = re.compile(r"^/(accounts|training)/")
    widths = _crawl(phone, base_url, ["/accounts/overview/", "/training/"], limit=60,
                    within=lambda path: bool(signed_in.match(path)))
    assert "/accounts/overview/" in widths
    assert len(widths) >= 8, sorted(widths)
    too_wide = {path: found for path, found in widths.items() if found}
    assert not too_wide, too_wide


def test_phone_header_is_compact_and_the_main_action_is_in_the_first_screen(browser, base_url):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        header = page.locator(".site-header").bounding_box()
        assert header["y"] + header["height"] < 200, header
        expect(page.get_by_role("searchbox", name="Search the site")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        for locator in (page.get_by_role("heading", level=1), page.locator("main .button", has_text="Find a service")):
            box = locator.first.bounding_box()
            assert box and box["y"] + box["height"] <= 667, box
        screenshot(page, "phone-home-first-screen")

        page.locator(".site-header summary", has_text="Menu").click()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_visible()
        page.locator(".site-header summary", has_text="Search").click()
        page.get_by_role("searchbox", name="Search the site").fill("anger")
        page.get_by_role("searchbox", name="Search the site").press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=anger"))
    finally:
        ctx.close()


def test_phone_header_disclosures_work_without_javascript(browser, base_url):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/about/")
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        page.locator(".site-header summary", has_text="Menu").click()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_visible()
    finally:
        ctx.close()


def test_desktop_header_shows_search_and_navigation(page, base_url):
    page.goto(base_url + "/")
    expect(page.get_by_role("searchbox", name="Search the site")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_visible()
    expect(page.locator(".site-header summary").first).to_be_hidden()


def test_directory_results_come_first_on_a_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/find-a-service/?location=CF10&q=anger")
        first = page.locator(".directory-hits .directory-hit").first.bounding_box()
        assert first["y"] < 2 * 667, first
        filters = page.locator("details.directory-filters")
        expect(filters.locator("summary")).to_have_text(re.compile("Filter results"))
        expect(page.locator("#f-refer-professional")).to_be_hidden()
        screenshot(page, "phone-directory-results")
        filters.locator("summary").click()
        box = page.locator("label[for=f-refer-professional]").bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, box
        tick = page.locator("#f-refer-professional").bounding_box()
        assert tick["height"] >= 24 and tick["width"] >= 24, tick
        page.locator("label[for=f-refer-professional]").click()
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"refer=professional"))
        # results stay first; the closed disclosure says how many filters are on
        expect(filters.locator("summary")).to_have_text(re.compile(r"Filter results \(1 selected\)"))
        expect(page.locator("#f-refer-professional")).to_be_checked()
        assert page.locator(".directory-hits .directory-hit").first.bounding_box()["y"] < 2 * 667
    finally:
        ctx.close()


def test_focused_controls_never_hide_under_the_sticky_exit_bar(browser, base_url):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/about/the-drive-model/")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        for _ in range(40):  # Shift+Tab backwards up the page
            page.keyboard.press("Shift+Tab")
            bar = page.locator(".exit-this-page").bounding_box()
            focused = page.evaluate("""() => { const el = document.activeElement;
                if (!el || el === document.body || el.closest('.exit-this-page')) return null;
                const r = el.getBoundingClientRect();
                return {top: r.top, bottom: r.bottom, text: el.textContent.trim()}; }""")
            if focused:
                assert focused["bottom"] > bar["y"] + bar["height"], (focused, bar)
    finally:
        ctx.close()


SMALL_CHOICES = """() => [...document.querySelectorAll('main input[type=radio], main input[type=checkbox]')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => [el.id || el.name, el.getBoundingClientRect()])
  .filter(([, box]) => box.width < 24 || box.height < 24)
  .map(([name, box]) => `${name} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.mark.parametrize("path", [
    "/find-a-service/cardiff-group/report/",  # radios
    "/research/child-victim-survivors/have-your-say/",  # consent checkbox
    "/coalition/join/",  # region and ask checkboxes
])
def test_every_radio_and_checkbox_on_a_public_form_is_at_least_24px_on_a_phone(phone, base_url, path):
    response = phone.goto(base_url + path)
    assert response.status == 200, path
    assert phone.locator("main input[type=radio], main input[type=checkbox]").count() > 0
    assert phone.evaluate(SMALL_CHOICES) == []
