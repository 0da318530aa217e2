"""The accessibility statement and privacy notice: editable pages from the demo loader, linked from
every footer; and the site's own favicon."""

import pytest
from django.core.management import call_command

from portal.models import FooterLink, StandardPage

pytestmark = pytest.mark.django_db


def test_the_statements_are_published_pages_in_the_uk_formats(client, kernel_site):
    accessibility = client.get("/accessibility/").content.decode()
    for words in ("Compliance status", "partially compliant with the Web Content Accessibility Guidelines version 2.2",
                  "How accessible this website is", "Reporting accessibility problems with this website",
                  "Enforcement procedure", "Equality and Human Rights Commission",
                  "Equality Commission for Northern Ireland", "Preparation of this accessibility statement",
                  "axe-core", "320, 375 and 1280 pixels"):
        assert words in accessibility, words
    privacy = client.get("/privacy/").content.decode()
    for words in ("If you read the website", "If you have an account (learners)", "coalition member",
                  "If you edit or moderate the website", "legitimate interests", "until you delete your account",
                  "Who sees your information", "Your rights", "Information Commissioner", "csrftoken",
                  "deleted when you close the browser"):
        assert words in privacy, words
    assert StandardPage.objects.get(slug="privacy").live


def test_loading_the_demo_twice_changes_nothing(kernel_site):
    from portal.demo.content import build_pages
    from portal.demo.site_setup import configure_site

    before = (StandardPage.objects.count(), FooterLink.objects.count())
    configure_site(build_pages())
    assert (StandardPage.objects.count(), FooterLink.objects.count()) == before
    assert StandardPage.objects.filter(slug__in=["accessibility", "privacy"]).count() == 2


def test_an_older_site_gets_the_footer_links_once(kernel_site):
    from portal.demo.content import build_pages
    from portal.demo.site_setup import configure_site

    FooterLink.objects.filter(label__in=["Accessibility statement", "Privacy notice"]).delete()
    configure_site(build_pages())
    configure_site(build_pages())
    assert FooterLink.objects.filter(label="Accessibility statement").count() == 1
    assert FooterLink.objects.filter(label="Privacy notice").count() == 1


@pytest.mark.parametrize("path", ["/", "/about/", "/news/", "/accounts/login/", "/accounts/signup/",
                                  "/no-such-page/", "/privacy/"])
def test_every_footer_links_to_both_statements(client, kernel_site, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer"'):]
    assert 'href="/accessibility/">Accessibility statement</a>' in footer
    assert 'href="/privacy/">Privacy notice</a>' in footer


def test_the_site_serves_its_own_favicon(client, kernel_site):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert not response.cookies
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/portal/icons/favicon.svg" type="image/svg+xml">' in html
    assert client.get("/static/portal/icons/favicon.svg").status_code == 200


def test_the_demo_loader_command_is_idempotent_for_the_statements(kernel_site):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    count = StandardPage.objects.filter(slug__in=["accessibility", "privacy"]).count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert StandardPage.objects.filter(slug__in=["accessibility", "privacy"]).count() == count == 2
