"""Text a provider or a visitor writes reaches the directory's pages, emails and the Open Referral
API as plain text: entity-encoded and double-encoded payloads never turn into tags."""

import re

import pytest
from django.core import mail
from django.utils.html import escape

from search.models import ChangeProposal, ProblemReport, Service
from tests.factories import UserFactory

from .. import factories as f

pytestmark = pytest.mark.django_db
API = "/api/openreferral"
TAG_START = re.compile(r"<[A-Za-z/!?]")
PAYLOADS = {
    "encoded": "&lt;script&gt;alert(1)&lt;/script&gt; Evening group",
    "double-encoded": "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; Evening group",
    "mixed": "<b>&lt;img src=x onerror=alert(1)&gt;</b>&amp;lt;script&gt;alert(1)&lt;/script&gt; Evening group",
    "split": "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt; Evening group",
}


def _texts(data):
    if isinstance(data, dict):
        return [text for value in data.values() for text in _texts(value)]
    if isinstance(data, list):
        return [text for value in data for text in _texts(value)]
    return [data] if isinstance(data, str) else []


@pytest.fixture
def people(django_user_model):
    provider = UserFactory(username="prov", email="provider@example.org", verified=False)
    moderator = UserFactory(username="mod", email="mod@example.org", groups=["Moderators"], verified=False)
    return provider, moderator


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_a_proposed_description_reaches_the_api_as_text(kind, client, people):
    provider, moderator = people
    listing = f.service("Cardiff group", postcode="CF10 1AE")
    listing.organization.providers.add(provider)
    client.force_login(provider)
    response = client.post(f"/find-a-service/{listing.slug}/propose/", {
        "description": PAYLOADS[kind], "referral_routes": ["self"], "risk_levels": ["standard"],
        "attending_type": ["in_person"], "languages": ["en"], "is_free": "on"})
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    client.force_login(moderator)
    client.post(f"/find-a-service/moderation/{proposal.pk}/", {"decision": "approve", "note": ""})

    stored = Service.objects.get(pk=listing.pk).description
    assert stored.endswith("Evening group") and not TAG_START.search(stored)
    client.logout()
    data = client.get(f"{API}/services/{listing.pk}").json()
    assert data["description"] == stored
    page = client.get(listing.get_absolute_url()).content.decode()
    assert escape(stored) in page
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script" not in page


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_a_problem_report_is_stored_and_emailed_as_text(kind, client, people, django_capture_on_commit_callbacks):
    listing = f.service("Cardiff group", postcode="CF10 1AE")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/find-a-service/{listing.slug}/report/",
                               {"kind": ProblemReport.Kind.choices[0][0], "details": PAYLOADS[kind]})
    assert response.status_code == 200
    details = ProblemReport.objects.get().details
    assert details.endswith("Evening group") and not TAG_START.search(details)
    assert len(mail.outbox) == 1 and details in mail.outbox[0].body
    assert not TAG_START.search(mail.outbox[0].body)


def test_markup_stored_by_other_means_never_leaves_through_the_api(client):
    """An editor's field in the admin, or a row stored before the rule: the API still serves text."""
    org = f.organisation("<b>Bold</b> Trust")
    listing = f.service("<script>alert(1)</script>Cardiff group", org=org, postcode="CF10 1AE",
                        description="&lt;img src=x onerror=alert(1)&gt;Weekly <i>group</i>",
                        url="https://example.org/?a=1&b=2")
    for url in (f"{API}/services/{listing.pk}", f"{API}/services", f"{API}/service_at_locations"):
        body = client.get(url).json()
        assert not [text for text in _texts(body) if TAG_START.search(text)], url
    data = client.get(f"{API}/services/{listing.pk}").json()
    assert data["name"] == "alert(1)Cardiff group" and data["description"] == "Weekly group"
    assert data["organization"]["name"] == "Bold Trust"
    assert data["url"] == "https://example.org/?a=1&b=2"  # addresses are served as stored
