from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from portal.models.news import NewsPage

from ..blocks import BodyBlock
from .base import BasePage


class HomePage(BasePage):
    """The front door: the mission in plain words, the evidence, and a route for each audience."""

    intro = models.TextField(
        max_length=600, help_text="What the portal is, in two or three plain sentences."
    )
    find_service_text = models.CharField(
        max_length=200,
        default="Find a service near you for people who want to change their behaviour.",
        help_text="Shown beside the 'Find a service' route.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Impact figures, evidence and news.")

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("find_service_text"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date")[:3]
        return context


class StandardPage(BasePage):
    """A general content page: About Drive, Cover your tracks, and the like."""

    body = StreamField(BodyBlock())
    show_child_pages = models.BooleanField(
        default=True, help_text="List this page's published child pages under its content."
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("show_child_pages")], heading="Listing"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = "standard page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.show_child_pages:
            context["child_pages"] = self.get_children().live().public().specific()
        return context
