"""Signal receivers: meeting emails on publish, page-cache purges, invitations on email confirmation,
permissions after every migrate."""

from allauth.account.signals import email_confirmed as allauth_email_confirmed
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone
from wagtail.signals import page_published

from portal.cache import purge_page_cache

from . import membership, notifications
from .models import Ask, Endorsement, MeetingPage, MemberOrganisation, Milestone
from .permissions import grant_permissions


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


page_published.connect(meeting_published, sender=MeetingPage, dispatch_uid="coalition_meeting_published")
for _model in (Ask, Milestone, Endorsement):
    post_save.connect(public_data_changed, sender=_model, dispatch_uid=f"coalition_purge_save_{_model.__name__}")
    post_delete.connect(public_data_changed, sender=_model, dispatch_uid=f"coalition_purge_del_{_model.__name__}")
post_save.connect(organisation_saved, sender=MemberOrganisation, dispatch_uid="coalition_org_saved")
post_delete.connect(public_data_changed, sender=MemberOrganisation, dispatch_uid="coalition_org_deleted")
allauth_email_confirmed.connect(email_confirmed, dispatch_uid="coalition_email_confirmed")
post_migrate.connect(grant_permissions, sender=apps.get_app_config("coalition"), dispatch_uid="coalition_permissions")
