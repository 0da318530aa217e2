"""Purges of the HTTP cache in front of the portal (Varnish, or a CDN), through Wagtail's frontend
cache backends (`WAGTAILFRONTENDCACHE`, set from `FRONTEND_CACHE_URL` and friends in settings).

Only `portal.cache.purge_page_cache` calls this: whatever purges the portal's own page cache
purges the HTTP cache too, with the URLs it names, or the whole site when it names none. The URLs
are worked out at once (a deleted page's address is still known) and sent once the transaction
commits, so the HTTP cache never fetches the old data again before the change is visible; URLs
asked for within one transaction (an import saves hundreds of listings) go out once, together.

Purges are sent by the process that made the change, as soon as it commits (a PURGE to Varnish
takes about a millisecond): an editor who publishes and then looks sees the new page. They do not
go through the task queue, which would leave them to `db_worker`'s polling. The app
`wagtail.contrib.frontend_cache` is not installed: its own publish handlers would be a second path.

A path ending in `*` means everything under it (Varnish: see portal/deploy/varnish/default.vcl;
CloudFront reads it the same way); the Varnish configuration also drops every query string of a
purged path (a listing's searches and page numbers).
"""

import logging
import threading
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import wagtail
from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

logger = logging.getLogger(__name__)

EVERYTHING = "*"
_pending = threading.local()


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_urls(pages) -> set[str]:
    """The full URLs a page is cached at (its own and its routable sub-pages, `get_cached_paths`)
    and those of its live ancestors, whose listings show it (a section, the home page)."""

    batch = PurgeBatch()
    for page in pages:
        batch.add_page(page)
        batch.add_pages(page.get_ancestors().live().filter(depth__gt=1).specific())
    return set(batch.urls)


def site_paths(paths) -> set[str]:
    """Full URLs of these paths on every site (a listing shows on each)."""

    return {site.root_url.rstrip("/") + path for site in Site.objects.all() for path in paths}


def request_purge(urls=None) -> None:
    """Purge these full URLs (None: every site, entirely) from the HTTP cache after the commit."""
    if not enabled():
        return
    try:
        wanted = site_paths(["/" + EVERYTHING]) if urls is None else set(urls)
    except Exception:  # the database is unreachable: nothing to purge was committed either
        logger.warning("could not work out what to purge from the HTTP cache", exc_info=True)
        return
    if not hasattr(_pending, "urls"):
        _pending.urls = set()
    _pending.urls |= wanted
    transaction.on_commit(_send, robust=True)


def _send() -> None:
    urls, _pending.urls = getattr(_pending, "urls", set()), set()
    if not urls:
        return  # an earlier callback of the same transaction sent them
    everything = {url for url in urls if url.endswith("/" + EVERYTHING)}
    hosts = {url.rsplit("/", 1)[0] for url in everything}
    urls = everything | {url for url in urls if not any(url.startswith(host + "/") for host in hosts)}

    try:
        purge_urls_from_cache_task.call(sorted(urls))
    except Exception:  # a purge that fails is logged; the change itself is saved
        logger.error("could not purge %d URLs from the HTTP cache", len(urls), exc_info=True)


class HTTPPurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge backend (`PURGE <path>` with the page's `Host`) with a time limit: a
    cache that does not answer must not hold up the publish that asked for the purge."""

    TIMEOUT = 5

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
                               headers={"Host": host, "User-Agent": "Wagtail-frontendcache/" + wagtail.__version__})
        try:
            urlopen(request, timeout=self.TIMEOUT).close()  # noqa: S310 - the configured cache's address
        except (OSError, ValueError) as error:  # URLError, HTTPError and timeouts are OSErrors
            logger.error("could not purge %s from the HTTP cache: %s", url, error)
