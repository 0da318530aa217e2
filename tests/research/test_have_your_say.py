"""'Have your say': anonymous by default, consent required, sanitised, readable only by moderators."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from portal.accounts.roles import EDITORS, MODERATORS
from research.models import LivedExperienceResponse, PriorityGapPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/research/racialised-communities/have-your-say/"


def staff(username, group_name):
    user = UserFactory(username=username, email=f"{username}@example.org", groups=[group_name], mfa=True,
                       verified=False)
    Group.objects.get(name=group_name).permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_form_shows_safety_notice_consent_and_anonymity(client, research_site):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your safety" in html and "call 999" in html
    assert "Exit this page" in html
    assert "You do not need to give your name or contact details" in html
    assert "I agree that the Drive Partnership may keep what I have written" in html
    assert "(optional)" in html  # contact fields are optional
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_anonymous_response_is_saved_sanitised_and_not_emailed(client, research_site):
    response = client.post(URL, {
        "experience": "<script>alert(1)</script>Services did not <b>listen</b> to us.",
        "what_should_change": "<img src=x onerror=alert(1)>Interpreters",
        "perspective": "victim-survivor",
        "consent": "on",
    })
    assert response.status_code == 200
    assert "Thank you for telling us" in response.content.decode()
    saved = LivedExperienceResponse.objects.get()
    assert saved.gap.slug == "racialised-communities"
    assert "<" not in saved.experience and "Services did not listen to us." in saved.experience
    assert saved.what_should_change == "Interpreters"
    assert saved.is_anonymous and saved.consent_given
    assert mail.outbox == []


def test_consent_and_experience_are_required(client, research_site):
    response = client.post(URL, {"experience": "<p></p>"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter what you would like us to know." in html
    assert "Tick the box to agree" in html
    assert not LivedExperienceResponse.objects.exists()


def test_contact_details_only_when_given(client, research_site):
    client.post(URL, {"experience": "Please get in touch.", "contact_name": "Sam",
                      "contact_detail": "sam@example.org", "consent": "on"})
    saved = LivedExperienceResponse.objects.get()
    assert not saved.is_anonymous and saved.contact_detail == "sam@example.org"


def test_gap_that_closed_responses_redirects(client, research_site):
    gap = PriorityGapPage.objects.get(slug="racialised-communities")
    gap.accepts_responses = False
    gap.save_revision().publish()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/research/racialised-communities/"


def test_only_moderators_can_read_responses_in_the_admin(client, research_site):
    gap = PriorityGapPage.objects.get(slug="lgbt-communities")
    item = LivedExperienceResponse.objects.create(gap=gap, experience="A private account.", consent_given=True)
    listing = "/admin/lived_experience_responses/"
    inspect = f"/admin/lived_experience_responses/inspect/{item.pk}/"

    client.force_login(staff("editor", EDITORS))
    assert client.get("/admin/").status_code == 200  # editors reach the admin...
    assert client.get(listing).status_code in (302, 403)  # ...but not the responses
    assert b"A private account." not in client.get(inspect).content
    assert b"Have your say responses" not in client.get("/admin/").content

    client.force_login(staff("moderator", MODERATORS))
    assert client.get(listing).status_code == 200
    assert b"Have your say responses" in client.get("/admin/").content
    page = client.get(inspect)
    assert page.status_code == 200 and b"A private account." in page.content
    assert client.get("/admin/lived_experience_responses/new/").status_code in (302, 403, 404)
