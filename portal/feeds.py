"""RSS and Atom feeds of the latest news."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import NewsPage

FEED_SIZE = 20


class PageFeed(Feed):
    """A feed of Wagtail pages: each item's title, summary and URL come from the page."""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url


class NewsRssFeed(PageFeed):
    title = "Drive Partnership news"
    link = "/news/"
    description = "News from the Drive Partnership on responses to perpetrators of domestic abuse."

    def items(self):
        return NewsPage.objects.live().public().order_by("-date", "-pk")[:FEED_SIZE]

    def item_pubdate(self, item):
        return item.published_datetime

    def item_updateddate(self, item):
        return item.last_published_at or item.published_datetime

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
