"""'Have your say' responses from people with lived experience of a priority gap.

Anonymous by default: no user, IP address or browser details are stored, and contact details only
when the person chooses to leave them. Only moderators can read responses (see wagtail_hooks.py);
they are never sent by email.
"""

from django.db import models


class LivedExperienceResponse(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        READ = "read", "Read"
        ACTED_ON = "acted_on", "Acted on"

    gap = models.ForeignKey("research.PriorityGapPage", on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(auto_now_add=True)
    experience = models.TextField(help_text="What the person told us (sanitised plain text).")
    what_should_change = models.TextField(blank=True)
    perspective = models.CharField(max_length=60, blank=True)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_detail = models.CharField(max_length=200, blank=True, help_text="An email address or phone number.")
    consent_given = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    moderator_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "lived-experience response"

    def __str__(self) -> str:
        return f"Response about {self.gap.title} on {self.submitted_at:%d %B %Y}"

    @property
    def is_anonymous(self) -> bool:
        return not (self.contact_name or self.contact_detail)
