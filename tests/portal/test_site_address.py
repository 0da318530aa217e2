"""One site address: the Wagtail Site's hostname and port, set from SITE_URL, builds every absolute
URL; production's deploy check refuses a local address."""

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.models import Site

from portal.site_address import absolute_url, check_site_address, site_fields_from

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, fields", [
    ("https://portal.example.org", {"hostname": "portal.example.org", "port": 443}),
    ("http://127.0.0.1:8000/", {"hostname": "127.0.0.1", "port": 8000}),
    ("portal.example.org", {"hostname": "portal.example.org", "port": 80}),
])
def test_site_url_becomes_the_sites_hostname_and_port(url, fields):
    assert site_fields_from(url) == fields


@override_settings(SITE_URL="https://portal.example.org")
def test_demo_loader_sets_the_site_and_every_link_follows_it(client, kernel_site):
    from portal.demo.content import build_pages

    build_pages()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.example.org", 443)
    assert absolute_url("/news/") == "https://portal.example.org/news/"
    news = client.get("/news/", HTTP_HOST="127.0.0.1").content.decode()
    assert '<link rel="canonical" href="https://portal.example.org/news/">' in news
    assert 'content="https://portal.example.org/news/"' in news
    assert "https://portal.example.org/sitemap.xml" in client.get("/robots.txt").content.decode()
    assert b"<loc>https://portal.example.org/" in client.get("/sitemap.xml").content
    atom = client.get("/news/feed/atom/", HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="https://portal.example.org/news/' in atom or "https://portal.example.org/news/" in atom
    root = client.get("/api/openreferral/").json()
    assert root["openapi_url"] == "https://portal.example.org/api/openreferral/openapi.json"


def test_coalition_emails_link_to_the_site_not_the_server_that_sent_them(kernel_site):
    from coalition.notifications import absolute

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "portal.example.org", 443
    site.save()
    assert absolute("/coalition/invitation/abc/") == "https://portal.example.org/coalition/invitation/abc/"
    assert mail.outbox == []


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_deploy_check_refuses_a_local_address(kernel_site):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    ids = {e.id for e in check_site_address(databases=["default"])}
    assert ids == {"portal.E101", "portal.E102"}


@override_settings(SITE_URL="https://portal.example.org")
def test_deploy_check_passes_a_public_address(kernel_site):
    Site.objects.filter(is_default_site=True).update(hostname="portal.example.org", port=443)
    assert check_site_address(databases=["default"]) == []
