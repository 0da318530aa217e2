"""Learning records: who enrolled, which lessons they finished, every check attempt, certificates.

They refer to pages by name only, so the services below the pages (learning, attempts, certificates)
can import them without importing the pages; everything else takes them from `training.models`."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Enrolment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey("training.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="training_one_enrolment")]
        indexes = [models.Index(fields=["enrolled_at"]), models.Index(fields=["completed_at"])]

    def __str__(self):
        return f"{self.user} on {self.course_id}"


class LessonProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    course = models.ForeignKey("training.CoursePage", on_delete=models.CASCADE, related_name="+")
    # A deleted lesson takes its progress with it, so it drops out of the percentage.
    lesson = models.ForeignKey("training.LessonPage", on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="training_lesson_done_once")]
        indexes = [models.Index(fields=["user", "course"])]


class Attempt(models.Model):
    """One go at a knowledge check. Opened when the form is shown, closed once on submission."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SUBMITTED = "submitted", "Submitted"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts")
    course = models.ForeignKey("training.CoursePage", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey("training.ModulePage", on_delete=models.CASCADE, related_name="attempts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assessed = models.BooleanField(default=False)
    order = models.JSONField(default=list, help_text="Question and answer order shown for this attempt.")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 for the first submission.")
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Percent.")
    passed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], condition=Q(status="open"), name="training_one_open_attempt"
            )
        ]
        indexes = [models.Index(fields=["user", "course", "passed"]), models.Index(fields=["submitted_at"])]


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64, db_index=True)
    question_text = models.TextField(help_text="The question as it was worded when answered.")
    selected = models.JSONField(default=list)
    score = models.FloatField()


class Certificate(models.Model):
    number = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey(
        "training.CoursePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    # What the certificate says stays as issued, whatever later happens to the course or profile.
    learner_name = models.CharField(max_length=150)
    course_title = models.CharField(max_length=255)
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=1)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], condition=Q(revoked_at__isnull=True), name="training_one_live_certificate"
            )
        ]
        permissions = [
            ("revoke_certificate", "Can revoke training certificates"),
            ("view_training_reports", "Can see training reports"),
        ]

    def __str__(self):
        return self.number

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
