import datetime

from django.core.paginator import Paginator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import BasePage

NEWS_PER_PAGE = 10


class NewsIndexPage(BasePage):
    search_section = "news"
    intro = models.TextField(blank=True, max_length=600)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["portal.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "news index"

    def news_items(self, tag: str | None = None):
        items = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        if tag:
            items = items.filter(tags__slug=tag)
        return items.prefetch_related("tags")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "")[:100] or None
        # get_page copes with missing, non-numeric and out-of-range page numbers.
        page_obj = Paginator(self.news_items(tag), NEWS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(page_obj=page_obj, news_items=page_obj.object_list, tag=tag)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("portal.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(BasePage):
    og_type = "article"
    search_section = "news"
    date = models.DateField("news date", default=datetime.date.today)
    body = StreamField(BodyBlock())
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news item"
