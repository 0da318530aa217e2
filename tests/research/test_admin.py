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


def test_an_editor_creates_key_findings(client, research_site):
    """Tom (Editors only) adds a key finding for his publication; he may not delete findings."""
    from portal.accounts.roles import EDITORS

    editor = staff_user("tom", EDITORS)
    client.force_login(editor)
    assert client.get("/admin/snippets/research/keyfinding/add/").status_code == 200
    response = client.post("/admin/snippets/research/keyfinding/add/", {
        "key": "tom-finding", "statistic": "64%", "measures": "Service users who stopped physical abuse.",
        "chart_label": "Physical abuse", "chart_value": "64", "sample_size": "14", "numerator": "9",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    finding = KeyFinding.objects.get(key="tom-finding")
    assert client.get(f"/admin/snippets/research/keyfinding/edit/{finding.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/research/keyfinding/delete/{finding.pk}/").status_code in (302, 403)
    assert KeyFinding.objects.filter(pk=finding.pk).exists()


def test_a_finding_added_without_a_key_gets_one_from_its_chart_label(client, research_site):
    """Editors need not invent a unique key: one is made from the label (or what it measures)."""
    from portal.accounts.roles import EDITORS

    client.force_login(staff_user("tom", EDITORS))
    for _ in range(2):
        response = client.post("/admin/snippets/research/keyfinding/add/", {
            "statistic": "41%", "measures": "Service users homeless when referred.",
            "chart_label": "Homeless when referred",
        })
        assert response.status_code == 302, response.content.decode()[:2000]
    assert list(KeyFinding.objects.filter(statistic="41%").values_list("key", flat=True)) == [
        "homeless-when-referred", "homeless-when-referred-2"]
    unlabelled = KeyFinding.objects.create(statistic="3 times", measures="As likely to stop, compared with...")
    assert unlabelled.key == "as-likely-to-stop-compared-with"


def test_editors_submit_for_moderation_and_moderators_may_publish(client, index):
    from portal.accounts.roles import EDITORS, MODERATORS

    page = PublicationPage.objects.first()
    client.force_login(staff_user("tom", EDITORS))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Submit to Moderators approval" in html and 'name="action-publish"' not in html
    client.force_login(staff_user("mo", MODERATORS))
    assert 'name="action-publish"' in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_a_new_evidence_chart_starts_with_no_empty_rows_and_publishes_from_findings_alone(research_site):
    from research.blocks import EvidenceChartBlock

    block = EvidenceChartBlock()
    fresh = block.get_default()
    assert list(fresh["rows"]) == [] and list(fresh["findings"]) == []
    findings = list(KeyFinding.objects.exclude(chart_value=None)[:2])
    value = block.to_python({"title": "Two findings", "unit": "%", "findings": [f.pk for f in findings],
                             "source": "", "summary": ""})
    cleaned = block.clean(value)  # no empty table row to delete first
    assert [p.value for p in block.build_chart(cleaned).points] == [f.chart_value for f in findings]
