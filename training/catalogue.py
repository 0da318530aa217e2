"""What the course catalogue is described and filtered by: who a course is for and its level.

Below the pages and the index's filter form, which both use them (re-exported from `training.models`)."""

from django.db import models


class Audience(models.Model):
    """Who a course is for. Slugs match the roles learners give in their profile."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    AWARENESS = "awareness", "Awareness"
    PRACTITIONER = "practitioner", "Practitioner"
    SPECIALIST = "specialist", "Specialist"
