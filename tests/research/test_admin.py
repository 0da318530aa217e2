"""Editors can create and edit every research page type and key findings in the admin."""

import pytest

from research.models import KeyFinding, PriorityGapPage, PublicationPage
from tests.users import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, research_site):
    client.force_login(staff_user("admin", superuser=True))
    return client


def test_add_forms_render(admin_client, index):
    for model in ("publicationpage", "prioritygappage"):
        response = admin_client.get(f"/admin/pages/add/research/{model}/{index.pk}/")
        assert response.status_code == 200, model
    assert admin_client.get("/admin/snippets/research/keyfinding/add/").status_code == 200


def test_edit_forms_render(admin_client, index):
    for page in (index, PriorityGapPage.objects.first(), PublicationPage.objects.first()):
        assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    finding = KeyFinding.objects.first()
    assert admin_client.get(f"/admin/snippets/research/keyfinding/edit/{finding.pk}/").status_code == 200


def test_search_report_is_in_the_reports_menu(admin_client):
    response = admin_client.get("/admin/reports/site-search/")
    assert response.status_code == 200
    assert "Most popular searches" in response.content.decode()
