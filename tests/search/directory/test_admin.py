"""The directory in the Wagtail admin: listings, the stale filter, the dashboard panel, editing."""

import pytest

from portal.accounts.privacy import export_user_data
from search.models import ChangeProposal, ProblemReport
from tests.users import staff_user

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(staff_user("admin", superuser=True))
    return client


def test_stale_listings_are_flagged_and_filterable(admin_client):
    f.service("Old listing", postcode="CF10 1AE", reviewed_days_ago=500)
    f.service("Fresh listing", postcode="CF10 1AE", reviewed_days_ago=5)
    everything = admin_client.get("/admin/snippets/search/service/").content.decode()
    assert "Not reviewed for 12 months" in everything and "Fresh listing" in everything
    stale = admin_client.get("/admin/snippets/search/service/?stale=true").content.decode()
    assert "Old listing" in stale and "Fresh listing" not in stale
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Directory listings not reviewed for 12 months (1)" in dashboard and "Old listing" in dashboard


def test_service_edit_and_create_forms_render(admin_client):
    svc = f.service("Cardiff group", postcode="CF10 1AE", areas=[f.CARDIFF])
    assert admin_client.get(f"/admin/snippets/search/service/edit/{svc.pk}/").status_code == 200
    assert admin_client.get("/admin/snippets/search/service/add/").status_code == 200
    assert admin_client.get("/admin/snippets/search/location/").status_code == 200
    assert admin_client.get("/admin/snippets/search/problemreport/").status_code == 200


def test_privacy_export_includes_problem_reports(django_user_model):
    user = django_user_model.objects.create_user("u", "u@example.org", "a-long-password")
    svc = f.service("Cardiff group")
    ProblemReport.objects.create(service=svc, kind="closed", details="It closed", user=user)
    data = export_user_data(user)
    assert data["directory"]["problem_reports"][0]["details"] == "It closed"


def test_moderators_open_what_they_are_emailed_and_editors_the_listings_they_review(client):
    svc = f.service("Cardiff group", postcode="CF10 1AE", reviewed_days_ago=400)
    report = ProblemReport.objects.create(service=svc, kind="wrong_details", details="Old phone number")
    moderator, editor = staff_user("mod", "Moderators"), staff_user("ed", "Editors")

    client.force_login(moderator)
    edit_report = f"/admin/snippets/search/problemreport/edit/{report.pk}/"
    assert "Old phone number" in client.get(edit_report).content.decode()  # the emailed link opens
    assert client.get("/admin/snippets/search/changeproposal/").status_code == 200
    assert client.get("/admin/snippets/search/listingchange/").status_code == 200
    assert client.get(f"/admin/snippets/search/service/edit/{svc.pk}/").status_code == 200
    assert client.get("/admin/snippets/search/service/add/").status_code == 200
    assert client.get(f"/admin/snippets/search/service/delete/{svc.pk}/").status_code != 200
    assert not ChangeProposal.objects.exists()

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    stale_link = f"/admin/snippets/search/service/edit/{svc.pk}/"
    assert stale_link in html  # the dashboard's stale listing...
    assert client.get(stale_link).status_code == 200  # ...opens for the editor
    assert client.get("/admin/snippets/search/service/add/").status_code != 200
    assert client.get(edit_report).status_code != 200  # reports are the moderators'
