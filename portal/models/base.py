from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Fields every public page has: a plain-words summary and when it was last checked."""

    summary = models.TextField(
        blank=True,
        max_length=400,
        help_text="One or two sentences shown in listings and search results, and used as the "
        "page description for search engines when none is set.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When someone last checked this page is still true. Pages not reviewed for "
        "12 months are flagged to editors.",
    )

    og_type = "website"  # Open Graph type; articles override it
    search_section = "pages"  # where site search lists it: news, research, publications, training or pages

    search_fields = Page.search_fields + [index.SearchField("summary")]
    promote_panels = Page.promote_panels + [FieldPanel("last_reviewed")]

    class Meta:
        abstract = True

    @property
    def description(self) -> str:
        return self.search_description or self.summary
