import secrets

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index


class Region(models.Model):
    """A nation or English region an organisation works in (seeded by a migration)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OrganisationType(models.TextChoices):
    SPECIALIST_DA = "specialist_da", "Specialist domestic abuse service"
    PERPETRATOR_PROGRAMME = "perpetrator_programme", "Perpetrator programme provider"
    POLICE = "police", "Police"
    PCC = "pcc", "Police and crime commissioner"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    NATIONAL_CHARITY = "national_charity", "National charity"
    RESEARCH = "research", "Research"
    OTHER = "other", "Other"


class MemberOrganisation(index.Indexed, ClusterableModel):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        MEMBER = "member", "Member"
        LAPSED = "lapsed", "Lapsed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    org_type = models.CharField("type", max_length=40, choices=OrganisationType.choices)
    regions = ParentalManyToManyField(Region, blank=True, related_name="organisations",
                                      verbose_name="nations and regions covered")
    website = models.URLField(blank=True)
    description = models.TextField("public description", blank=True, max_length=1000)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    joined = models.DateField("joined date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True)
    is_demo = models.BooleanField(
        "demonstration data", default=False,
        help_text="Shown with a 'demonstration data' label. Real organisations leave this unticked.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("org_type"),
        FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("joined"), FieldPanel("is_demo")], heading="Membership"),
        InlinePanel("contacts", heading="Contacts", label="Contact"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("status")]

    class Meta:
        ordering = ["name"]
        verbose_name = "member organisation"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:200] or "organisation"
            slug, n = base, 2
            while MemberOrganisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    @property
    def is_member(self) -> bool:
        return self.status == self.Status.MEMBER


class OrganisationContact(models.Model):
    organisation = ParentalKey(MemberOrganisation, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coalition_contacts")
    is_lead = models.BooleanField("lead contact", default=False)
    added_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("user"), FieldPanel("is_lead")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="coalition_unique_contact")]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation for a contact of an approved organisation to create an account and join."""

    organisation = models.ForeignKey(MemberOrganisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=150, blank=True)
    is_lead = models.BooleanField(default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="coalition_invitations")

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None
