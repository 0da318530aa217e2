"""Atom feed of the latest publications."""

from django.utils.feedgenerator import Atom1Feed

from portal.feeds import FEED_SIZE, PageFeed, dated
from portal.site_address import absolute_url


class PublicationAtomFeed(PageFeed):
    feed_type = Atom1Feed
    title = "Drive Partnership research and publications"
    subtitle = "New evaluations, briefings, policy responses and practice guides from the Drive Partnership."

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def link(self):
        return absolute_url(self.index_page.listing_url(), self.site)

    def items(self):
        return self.index_page.publications().order_by("-publication_date", "-pk")[:FEED_SIZE]

    def item_author_name(self, item):
        return "; ".join(item.author_list or item.organisation_list) or self.organisation

    def item_pubdate(self, item):
        return dated(item.publication_date)
