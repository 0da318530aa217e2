"""Providers propose changes to their own listings; moderators approve or reject them. Every
applied change is written to the listing's history. Plain functions: views and tests call them."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import MODERATORS, in_group
from portal.emails import send_notice
from portal.sanitise import sanitise_text
from portal.site_address import absolute_url
from search.models import STALE_AFTER_DAYS, ChangeProposal, ListingChange, Service

PROPOSABLE_FIELDS = [
    "description", "eligibility_description", "application_process", "fees_description", "is_free",
    "email", "url", "referral_routes", "risk_levels", "attending_type", "languages", "alert",
]
TEXT_FIELDS = {"description", "eligibility_description", "application_process", "fees_description", "alert"}
REMINDER_DAYS_BEFORE = 30


class NotAllowed(Exception):
    pass


def is_moderator(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or in_group(user, MODERATORS)


def can_propose(user, service: Service) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return service.organization.providers.filter(pk=user.pk).exists()


def _plain(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def propose(service: Service, user, proposed: dict, note: str = "") -> ChangeProposal | None:
    """Record the fields that differ from the listing; None if nothing would change."""
    if not can_propose(user, service):
        raise NotAllowed("Only people at the organisation that runs this service can propose changes.")
    changes = {}
    for name in PROPOSABLE_FIELDS:
        if name not in proposed:
            continue
        value = proposed[name]
        if name in TEXT_FIELDS:
            value = "\n".join(sanitise_text(line) for line in str(value or "").splitlines()
                              if sanitise_text(line)) if name == "application_process" else sanitise_text(value)
        if _plain(getattr(service, name)) != _plain(value):
            changes[name] = _plain(value)
    if not changes:
        return None
    proposal = ChangeProposal.objects.create(service=service, proposed_by=user, changes=changes,
                                             note=sanitise_text(note))
    transaction.on_commit(lambda: _tell_moderators(proposal))
    return proposal


@transaction.atomic
def approve(proposal: ChangeProposal, moderator, note: str = "") -> Service:
    if not is_moderator(moderator):
        raise NotAllowed("Only moderators can approve changes.")
    if proposal.status != ChangeProposal.Status.PENDING:
        raise NotAllowed("This proposal has already been reviewed.")
    service = Service.objects.select_for_update().get(pk=proposal.service_id)
    history = {}
    for name, value in proposal.changes.items():
        if name not in PROPOSABLE_FIELDS:
            continue
        history[name] = [_plain(getattr(service, name)), value]
        setattr(service, name, value)
    service.last_reviewed = timezone.localdate()
    service.full_clean(exclude=["slug", "organization"])
    service.save()
    ListingChange.objects.create(service=service, user=moderator, source=ListingChange.Source.PROPOSAL,
                                 changes=history, note=f"Proposed by {proposal.proposed_by or 'a provider'}")
    _close(proposal, moderator, ChangeProposal.Status.APPROVED, note)
    return service


@transaction.atomic
def reject(proposal: ChangeProposal, moderator, note: str = "") -> None:
    if not is_moderator(moderator):
        raise NotAllowed("Only moderators can reject changes.")
    if proposal.status != ChangeProposal.Status.PENDING:
        raise NotAllowed("This proposal has already been reviewed.")
    _close(proposal, moderator, ChangeProposal.Status.REJECTED, note)


def _close(proposal, moderator, status, note):
    proposal.status = status
    proposal.reviewed_by = moderator
    proposal.reviewed_at = timezone.now()
    proposal.review_note = sanitise_text(note)
    proposal.save()
    if proposal.proposed_by and proposal.proposed_by.email:
        verdict = "approved" if status == ChangeProposal.Status.APPROVED else "not approved"
        body = f"Your proposed change to \"{proposal.service.name}\" was {verdict}."
        if proposal.review_note:
            body += f"\n\nThe moderator said: {proposal.review_note}"
        transaction.on_commit(lambda: _send(f"Your listing change was {verdict}", body,
                                            [proposal.proposed_by.email]))


def moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _tell_moderators(proposal):
    recipients = moderator_emails()
    if recipients:
        _send(f"Listing change to review: {proposal.service.name}",
              f"A provider proposed changes to \"{proposal.service.name}\": "
              f"{', '.join(sorted(proposal.changes))}.\n\nReview them at "
              f"{absolute_url(reverse('directory:moderation'))}\n",
              recipients)


def _send(subject, body, recipients):
    send_notice(subject, body, recipients)


# --- staleness ------------------------------------------------------------------------------
def services_needing_reminder(today: datetime.date | None = None):
    """Active services whose 12-month review falls due within the next 30 days (or is overdue)
    and whose provider has not been reminded since the last review."""
    today = today or timezone.localdate()
    due_before = today - datetime.timedelta(days=STALE_AFTER_DAYS - REMINDER_DAYS_BEFORE)

    return (Service.objects.active().filter(last_reviewed__isnull=False, last_reviewed__lte=due_before)
            .filter(Q(review_reminder_sent__isnull=True) | Q(review_reminder_sent__lt=F("last_reviewed")))
            .select_related("organization").prefetch_related("organization__providers"))


def send_review_reminders(today: datetime.date | None = None, dry_run: bool = False) -> list[tuple[str, list[str]]]:
    """Email each provider about listings due for review. Returns (service name, recipients)."""
    today = today or timezone.localdate()
    sent = []
    for service in services_needing_reminder(today):
        org = service.organization
        recipients = sorted({u.email for u in org.providers.all() if u.email} or ({org.email} - {""}))
        if not recipients:
            continue
        sent.append((service.name, recipients))
        if dry_run:
            continue
        due = service.review_due
        _send(f"Please check your listing: {service.name}",
              f"Your listing \"{service.name}\" on the Drive Partnership directory was last checked on "
              f"{service.last_reviewed:%d %B %Y}. Listings not checked for 12 months are shown to the "
              f"public as \"not checked recently\" from {due:%d %B %Y}.\n\n"
              f"Sign in and confirm or update it: /find-a-service/{service.slug}/propose/\n", recipients)
        Service.objects.filter(pk=service.pk).update(review_reminder_sent=today)
    return sent
