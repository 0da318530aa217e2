"""The directory's part of /sitemap.xml: the search page and every public listing."""

from django.urls import reverse

from portal.sitemaps import SiteAddressSitemap
from search.models import Service


class DirectorySitemap(SiteAddressSitemap):
    def items(self):
        services = list(Service.objects.listed().order_by("slug")
                        .only("slug", "last_modified"))
        newest = max((s.last_modified for s in services), default=None)
        return [("search", newest)] + [("listing", s) for s in services]

    def location(self, item):
        kind, value = item
        return reverse("directory:search") if kind == "search" else reverse("directory:service", args=[value.slug])

    def lastmod(self, item):
        kind, value = item
        return value if kind == "search" else value.last_modified
