"""/sitemap.xml as a crawler reads it (the sitemaps.org protocol): every public page, the
directory's search and listings and the research listing, each an absolute <loc> on the site's one
address with a W3C date as <lastmod>; nothing private, nothing unlisted."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from usp.objects.sitemap import PagesXMLSitemap
from usp.tree import sitemap_from_str

from search.models import Service

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://portal.example.org"


def read_sitemap(client) -> dict[str, str]:
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == NS + "urlset"
    entries = {}
    for url in root:
        assert url.tag == NS + "url"
        children = {child.tag.removeprefix(NS): child.text for child in url}
        assert set(children) <= {"loc", "lastmod", "changefreq", "priority"}, children
        loc = children["loc"]
        assert loc not in entries, f"{loc} listed twice"
        assert len(loc) < 2048
        entries[loc] = children.get("lastmod")
    assert 0 < len(entries) <= 50_000
    return entries


@pytest.fixture
def demo(db):
    """The whole demo, its Site set from SITE_URL as `make run` does; requests arrive on another host."""
    from django.core.management import call_command

    with override_settings(SITE_URL=SITE):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_the_sitemap_lists_pages_listings_and_indexes_on_the_sites_address(client, demo):
    entries = read_sitemap(client)
    assert all(loc.startswith(SITE + "/") for loc in entries), [loc for loc in entries if not loc.startswith(SITE)]
    for path in ("/", "/news/", "/research/", "/research/publications/", "/find-a-service/", "/training/"):
        assert SITE + path in entries, path
    listed = set(Service.objects.listed().values_list("slug", flat=True))
    assert len(listed) >= 40
    assert {SITE + f"/find-a-service/{slug}/" for slug in listed} <= set(entries)
    for lastmod in entries.values():
        assert lastmod is not None
        datetime.date.fromisoformat(lastmod[:10])  # W3C datetime: a date, optionally a time


@pytest.mark.django_db
def test_private_and_unlisted_things_stay_out(client, demo):
    closed = Service.objects.listed().order_by("slug").first()
    closed.status = "inactive"
    closed.save()
    entries = read_sitemap(client)
    assert SITE + f"/find-a-service/{closed.slug}/" not in entries
    assert not [loc for loc in entries if "/member-area/" in loc or "/report/" in loc or "/admin/" in loc]


@pytest.mark.django_db
def test_a_sitemap_crawler_reads_every_entry_and_its_date(client, demo):
    """ultimate-sitemap-parser, the crawler library, parses what we serve as a sitemap of pages (not
    an InvalidSitemap) with the same locations and each lastmod as a date."""
    entries = read_sitemap(client)
    sitemap = sitemap_from_str(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content.decode())
    assert isinstance(sitemap, PagesXMLSitemap), sitemap
    pages = {page.url: page.last_modified for page in sitemap.all_pages()}
    assert set(pages) == set(entries)
    for url, lastmod in pages.items():
        assert lastmod is not None and lastmod.date() == datetime.date.fromisoformat(entries[url][:10]), url
