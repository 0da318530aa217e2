"""/sitemap.xml: every public page from Wagtail, plus the sections the feature apps register
(``register_sitemap`` in their AppConfig.ready) for what is not a page: the directory's search and
listings, a page's routed indexes. Every <loc> is absolute on the site's one address
(``portal.site_address``), never the address a request happened to use.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from .site_address import absolute_url

_SECTIONS: dict[str, type] = {}


def register_sitemap(name: str, section: type[DjangoSitemap]) -> None:
    _SECTIONS[name] = section


class SiteAddressSitemap(DjangoSitemap):
    """A section whose items give a site-relative ``location`` and a ``lastmod``."""

    def get_urls(self, page=1, site=None, protocol=None):
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.append({"item": item, "location": absolute_url(self._get("location", item)),
                         "lastmod": self._get("lastmod", item), "changefreq": self._get("changefreq", item),
                         "priority": "", "alternates": []})
        dates = [url["lastmod"] for url in urls]
        if dates and None not in dates:
            self.latest_lastmod = max(dates)
        return urls


def sitemap(request):

    sections = {"pages": PageSitemap(request)}
    sections.update({name: section() for name, section in _SECTIONS.items()})
    return wagtail_sitemap(request, sitemaps=sections)
