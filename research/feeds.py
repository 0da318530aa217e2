"""Atom feed of the latest publications."""

import datetime

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from portal.feeds import FEED_SIZE, PageFeed


class PublicationAtomFeed(PageFeed):
    feed_type = Atom1Feed
    title = "Drive Partnership research and publications"
    subtitle = "New evaluations, briefings, policy responses and practice guides from the Drive Partnership."

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def link(self):
        return self.index_page.url + "publications/"

    def items(self):
        return self.index_page.publications().order_by("-publication_date", "-pk")[:FEED_SIZE]

    def item_author_name(self, item):
        return ", ".join(item.author_list or item.organisation_list) or None

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.publication_date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)
