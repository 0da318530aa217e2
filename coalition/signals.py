"""Signal receivers: meeting emails on publish, page-cache purges, invitations on email confirmation."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from portal.cache import purge_page_cache

from . import membership, notifications
from .models import Ask, Endorsement, MeetingPage, MemberOrganisation, Milestone


def meeting_published(sender, instance, **kwargs):
    meeting = instance.specific if not isinstance(instance, MeetingPage) else instance
    if not isinstance(meeting, MeetingPage):
        return
    transaction.on_commit(lambda: notifications.held_assignments(meeting))
    if meeting.start >= timezone.now():
        transaction.on_commit(lambda: notifications.new_meeting(meeting))
    if meeting.minutes_published and meeting.minutes:
        transaction.on_commit(lambda: notifications.minutes_published(meeting))


def public_data_changed(sender, **kwargs):
    transaction.on_commit(purge_page_cache)


def organisation_saved(sender, instance, **kwargs):
    membership.sync_member_group(instance)
    transaction.on_commit(purge_page_cache)


def email_confirmed(request, email_address, **kwargs):
    membership.accept_pending_invitations_for(email_address.user, email_address.email)


def connect():
    from allauth.account.signals import email_confirmed as allauth_email_confirmed
    from wagtail.signals import page_published

    page_published.connect(meeting_published, sender=MeetingPage, dispatch_uid="coalition_meeting_published")
    for model in (Ask, Milestone, Endorsement):
        post_save.connect(public_data_changed, sender=model, dispatch_uid=f"coalition_purge_save_{model.__name__}")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"coalition_purge_del_{model.__name__}")
    post_save.connect(organisation_saved, sender=MemberOrganisation, dispatch_uid="coalition_org_saved")
    post_delete.connect(public_data_changed, sender=MemberOrganisation, dispatch_uid="coalition_org_deleted")
    allauth_email_confirmed.connect(email_confirmed, dispatch_uid="coalition_email_confirmed")
