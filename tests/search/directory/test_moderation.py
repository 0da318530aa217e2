"""Providers propose, moderators approve or reject, history is kept; staleness reminders."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from search.directory import moderation
from search.models import ChangeProposal, ListingChange, Service
from tests.factories import UserFactory

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    provider = UserFactory(username="prov", email="provider@example.org", verified=False)
    stranger = UserFactory(username="other", email="other@example.org", verified=False)
    mod = UserFactory(username="mod", email="mod@example.org", groups=["Moderators"], verified=False)
    return provider, stranger, mod


@pytest.fixture
def listing(people):
    svc = f.service("Cardiff group", postcode="CF10 1AE", reviewed_days_ago=200)
    svc.organization.providers.add(people[0])
    return svc


def test_only_providers_may_propose(people, listing):
    provider, stranger, _mod = people
    with pytest.raises(moderation.NotAllowed):
        moderation.propose(listing, stranger, {"description": "Hacked"})
    assert moderation.propose(listing, provider, {"description": listing.description}) is None


def test_approval_applies_the_change_and_keeps_history(people, listing, django_capture_on_commit_callbacks):
    provider, _stranger, mod = people
    with django_capture_on_commit_callbacks(execute=True):
        proposal = moderation.propose(listing, provider, {"description": "<b>New</b> evening group",
                                                          "referral_routes": ["self", "professional"]})
    assert proposal.changes == {"description": "New evening group", "referral_routes": ["self", "professional"]}
    assert mail.outbox[-1].to == ["mod@example.org"]
    assert Service.objects.get(pk=listing.pk).description != "New evening group"  # not before approval
    with pytest.raises(moderation.NotAllowed):
        moderation.approve(proposal, provider)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(proposal, mod, "Thanks")
    svc = Service.objects.get(pk=listing.pk)
    assert svc.description == "New evening group" and svc.referral_routes == ["self", "professional"]
    assert svc.last_reviewed == timezone.localdate()
    entry = ListingChange.objects.get(service=svc)
    assert entry.source == "proposal" and entry.user == mod
    assert entry.changes["description"][1] == "New evening group"
    assert mail.outbox[-1].to == ["provider@example.org"] and "approved" in mail.outbox[-1].subject
    with pytest.raises(moderation.NotAllowed):
        moderation.approve(proposal, mod)


def test_rejection_changes_nothing(people, listing):
    provider, _stranger, mod = people
    proposal = moderation.propose(listing, provider, {"description": "Wrong"})
    moderation.reject(proposal, mod, "Please check with your manager")
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.REJECTED and proposal.reviewed_by == mod
    assert Service.objects.get(pk=listing.pk).description != "Wrong"
    assert not ListingChange.objects.exists()


def test_propose_and_review_through_the_pages(client, people, listing):
    provider, stranger, mod = people
    url = f"/find-a-service/{listing.slug}/propose/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(provider)
    assert "Propose a change to this listing" in client.get(listing.get_absolute_url()).content.decode()
    data = {"description": "Now also on Saturdays", "referral_routes": ["self"], "risk_levels": ["standard"],
            "attending_type": ["in_person"], "languages": ["en"], "is_free": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.changes == {"description": "Now also on Saturdays"}
    assert client.get("/find-a-service/moderation/").status_code == 403
    client.force_login(mod)
    queue = client.get("/find-a-service/moderation/").content.decode()
    assert "Now also on Saturdays" in queue
    client.post(f"/find-a-service/moderation/{proposal.pk}/", {"decision": "approve", "note": ""})
    assert Service.objects.get(pk=listing.pk).description == "Now also on Saturdays"


def test_stale_listings_are_found_and_flagged(db):
    old = f.service("Old", reviewed_days_ago=400)
    f.service("New", reviewed_days_ago=10)
    assert list(Service.objects.stale()) == [old]
    assert old.is_stale


def test_review_reminders_are_sent_once_per_review(people):
    provider = people[0]
    due = f.service("Due soon", reviewed_days_ago=350)
    due.organization.providers.add(provider)
    f.service("Fresh", reviewed_days_ago=100).organization.providers.add(provider)
    no_provider = f.service("Org email only", reviewed_days_ago=340)
    call_command("send_review_reminders")
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Please check your listing: Due soon", "Please check your listing: Org email only"]
    assert [m.to for m in mail.outbox if "Due soon" in m.subject] == [["provider@example.org"]]
    assert [m.to for m in mail.outbox if "Org email" in m.subject] == [[no_provider.organization.email]]
    call_command("send_review_reminders")
    assert len(mail.outbox) == 2  # not again until the listing is reviewed
    Service.objects.filter(pk=due.pk).update(last_reviewed=timezone.localdate() - datetime.timedelta(days=1))
    assert not moderation.services_needing_reminder().filter(pk=due.pk).exists()
