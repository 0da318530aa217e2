import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from coalition.permissions import is_staff_user

from .organisations import MemberOrganisation, OrganisationContact, new_token
from .pages import MeetingPage


def person_label(display_name: str | None, email: str) -> str:
    """How a person appears in member listings: the name they chose, else their email address."""
    return display_name or email


def owner_text(person: str | None, organisation: str | None) -> str:
    """An action's owners as listed; `person` or `organisation` is None when the action has none."""
    return ", ".join(part for part in (person, organisation) if part is not None) or "Unassigned"


class ActionItemQuerySet(models.QuerySet):
    def published(self):
        """What members may see: actions of published meetings, and actions tied to no meeting."""
        return self.filter(Q(meeting__isnull=True) | Q(meeting__live=True))


class ActionItem(models.Model):
    """An action agreed at a meeting, owned by an organisation and/or a person.

    Kept outside the meeting page's revisions so that members' status updates are never
    overwritten when an editor republishes the meeting.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(MeetingPage, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="action_items")
    description = models.CharField(max_length=500)
    owner_organisation = models.ForeignKey(MemberOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="action_items")
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="coalition_actions", verbose_name="owner person")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Set when the action was assigned while its meeting was unpublished: the owners are told
    # when the meeting is published, not before (members cannot see it until then).
    assignment_notice_due = models.BooleanField(default=False, editable=False)

    objects = ActionItemQuerySet.as_manager()

    panels = [FieldPanel("meeting"), FieldPanel("description"), FieldPanel("owner_organisation"),
              FieldPanel("owner_user"), FieldPanel("due_date"), FieldPanel("status")]

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "action item"

    def __str__(self):
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @classmethod
    def overdue_on(cls, status: str, due_date: datetime.date | None, today: datetime.date) -> bool:
        return status in cls.OPEN_STATUSES and due_date is not None and due_date < today

    @property
    def is_published(self) -> bool:
        """Whether members can see it: the same rule as ActionItemQuerySet.published."""
        return self.meeting_id is None or self.meeting.live

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.overdue_on(self.status, self.due_date, today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def owner_label(self) -> str:
        person = organisation = None
        if self.owner_user_id:
            profile = getattr(self.owner_user, "profile", None)
            person = person_label(profile.display_name if profile else "", self.owner_user.email)
        if self.owner_organisation_id:
            organisation = self.owner_organisation.name
        return owner_text(person, organisation)

    def set_status(self, new_status: str, by) -> "ActionStatusChange | None":
        if new_status not in self.Status.values:
            raise ValueError(f"unknown status {new_status!r}")
        if new_status == self.status:
            return None
        change = ActionStatusChange.objects.create(action=self, from_status=self.status, to_status=new_status,
                                                   changed_by=by)
        self.status = new_status
        self.save(update_fields=["status"])
        return change


def actions_for_user(user):
    """Published actions owned by the person or by any organisation they are a contact for."""
    org_ids = OrganisationContact.objects.filter(user=user).values("organisation_id")
    return ActionItem.objects.published().filter(Q(owner_user=user) | Q(owner_organisation_id__in=org_ids))


def can_update_action(user, action: ActionItem) -> bool:

    if is_staff_user(user):
        return True
    if action.owner_user_id == user.pk:
        return True
    return bool(action.owner_organisation_id) and OrganisationContact.objects.filter(
        user=user, organisation_id=action.owner_organisation_id).exists()


class ActionStatusChange(models.Model):
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ActionItem.Status.choices)
    to_status = models.CharField(max_length=20, choices=ActionItem.Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class RSVP(models.Model):
    class Response(models.TextChoices):
        ATTENDING = "attending", "Attending"
        APOLOGIES = "apologies", "Apologies"

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coalition_rsvps")
    organisation = models.ForeignKey(MemberOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="rsvps")
    response = models.CharField(max_length=20, choices=Response.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="coalition_one_rsvp_per_person")]
        verbose_name = "RSVP"

    def __str__(self):
        return f"{self.user} – {self.get_response_display()}"

    @property
    def person(self) -> str:
        profile = getattr(self.user, "profile", None)
        return person_label(profile.display_name if profile else "", self.user.email)


class CalendarToken(models.Model):
    """The secret in a member's personal calendar feed address. Resetting it breaks old links."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coalition_calendar")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def reset(self) -> None:
        self.token = new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


class MeetingNotice(models.Model):
    """Which meeting emails have gone out, so republishing never sends them twice."""

    class Kind(models.TextChoices):
        NEW_MEETING = "new_meeting", "New meeting"
        MINUTES = "minutes", "Minutes published"

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="coalition_one_notice_per_kind")]
