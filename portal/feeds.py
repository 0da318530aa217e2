"""RSS and Atom feeds of the latest news, and the rules every feed of pages shares.

Every link is absolute on the site's one address (``site_address``). Each entry names an author (the page's own,
else the organisation: the Wagtail Site's name);
``published`` is the article's own date and ``updated`` its last change after that (a later
publish), never the time the content happened to be loaded.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from .models import NewsPage
from .site_address import absolute_url

FEED_SIZE = 20
# Pages published within this long of their first publication count as unchanged.
SAME_PUBLISH = datetime.timedelta(minutes=1)


def organisation_name(request) -> str:
    """The organisation behind the site: the name of the Wagtail Site serving the request."""
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or Site.objects.filter(is_default_site=True) \
        .values_list("site_name", flat=True).first() or "Drive Partnership"


def dated(day: datetime.date) -> datetime.datetime:
    """A calendar date as a moment: 09:00 in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def last_change(page, published: datetime.datetime) -> datetime.datetime:
    """When the page last changed after ``published``: its last publish if that came later than
    its first (an edit), else ``published`` itself."""
    first, last = page.first_published_at, page.last_published_at
    if first and last and last - first > SAME_PUBLISH:
        return max(last, published)
    return published


class PageFeed(Feed):
    """A feed of Wagtail pages: each item's title, summary and URL come from the page."""

    def get_object(self, request, *args, **kwargs):
        self.organisation = organisation_name(request)
        self.site = Site.find_for_request(request)
        self.path = request.path
        return None

    def feed_url(self):
        return absolute_url(self.path, self.site)

    def author_name(self):
        return self.organisation

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.url, self.site)

    def item_author_name(self, item):
        return self.organisation

    def item_pubdate(self, item):
        return dated(item.date)

    def item_updateddate(self, item):
        return last_change(item, self.item_pubdate(item))


class NewsRssFeed(PageFeed):
    title = "Drive Partnership news"

    def link(self):
        return absolute_url("/news/", self.site)
    description = "News from the Drive Partnership on responses to perpetrators of domestic abuse."

    def items(self):
        return NewsPage.objects.live().public().order_by("-date", "-pk")[:FEED_SIZE]

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
