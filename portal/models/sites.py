from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.area_services import area_services

from ..blocks import BodyBlock
from .base import BasePage


class SiteIndexPage(BasePage):
    """'Where Drive works': lists the delivery areas."""

    intro = models.TextField(blank=True, max_length=600)
    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["portal.SitePage"]
    max_count = 1

    class Meta:
        verbose_name = "delivery areas index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sites"] = SitePage.objects.live().public().child_of(self).order_by("start_date", "title")
        return context


class SitePage(BasePage):
    """A Drive delivery area: where, when, who paid, who delivered, and what happened."""

    police_force_area = models.CharField(max_length=120, help_text='e.g. "West Mercia".')
    local_authorities = models.TextField(
        help_text="One local authority per line.", blank=True
    )
    start_date = models.DateField(null=True, blank=True, help_text="When delivery started.")
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if delivery continues.")
    dates_note = models.CharField(
        max_length=255, blank=True, help_text='Dates in words, e.g. "Pilot site, 2016–2019".'
    )
    funders = models.TextField(blank=True, help_text="One funder per line, with the amount if public.")
    delivery_partner = models.CharField(max_length=200, blank=True)
    is_pilot = models.BooleanField(default=False, help_text="One of the three original pilot areas.")
    summary_text = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("police_force_area"),
                FieldPanel("local_authorities"),
                FieldPanel("is_pilot"),
            ],
            heading="Area",
        ),
        MultiFieldPanel(
            [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("dates_note")], heading="Dates"
        ),
        MultiFieldPanel([FieldPanel("funders"), FieldPanel("delivery_partner")], heading="Funding and delivery"),
        InlinePanel("figures", heading="Figures", label="Figure"),
        FieldPanel("summary_text"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("police_force_area"),
        index.SearchField("local_authorities"),
        index.SearchField("body"),
    ]
    parent_page_types = ["portal.SiteIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "delivery area"

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["area_services"] = area_services(self.police_force_area, self.local_authority_list)
        return context

    @property
    def local_authority_list(self) -> list[str]:
        return [line.strip() for line in self.local_authorities.splitlines() if line.strip()]

    @property
    def funder_list(self) -> list[str]:
        return [line.strip() for line in self.funders.splitlines() if line.strip()]


class SitePageFigure(Orderable):
    page = ParentalKey(SitePage, related_name="figures", on_delete=models.CASCADE)
    figure = models.CharField(max_length=20, help_text='e.g. "125" or "82%".')
    label = models.CharField(max_length=255)
    period = models.CharField(max_length=100, blank=True, help_text='e.g. "Oct 2018 – Sep 2019".')
    source = models.CharField(max_length=255)

    panels = [FieldPanel("figure"), FieldPanel("label"), FieldPanel("period"), FieldPanel("source")]
