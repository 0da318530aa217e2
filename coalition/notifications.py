"""Coalition emails. Callers save their records first and call these after the commit."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coalition.models import ActionItem, MeetingNotice
from portal.accounts import roles
from portal.emails import send_notice
from portal.site_address import absolute_url

PREFIX = "[Drive Partnership coalition] "
REMINDER_INTERVAL_DAYS = 7


def absolute(path: str) -> str:
    return absolute_url(path)


def _message(to: str, subject: str, template: str, context: dict) -> EmailMessage:
    body = render_to_string(f"coalition/email/{template}.txt", context)
    return EmailMessage(PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _send(messages: list[EmailMessage]) -> int:
    """Queue each message as its own background email (retried on failure); returns how many."""
    return sum(send_notice(m.subject, m.body, m.to, m.from_email) for m in messages)


def member_recipients() -> list[str]:
    users = get_user_model().objects.filter(groups__name=roles.COALITION_MEMBERS, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def application_received(application) -> int:
    return _send([_message(application.contact_email, "We have received your application",
                           "application_received", {"application": application})])


def invitation(invitation) -> int:
    link = absolute(reverse("coalition:invitation", args=[invitation.token]))
    return _send([_message(invitation.email, f"{invitation.organisation.name} has joined the coalition",
                           "invitation", {"invitation": invitation, "link": link})])


def application_rejected(application, reason: str) -> int:
    return _send([_message(application.contact_email, "Your application to join the coalition",
                           "application_rejected", {"application": application, "reason": reason})])


def more_information_requested(application, question: str) -> int:
    link = absolute(reverse("coalition:application_update", args=[application.token]))
    return _send([_message(application.contact_email, "We need a little more information",
                           "more_information", {"application": application, "question": question,
                                                "link": link})])


def _notify_meeting(meeting, kind: str, template: str, subject: str) -> int:

    try:
        with transaction.atomic():
            notice = MeetingNotice.objects.create(meeting=meeting, kind=kind)
    except IntegrityError:
        return 0  # already sent
    link = meeting.get_full_url() or absolute(meeting.url or "/")
    recipients = member_recipients()
    context = {"meeting": meeting, "link": link, "start": timezone.localtime(meeting.start)}
    sent = _send([_message(email, subject, template, context) for email in recipients])
    notice.recipients = sent
    notice.save(update_fields=["recipients"])
    return sent


def new_meeting(meeting) -> int:
    start = timezone.localtime(meeting.start)
    return _notify_meeting(meeting, "new_meeting", "new_meeting",
                           f"New meeting: {meeting.title}, {start:%A %-d %B %Y}")


def minutes_published(meeting) -> int:
    return _notify_meeting(meeting, "minutes", "minutes_published", f"Minutes published: {meeting.title}")


def action_recipients(action) -> list[str]:
    emails = set()
    if action.owner_user_id and action.owner_user.email:
        emails.add(action.owner_user.email)
    if action.owner_organisation_id:
        emails.update(
            action.owner_organisation.contacts.filter(user__is_active=True)
            .exclude(user__email="").values_list("user__email", flat=True)
        )
    return sorted(emails)


def action_assigned(action) -> int:
    """Tell the owners of a newly assigned action; held until its meeting is published."""
    if not action.is_published:
        if not action.assignment_notice_due:
            action.assignment_notice_due = True
            action.save(update_fields=["assignment_notice_due"])
        return 0
    if action.assignment_notice_due:
        action.assignment_notice_due = False
        action.save(update_fields=["assignment_notice_due"])
    link = absolute(reverse("coalition:my_actions"))
    return _send([_message(email, "An action has been assigned to you", "action_assigned",
                           {"action": action, "link": link}) for email in action_recipients(action)])


def held_assignments(meeting) -> int:
    """Send the assignment emails held back while the meeting was unpublished."""
    sent = 0
    for action in meeting.action_items.filter(assignment_notice_due=True).select_related("meeting"):
        sent += action_assigned(action)
    return sent


def overdue_actions(today: datetime.date | None = None) -> tuple[int, int]:
    """Remind owners of overdue open actions, at most once a week per action. (actions, emails)."""

    today = today or timezone.localdate()
    due = (ActionItem.objects.published().filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)
           .select_related("owner_user", "owner_organisation", "meeting"))
    link = absolute(reverse("coalition:my_actions"))
    actions = emails = 0
    for action in due:
        if action.last_reminded_on and (today - action.last_reminded_on).days < REMINDER_INTERVAL_DAYS:
            continue
        action.last_reminded_on = today
        action.save(update_fields=["last_reminded_on"])
        messages = [_message(email, "Overdue action: " + action.description[:60], "action_overdue",
                             {"action": action, "link": link, "days": (today - action.due_date).days})
                    for email in action_recipients(action)]
        emails += _send(messages)
        actions += 1
    return actions, emails
