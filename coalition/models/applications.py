from django.conf import settings
from django.db import models
from django.utils import timezone

from .asks import Ask
from .organisations import MemberOrganisation, OrganisationType, Region, new_token


class MembershipApplication(models.Model):
    """A 'Join the coalition' application, reviewed by moderators in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        MORE_INFO = "more_info", "More information requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    organisation_name = models.CharField(max_length=200)
    org_type = models.CharField("type of organisation", max_length=40, choices=OrganisationType.choices)
    regions = models.ManyToManyField(Region, blank=True, related_name="+")
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_role = models.CharField(max_length=150, blank=True)
    asks = models.ManyToManyField(Ask, blank=True, related_name="+")
    statement = models.TextField(blank=True, help_text="Sanitised HTML.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    token = models.CharField(max_length=64, unique=True, default=new_token,
                             help_text="Lets the applicant add information when a moderator asks for it.")
    organisation = models.ForeignKey(MemberOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="applications")

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organisation_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.MORE_INFO)


class ApplicationDecision(models.Model):
    """Every moderator decision and applicant resubmission, kept as a log."""

    class Kind(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        MORE_INFO = "more_info", "Asked for more information"
        RESUBMITTED = "resubmitted", "Applicant added information"

    application = models.ForeignKey(MembershipApplication, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.application.organisation_name}"
