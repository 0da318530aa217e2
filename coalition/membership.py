"""Moderators' decisions on applications, and invitations that turn contacts into members.

Each function saves everything first and sends its email only once the transaction commits.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from portal.accounts import roles
from portal.cache import purge_page_cache

from . import notifications
from .models import (
    ApplicationDecision,
    Invitation,
    MemberOrganisation,
    MembershipApplication,
    OrganisationContact,
)
from .models.asks import endorse


class DecisionError(Exception):
    pass


def _check_open(application: MembershipApplication) -> None:
    if not application.is_open:
        raise DecisionError(f"This application was already {application.get_status_display().lower()}.")


def _log(application, kind, by, note=""):
    return ApplicationDecision.objects.create(application=application, kind=kind, note=note, decided_by=by)


@transaction.atomic
def approve(application: MembershipApplication, by, note: str = "") -> Invitation:
    _check_open(application)
    organisation = MemberOrganisation.objects.create(
        name=application.organisation_name,
        org_type=application.org_type,
        website=application.website,
        description=application.description,
        status=MemberOrganisation.Status.MEMBER,
        joined=timezone.localdate(),
    )
    organisation.regions.set(application.regions.all())
    organisation.save()
    for ask in application.asks.all():
        endorse(organisation, ask)
    invitation = Invitation.objects.create(
        organisation=organisation, email=application.contact_email, name=application.contact_name,
        is_lead=True, created_by=by,
    )
    application.status = MembershipApplication.Status.APPROVED
    application.organisation = organisation
    application.save(update_fields=["status", "organisation", "updated_at"])
    _log(application, ApplicationDecision.Kind.APPROVED, by, note)
    transaction.on_commit(lambda: notifications.invitation(invitation))
    transaction.on_commit(purge_page_cache)
    return invitation


@transaction.atomic
def reject(application: MembershipApplication, by, reason: str) -> ApplicationDecision:
    _check_open(application)
    if not reason.strip():
        raise DecisionError("Give a reason for rejecting the application.")
    application.status = MembershipApplication.Status.REJECTED
    application.save(update_fields=["status", "updated_at"])
    decision = _log(application, ApplicationDecision.Kind.REJECTED, by, reason.strip())
    transaction.on_commit(lambda: notifications.application_rejected(application, reason.strip()))
    return decision


@transaction.atomic
def request_more_information(application: MembershipApplication, by, question: str) -> ApplicationDecision:
    _check_open(application)
    if not question.strip():
        raise DecisionError("Say what information you need from the applicant.")
    application.status = MembershipApplication.Status.MORE_INFO
    application.save(update_fields=["status", "updated_at"])
    decision = _log(application, ApplicationDecision.Kind.MORE_INFO, by, question.strip())
    transaction.on_commit(lambda: notifications.more_information_requested(application, question.strip()))
    return decision


def record_resubmission(application: MembershipApplication) -> None:
    application.status = MembershipApplication.Status.PENDING
    application.save()
    _log(application, ApplicationDecision.Kind.RESUBMITTED, None)


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> OrganisationContact:
    contact, _ = OrganisationContact.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"is_lead": invitation.is_lead}
    )
    user.groups.add(Group.objects.get_or_create(name=roles.COALITION_MEMBERS)[0])
    if invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return contact


def accept_pending_invitations_for(user, email: str) -> int:
    """Called when someone confirms an email address: any invitation to it is accepted."""
    accepted = 0
    for invitation in Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True,
                                                organisation__status=MemberOrganisation.Status.MEMBER):
        accept_invitation(invitation, user)
        accepted += 1
    return accepted


def sync_member_group(organisation: MemberOrganisation) -> None:
    """When an organisation lapses or withdraws, its contacts leave the members group unless they
    are contacts of another member organisation."""
    if organisation.status == MemberOrganisation.Status.MEMBER:
        return
    group = Group.objects.filter(name=roles.COALITION_MEMBERS).first()
    if group is None:
        return
    for contact in organisation.contacts.select_related("user"):
        still_member = OrganisationContact.objects.filter(
            user=contact.user, organisation__status=MemberOrganisation.Status.MEMBER
        ).exists()
        if not still_member:
            contact.user.groups.remove(group)
