"""What the portal tells an HTTP cache in front, and which URLs it purges there (through Wagtail's
frontend-cache machinery, with a backend that records instead of sending; the real Varnish is in
tests/production/test_varnish.py)."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from portal.models import NewsPage, SiteSettings

pytestmark = pytest.mark.django_db
PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url) -> None:
        PURGED.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"record": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    yield PURGED
    PURGED.clear()


def control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_cached_page_is_public_for_shared_caches_only(client, kernel_site):
    assert control(client.get("/about/")) == {"public", "max-age=0", "s-maxage=300"}
    assert control(client.get("/about/")) == {"public", "max-age=0", "s-maxage=300"}  # from the page cache


def test_signed_in_and_cookie_setting_answers_are_private_no_store(client, kernel_site, django_user_model):
    response = client.get("/accounts/login/")  # sets the form's CSRF cookie
    assert response.cookies and {"private", "no-store"} <= control(response)
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "x" * 16))
    for path in ("/about/", "/robots.txt"):  # a page, and a view that says public to everyone else
        assert {"private", "no-store"} <= control(client.get(path)) and "public" not in control(client.get(path))


def test_a_site_search_says_nothing_and_is_not_kept(client, kernel_site):
    assert "public" not in control(client.get("/search/?q=housing"))


def test_publishing_purges_the_page_and_the_listings_above_it(purged, kernel_site, django_capture_on_commit_callbacks):
    page = NewsPage.objects.get(slug="drive-responds-to-the-vawg-strategy")
    root = kernel_site.root_url
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert set(purged) == {root + page.url, root + page.get_parent().url, root + "/"}


def test_a_setting_purges_the_whole_site_once(purged, kernel_site, django_capture_on_commit_callbacks):
    settings = SiteSettings.for_site(kernel_site)
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
        settings.save()
    assert purged == [kernel_site.root_url + "/*"]


def test_a_listing_change_purges_the_directory_searches_and_the_api(purged, kernel_site,
                                                                    django_capture_on_commit_callbacks):
    from tests.search.factories import service

    with django_capture_on_commit_callbacks(execute=True):
        service(name="Kestrel Programme")
    root = kernel_site.root_url
    assert sorted(purged) == [root + "/api/openreferral/service*", root + "/find-a-service/"]
