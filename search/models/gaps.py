"""Directory searches that found no local service, counted per week by area and filters.

Nothing the visitor typed is kept: the area is the local authority the place is in, the filters
are the labels of what they ticked, and the words only as "searched with words: yes or no"."""

from django.db import models


class DirectoryGap(models.Model):
    week = models.DateField(help_text="The Monday the week begins on.")
    la_code = models.CharField("local authority code", max_length=12, blank=True)
    area = models.CharField(max_length=120, help_text="The local authority searched in.")
    filters = models.CharField(max_length=500, blank=True, help_text="The filters chosen and the distance.")
    with_words = models.BooleanField(default=False, help_text="Whether the search also had words.")
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week", "area"]
        constraints = [models.UniqueConstraint(fields=["week", "la_code", "area", "filters", "with_words"],
                                               name="one_directory_gap_per_day")]

    def __str__(self):
        return f"{self.area}: {self.filters or 'no filters'} ({self.searches})"
