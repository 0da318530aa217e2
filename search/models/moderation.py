"""Keeping listings true: problem reports from the public, providers' proposed changes, history."""

import uuid

from django.conf import settings
from django.db import models


class ProblemReport(models.Model):
    """A visitor's "Report a problem with this listing"."""

    class Kind(models.TextChoices):
        OUT_OF_DATE = "out_of_date", "The information is out of date"
        CLOSED = "closed", "The service has closed"
        WRONG_DETAILS = "wrong_details", "Contact details are wrong"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        RESOLVED = "resolved", "Resolved"

    service = models.ForeignKey("search.Service", on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField("what is wrong", max_length=20, choices=Kind.choices)
    details = models.TextField()
    email = models.EmailField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="directory_problem_reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.service}"


class ChangeProposal(models.Model):
    """A provider's proposed change to one of their organisation's listings."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey("search.Service", on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="directory_proposals")
    changes = models.JSONField(help_text="Field name -> proposed value.")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Change to {self.service} ({self.get_status_display()})"


class ListingChange(models.Model):
    """One entry in a listing's history: what changed, who changed it, and how."""

    class Source(models.TextChoices):
        PROPOSAL = "proposal", "Provider proposal"
        IMPORT = "import", "CSV import"
        ADMIN = "admin", "Admin edit"
        REVIEW = "review", "Marked as reviewed"

    service = models.ForeignKey("search.Service", on_delete=models.CASCADE, related_name="history")
    changed_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    changes = models.JSONField(default=dict, help_text="Field name -> [old, new].")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.service} – {self.get_source_display()} – {self.changed_at:%Y-%m-%d}"
