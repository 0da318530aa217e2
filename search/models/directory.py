"""Open Referral UK (HSDS 3.0) shaped directory records, with the portal's own fields.

Field names follow HSDS where one exists (``status``, ``eligibility_description``,
``minimum_age``, ``application_process``, ``attending_type``...). Multi-valued portal facets are
stored as code lists (see ``fields.MultiChoiceField``) and mirrored into ``facet_tokens`` so that
both search backends can filter and count them the same way.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from search.directory import facets as v
from search.directory.areas import authority_name
from search.directory.bulk import insert_values
from search.directory.facet_bits import mask_of
from search.geo import PlaceKind, distance_miles, lookup, normalise_postcode, outcode_of
from search.models.fields import MultiChoiceField

STALE_AFTER_DAYS = 365
# A confidential place is published at its town's centre if that is within this distance, else
# at this many decimal places (about 10 km).
TOWN_RADIUS_MILES = 15
CONFIDENTIAL_DECIMALS = 1


class Organisation(index.Indexed, ClusterableModel):
    """HSDS ``organization``: the body that runs services."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    legal_status = models.CharField(max_length=120, blank=True)
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    providers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="directory_organisations",
        help_text="People at this organisation who may propose changes to its listings.",
    )
    is_demo = models.BooleanField("demonstration data", default=False)
    last_modified = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"), FieldPanel("alternate_name"), FieldPanel("description"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
        FieldPanel("legal_status"), FieldPanel("external_id"), FieldPanel("providers"),
        FieldPanel("is_demo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"

    def __str__(self):
        return self.name


class Location(index.Indexed, ClusterableModel):
    """HSDS ``location`` with its ``address`` inlined. Confidential places are masked in public."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    address_1 = models.CharField("address", max_length=255, blank=True)
    city = models.CharField("town or city", max_length=120)
    state_province = models.CharField("county", max_length=120, blank=True)
    postal_code = models.CharField("postcode", max_length=10)
    country = models.CharField(max_length=2, default="GB")
    latitude = models.FloatField(null=True, blank=True, help_text="Filled from the postcode if empty.")
    longitude = models.FloatField(null=True, blank=True, help_text="Filled from the postcode if empty.")
    la_code = models.CharField("local authority code", max_length=9, blank=True, editable=False)
    is_confidential = models.BooleanField(
        "confidential address", default=False,
        help_text="Never show or send the exact address or coordinates (for example a refuge or "
        "a safe meeting place): the public see only the town.",
    )
    # What search uses: exact for ordinary places, rounded for confidential ones.
    search_latitude = models.FloatField(null=True, blank=True, editable=False)
    search_longitude = models.FloatField(null=True, blank=True, editable=False)
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)

    panels = [
        FieldPanel("organization"), FieldPanel("name"), FieldPanel("description"),
        FieldPanel("is_confidential"),
        MultiFieldPanel([FieldPanel("address_1"), FieldPanel("city"), FieldPanel("state_province"),
                         FieldPanel("postal_code")], heading="Address"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        InlinePanel("accessibility", label="Accessibility"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["search_latitude", "search_longitude"])]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def outcode(self) -> str:

        return outcode_of(self.postal_code or "") or ""

    def clean(self):

        postcode = normalise_postcode(self.postal_code or "")
        if not postcode:
            raise ValidationError({"postal_code": "Enter a full UK postcode, like CF10 1EP."})
        self.postal_code = postcode
        if self.latitude is None or self.longitude is None:
            place = lookup(postcode)
            if not place:
                raise ValidationError({"postal_code": place.message})

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """Normalise the postcode, fill missing coordinates and local authority from it, and set
        the public search point (also used by the CSV importer, which writes in bulk)."""
        self.postal_code = normalise_postcode(self.postal_code or "") or (self.postal_code or "").upper()
        if self.latitude is None or self.longitude is None or not self.la_code:
            place = lookup(self.postal_code)
            if place:
                if self.latitude is None or self.longitude is None:
                    self.latitude, self.longitude = place.latitude, place.longitude
                self.la_code = place.la_code or ""
        self.search_latitude, self.search_longitude = self.public_coordinates()

    def public_coordinates(self) -> tuple[float | None, float | None]:
        """Where the public (search, map, API, Elasticsearch) may place this location: exactly, or for
        a confidential one only its town (see ``town_point``)."""
        if self.latitude is None or self.longitude is None:
            return None, None
        if self.is_confidential:
            return town_point(self.city, self.latitude, self.longitude)
        return self.latitude, self.longitude

    @property
    def public_address(self) -> str:
        """One line the public may see: the full address, or for a confidential place the town only."""
        if self.is_confidential:
            return self.city
        return ", ".join(p for p in (self.address_1, self.city, self.postal_code) if p)


def town_point(city: str, latitude: float, longitude: float) -> tuple[float, float]:
    """A confidential place's public point: the centre of its town when the town is known and near
    (a town of the same name elsewhere is ignored), else the coordinates rounded to about 10 km."""

    town = lookup(city or "")
    if town and town.kind == PlaceKind.TOWN and distance_miles(latitude, longitude, town.latitude,
                                                               town.longitude) <= TOWN_RADIUS_MILES:
        return town.latitude, town.longitude
    return round(latitude, CONFIDENTIAL_DECIMALS), round(longitude, CONFIDENTIAL_DECIMALS)


class Accessibility(models.Model):
    """HSDS ``accessibility`` for a location."""

    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.CharField(max_length=255, help_text='e.g. "Step-free access".')
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    def __str__(self):
        return self.description


class ServiceQuerySet(models.QuerySet):
    LISTED_STATUSES = ("active", "temporarily closed")

    def active(self):
        return self.filter(status="active")

    def listed(self):
        """The services that have a public listing page (a temporarily closed one says so)."""
        return self.filter(status__in=self.LISTED_STATUSES)

    def stale(self, today: datetime.date | None = None):
        cutoff = (today or timezone.localdate()) - datetime.timedelta(days=STALE_AFTER_DAYS)
        return self.filter(models.Q(last_reviewed__lt=cutoff) | models.Q(last_reviewed__isnull=True))


class Service(index.Indexed, ClusterableModel):
    """HSDS ``service`` plus the portal's facets (type, referral route, risk, accreditation)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=v.STATUSES, default="active")
    eligibility_description = models.TextField(blank=True, help_text="Who the service is for.")
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    application_process = models.TextField(
        "how to refer", blank=True, help_text="One step per line; shown as a numbered list.")
    fees_description = models.CharField(max_length=255, blank=True)
    is_free = models.BooleanField("free to use", default=True)
    accreditations = models.CharField(max_length=255, blank=True)
    respect_accredited = models.BooleanField("Respect accredited", default=False)
    assured_date = models.DateField("accreditation date", null=True, blank=True)
    service_types = MultiChoiceField(choices=v.SERVICE_TYPES)
    referral_routes = MultiChoiceField("who may refer", choices=v.REFERRAL_ROUTES)
    risk_levels = MultiChoiceField("risk levels served", choices=v.RISK_LEVELS)
    attending_type = MultiChoiceField("delivery", choices=v.ATTENDING_TYPES)
    languages = MultiChoiceField(choices=v.LANGUAGES)
    is_national = models.BooleanField(
        "national service", default=False,
        help_text="Available anywhere in England and Wales (for example a helpline). Shown in its "
        "own section of every search.")
    police_force_areas = models.CharField(
        max_length=255, blank=True, help_text="Police force areas covered, separated by commas.")
    alert = models.CharField(max_length=255, blank=True, help_text="A short notice shown at the top.")
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When someone last checked this listing with the provider.")
    is_demo = models.BooleanField("demonstration data", default=False)
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    last_modified = models.DateTimeField(auto_now=True)
    review_reminder_sent = models.DateField(null=True, blank=True, editable=False)
    # Search helpers, kept in step by save() and search.directory.derived.refresh_services.
    search_text = models.TextField(blank=True, editable=False)
    facet_tokens = models.CharField(max_length=500, blank=True, editable=False)
    # PostgreSQL only (GIN-indexed, see migration 0002); stays empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    panels = [
        MultiFieldPanel([
            FieldPanel("organization"), FieldPanel("name"), FieldPanel("alternate_name"),
            FieldPanel("status"), FieldPanel("alert"), FieldPanel("description"),
            FieldPanel("url"), FieldPanel("email"), FieldPanel("is_demo"),
        ], heading="Service"),
        MultiFieldPanel([
            FieldPanel("service_types"), FieldPanel("referral_routes"), FieldPanel("risk_levels"),
            FieldPanel("attending_type"), FieldPanel("languages"),
        ], heading="Type, referral and delivery"),
        MultiFieldPanel([
            FieldPanel("eligibility_description"),
            FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
            FieldPanel("application_process"),
            FieldRowPanel([FieldPanel("is_free"), FieldPanel("fees_description")]),
        ], heading="Who it is for and how to refer"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("respect_accredited"), FieldPanel("assured_date")]),
            FieldPanel("accreditations"),
        ], heading="Accreditation"),
        MultiFieldPanel([
            FieldPanel("is_national"), FieldPanel("police_force_areas"),
            InlinePanel("service_areas", label="Local authority covered"),
        ], heading="Area covered"),
        InlinePanel("service_at_locations", label="Location"),
        InlinePanel("phones", label="Phone number"),
        InlinePanel("contacts", label="Contact"),
        InlinePanel("schedules", label="Opening hours"),
        FieldPanel("last_reviewed"), FieldPanel("external_id"),
    ]
    search_fields = [
        index.SearchField("name"), index.SearchField("description"), index.AutocompleteField("name"),
        index.FilterField("status"), index.FilterField("is_demo"),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "is_national"]), models.Index(fields=["last_reviewed"])]

    def __str__(self):
        return self.name

    # --- derived values ---------------------------------------------------------------------
    # The fields the facet tokens and search text are computed from (with the organisation's name).
    DERIVED_FROM = ("name", "alternate_name", "description", "eligibility_description", "police_force_areas",
                    "organization", *dict.fromkeys(f.field for f in v.REGISTRY.filters))

    def clean(self):
        if self.minimum_age and self.maximum_age and self.minimum_age > self.maximum_age:
            raise ValidationError({"maximum_age": "The maximum age must be at least the minimum age."})

    def set_derived_text(self) -> None:
        """Fill the stored facet tokens and stemmed search text from the listing's fields."""
        from search.directory.derived import set_text  # derived reads these models

        set_text(self)

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:60] or "service"
            self.slug = f"{base}-{uuid.uuid4().hex[:6]}"
        self.set_derived_text()
        super().save(*args, **kwargs)
        # The full-text column, search points and index follow in search.directory.derived (post_save).

    def get_absolute_url(self):

        return reverse("directory:service", args=[self.slug])

    @property
    def is_stale(self) -> bool:
        if not self.last_reviewed:
            return True
        return self.last_reviewed < timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)

    @property
    def review_due(self) -> datetime.date | None:
        if not self.last_reviewed:
            return None
        return self.last_reviewed + datetime.timedelta(days=STALE_AFTER_DAYS)

    @property
    def how_to_refer_steps(self) -> list[str]:
        return [line.strip() for line in self.application_process.splitlines() if line.strip()]

    @property
    def service_type_labels(self):
        return v.SERVICE_TYPE.labels(self.service_types)

    @property
    def referral_labels(self):
        return v.REFERRAL.labels(self.referral_routes)

    @property
    def risk_labels(self):
        return v.RISK.labels(self.risk_levels)

    @property
    def delivery_labels(self):
        return v.DELIVERY.labels(self.attending_type)

    @property
    def language_labels(self):
        return v.LANGUAGE.labels(self.languages)

    @property
    def accepts_self_referral(self) -> bool:
        return "self" in self.referral_routes

    @property
    def age_range(self) -> str:
        if self.minimum_age and self.maximum_age:
            return f"Ages {self.minimum_age} to {self.maximum_age}"
        if self.minimum_age:
            return f"Aged {self.minimum_age} or over"
        if self.maximum_age:
            return f"Aged up to {self.maximum_age}"
        return ""


def update_search_vectors(queryset) -> None:
    """Refresh the PostgreSQL full-text column from ``search_text`` (no-op elsewhere)."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=SearchVector("search_text", config="simple"))


class ServicePoint(models.Model):
    """Search helper, one row per service and location: everything a radius search reads, in one
    narrow table with a coordinate index, so a bounding-box query needs no joins. Derived from
    Service, ServiceAtLocation and Location by ``refresh_points``; never edited by hand."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    status = models.CharField(max_length=20)
    is_national = models.BooleanField()
    name = models.CharField(max_length=255)
    facet_tokens = models.CharField(max_length=500)
    facet_mask = models.BigIntegerField(default=0)  # see search.directory.facet_bits
    search_text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]


def refresh_points(service_ids, known: Mapping | None = None) -> None:
    """Rebuild the search points of these services from their current locations. ``known`` maps some
    of them to (listing, [(latitude, longitude), ...]) already in memory: the service (its status,
    is_national, name, facet_tokens and search_text) and its locations' public points; those
    are not read back (``search.directory.derived`` passes what the CSV importer has just written)."""

    ids = list(service_ids)
    if not ids:
        return
    known = known or {}
    ServicePoint.objects.filter(service_id__in=ids).delete()
    rows = [(pk, lat, lon, s.status, s.is_national, s.name, s.facet_tokens, s.search_text)
            for pk, (s, points) in known.items() for lat, lon in points if lat is not None]
    rest = [pk for pk in ids if pk not in known]
    if rest:
        rows += ServiceAtLocation.objects.filter(
            service_id__in=rest, location__search_latitude__isnull=False).values_list(
            "service_id", "location__search_latitude", "location__search_longitude", "service__status",
            "service__is_national", "service__name", "service__facet_tokens", "service__search_text")
    insert_values(ServicePoint, [_point(*row) for row in rows])


def _point(service_id, latitude, longitude, status, is_national, name, facet_tokens, search_text) -> dict:

    return {"service_id": service_id, "latitude": latitude, "longitude": longitude, "status": status,
            "is_national": is_national, "name": name, "facet_tokens": facet_tokens,
            "facet_mask": mask_of(facet_tokens), "search_text": search_text}


def rebuild_all_points(chunk: int = 2000) -> None:
    ids = list(Service.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        refresh_points(ids[start:start + chunk])


class ServiceAtLocation(models.Model):
    """HSDS ``service_at_location``: where a service is delivered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("location"), FieldPanel("description")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")]

    def __str__(self):
        return f"{self.service} at {self.location}"


class ServiceArea(models.Model):
    """HSDS ``service_area``: a local authority the service covers, by its ONS code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=120, help_text="Local authority name.")
    la_code = models.CharField("local authority code", max_length=9, db_index=True,
                               help_text='ONS code, e.g. "W06000015" for Cardiff.')
    description = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("la_code")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):

        self.la_code = (self.la_code or "").strip().upper()
        if authority_name(self.la_code) is None:
            raise ValidationError({"la_code": "That is not a local authority code in England or Wales."})


class Phone(models.Model):
    """HSDS ``phone``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=20, default="voice",
                            choices=[("voice", "Voice"), ("text", "Text"), ("textphone", "Textphone")])
    description = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return self.number

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class Contact(models.Model):
    """HSDS ``contact``: a named person or team."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self):
        return self.name


class Schedule(models.Model):
    """HSDS ``schedule``, one row per weekday opening (``byday`` uses RFC 5545 day codes)."""

    DAYS = [("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"), ("TH", "Thursday"),
            ("FR", "Friday"), ("SA", "Saturday"), ("SU", "Sunday")]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField("day", max_length=2, choices=DAYS)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(max_length=255, blank=True, help_text='e.g. "Evening group".')

    class Meta:
        ordering = ["opens_at"]

    def __str__(self):
        return f"{self.get_byday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The closing time must be after the opening time."})
