"""Reading public pages sets no cookie and asks nothing of any other origin."""

from urllib.parse import urlparse

from tests.browser.helpers import under_the_real_policy

PUBLIC_PATHS = ["/", "/about/", "/about/evidence/", "/news/", "/news/drive-responds-to-the-vawg-strategy/",
                "/cover-your-tracks/", "/where-drive-works/west-mercia/", "/search/?q=Drive"]


def test_anonymous_reading_sets_no_cookie_and_makes_no_third_party_request(context, page, base_url):
    own = urlparse(base_url).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PUBLIC_PATHS:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    foreign = [url for url in requested if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != own]
    assert foreign == []
    assert len(requested) >= len(PUBLIC_PATHS) * 2  # pages plus their own CSS and JS
    assert context.cookies() == []


def test_pages_work_under_the_real_content_security_policy(browser, base_url):
    with under_the_real_policy(browser, base_url, "/") as (page, problems):
        assert problems == []
        # our script ran (it marks the document) and inline script would be refused
        assert page.evaluate("document.documentElement.classList.contains('js')")
        assert "script-src 'self'" in page.evaluate(
            "async () => (await fetch(location.href)).headers.get('content-security-policy')"
        )
