"""KeyFinding: one statistic with everything a careful reader needs to judge it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from portal.charts import to_decimal


class KeyFinding(index.Indexed, models.Model):
    key = models.SlugField(
        max_length=80, unique=True, blank=True,
        help_text="A short unique name, e.g. drive-final-physical-abuse. Leave empty to make one from "
        "what the finding measures.",
    )
    statistic = models.CharField(
        max_length=60, help_text='The figure as readers see it, e.g. "82%", "64%" or "nearly 3 times".'
    )
    measures = models.TextField(max_length=600, help_text="What the statistic measures, in plain words.")
    chart_label = models.CharField(
        max_length=80, blank=True, help_text='A short label when charted, e.g. "Physical abuse".'
    )
    chart_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The number a chart draws. Filled from the statistic when it is a plain number or percentage.",
    )
    numerator = models.PositiveIntegerField(null=True, blank=True, help_text='e.g. 9 in "9 of 14".')
    sample_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people or cases the figure is based on, if published."
    )
    sample_description = models.CharField(
        max_length=255, blank=True, help_text='Who or what was counted, e.g. "service users with direct contact".'
    )
    comparison_group = models.CharField(
        max_length=255, blank=True, help_text="The group the figure is compared with, if any, with its numbers."
    )
    source_publication = models.ForeignKey(
        "research.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_findings",
    )
    source_note = models.CharField(
        max_length=255, blank=True, help_text="The source in words, when it is not a publication on this site."
    )
    caveats = models.TextField(
        blank=True, max_length=600, help_text='e.g. "Small numbers; treat with caution."'
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("statistic"),
        FieldPanel("measures"),
        MultiFieldPanel(
            [FieldPanel("numerator"), FieldPanel("sample_size"), FieldPanel("sample_description")],
            heading="Sample",
        ),
        FieldPanel("comparison_group"),
        MultiFieldPanel([FieldPanel("source_publication"), FieldPanel("source_note")], heading="Source"),
        FieldPanel("caveats"),
        MultiFieldPanel([FieldPanel("chart_label"), FieldPanel("chart_value")], heading="Charts"),
    ]
    search_fields = [
        index.SearchField("statistic"),
        index.SearchField("measures"),
        index.SearchField("caveats"),
        index.AutocompleteField("measures"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = "key finding"

    def __str__(self) -> str:
        return f"{self.statistic} – {self.measures[:80]}"

    def clean(self):
        super().clean()
        if self.numerator is not None and self.sample_size is not None and self.numerator > self.sample_size:
            raise ValidationError({"numerator": "The count cannot be larger than the sample size."})
        if not any(ch.isdigit() for ch in self.statistic) and "times" not in self.statistic:
            raise ValidationError({"statistic": "A statistic needs a number."})

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self.unused_key(self.chart_label or self.measures or self.statistic)
        if self.chart_value is None and self.statistic.strip().endswith("%"):
            self.chart_value = to_decimal(self.statistic)
        super().save(*args, **kwargs)

    @classmethod
    def unused_key(cls, text: str) -> str:
        """A key made from `text` that no other finding has (a number added when needed)."""
        base = slugify(text)[:70].strip("-") or "finding"
        key, number = base, 1
        while cls.objects.filter(key=key).exists():
            number += 1
            key = f"{base}-{number}"
        return key

    @property
    def source_name(self) -> str:
        if self.source_publication_id:
            return self.source_publication.title
        return self.source_note

    @property
    def sample_text(self) -> str:
        if self.numerator is not None and self.sample_size:
            text = f"{self.numerator} of {self.sample_size}"
        elif self.sample_size:
            text = f"n = {self.sample_size:,}"
        else:
            text = ""
        if self.sample_description:
            text = f"{text} {self.sample_description}".strip()
        return text

    @property
    def statistic_with_counts(self) -> str:
        if self.numerator is not None and self.sample_size:
            return f"{self.statistic} ({self.numerator} of {self.sample_size})"
        return self.statistic

    @property
    def percentage_check(self) -> Decimal | None:
        """The percentage the counts give, for checking the statistic (None without counts)."""
        if self.numerator is None or not self.sample_size:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.sample_size)).quantize(Decimal("0.1"))
