"""Editors see what needs attention on the dashboard, each item linking to its edit view."""

import datetime

import pytest
from wagtail.documents.models import Document
from wagtail.images.tests.utils import Image, get_test_image_file

from portal import content_health
from portal.models import NewsPage, StandardPage
from tests.users import staff_user

pytestmark = pytest.mark.django_db


def test_pages_not_reviewed_for_a_year_are_listed(kernel_site):
    page = StandardPage.objects.get(slug="partnership")
    page.last_reviewed = datetime.date(2020, 1, 1)
    page.save_revision().publish()
    items = content_health.stale_pages(today=datetime.date(2026, 11, 23))
    assert [i.label for i in items] == ["The partnership"]
    assert items[0].edit_url == f"/admin/pages/{page.pk}/edit/"
    assert "last reviewed 1 Jan 2020" in items[0].detail


def test_links_to_unpublished_pages_are_reported_as_broken(kernel_site):
    target = NewsPage.objects.get(slug="home-office-perpetrator-funding")
    source = StandardPage.objects.get(slug="partnership")
    source.body = [("rich_text", f'<p>See <a linktype="page" id="{target.pk}">the funding news</a>.</p>')]
    source.save_revision().publish()
    assert content_health.broken_internal_links() == []
    target.unpublish()
    broken = content_health.broken_internal_links()
    assert [i.label for i in broken] == ["The partnership"]
    assert broken[0].edit_url == f"/admin/pages/{source.pk}/edit/"


def test_unused_documents_and_images_without_alt_text(kernel_site):
    from django.core.files.base import ContentFile

    doc = Document.objects.create(title="Old leaflet", file=ContentFile(b"%PDF-1.4", name="leaflet.pdf"))
    Image.objects.create(title="Team photo", file=get_test_image_file(), description="")
    Image.objects.create(title="Described", file=get_test_image_file(), description="A case manager at work")
    assert [d.label for d in content_health.unused_documents()] == ["Old leaflet"]
    assert content_health.unused_documents()[0].edit_url == f"/admin/documents/edit/{doc.pk}/"
    assert [i.label for i in content_health.images_without_alt_text()] == ["Team photo"]


def test_dashboard_shows_the_content_health_panel(client, kernel_site):
    admin = staff_user("ed", superuser=True)
    page = StandardPage.objects.get(slug="evidence")
    page.last_reviewed = datetime.date(2019, 6, 1)
    page.save_revision().publish()
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "Content health" in html
    assert f'href="/admin/pages/{page.pk}/edit/">The evidence</a>' in html
