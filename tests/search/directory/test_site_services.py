"""Drive site pages list the directory's services that serve their area, the Idva linked to Drive
first, each by its town only (Priya's journey)."""

import re

import pytest

from portal.models import SitePage
from search.directory.demo import load_directory_demo

pytestmark = pytest.mark.django_db


def section(html: str) -> str:
    match = re.search(r'<section aria-labelledby="area-services-heading">(.*?)</section>', html, re.S)
    assert match, "the site page has no services section"
    return match.group(1)


def test_essex_site_page_lists_its_services_with_the_drive_idva_first(client, kernel_site):
    load_directory_demo()
    page = SitePage.objects.get(slug="essex")
    html = client.get(page.url).content.decode()
    listed = section(html)
    names = re.findall(r'<a href="/find-a-service/[^"]+/">([^<]+)</a>', listed)
    assert names[0] == "Essex Idva service linked to Drive"
    assert names[1] == "Drive Essex: high-harm case management"
    assert "Chelmsford domestic abuse perpetrator programme" in names
    assert not any("Cardiff" in n or "Swansea" in n for n in names)
    # The confidential Idva shows its town only.
    idva = listed.split("Essex Idva service linked to Drive", 1)[1].split("</li>", 1)[0]
    assert "Colchester" in idva and "CO1" not in idva and "Confidential address" not in idva


def test_a_site_page_lists_nothing_when_no_service_serves_it(client, kernel_site):
    html = client.get(SitePage.objects.get(slug="essex").url).content.decode()
    assert 'id="area-services-heading"' not in html
