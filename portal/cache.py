"""Whole-page cache for anonymous visitors, purged whenever editors publish, and the rule for an
HTTP cache in front (Varnish or a CDN).

Only Wagtail page responses and views marked with `@cacheable_for_visitors` are cached, only for
visitors without a session cookie, and never a response that sets a cookie or carries a CSRF
token. Apps whose views are marked purge the cache when the data behind them changes. Purging bumps a generation
number that is part of every key, so one cache write invalidates every cached page at once.

The same rule tells an HTTP cache in front what it may keep: what this cache keeps is sent with
`Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_SECONDS` (shared caches keep it, browsers
ask again). Every response to a request with a session cookie (a signed-in person: the member
area, an account), every response that sets a cookie and every private one is `private, no-store`.
Anything else says what its view said, if anything (static files, robots.txt and the open data API
say public; a site search, a 404 or a public document nothing), and the HTTP cache keeps only what
says public (portal/deploy/varnish/default.vcl). `purge_page_cache` purges both caches: the HTTP cache only at the URLs
its caller names (a page and the listings that show it, a listing's directory pages), or the
whole site when it names none (portal/frontend_cache.py).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from . import frontend_cache
from .generations import Generation

logger = logging.getLogger(__name__)

# Publishing bumps it; 0 while the cache is unreachable (nothing is cached then).
PAGE_GENERATION = Generation("page-cache:generation")
CACHE_HEADER = "X-Page-Cache"


def purge_page_cache(*, pages=(), paths=(), urls=None, **_signal_kwargs) -> None:
    """Invalidate every cached page here, and in the HTTP cache in front the URLs of `pages`
    (each with the listings that show it), of `paths` (on every site) and `urls`; the whole site
    there when none is named. Signal receivers may connect it directly: their arguments are ignored."""
    PAGE_GENERATION.bump()
    if not frontend_cache.enabled():
        return
    if not (pages or paths or urls):
        frontend_cache.request_purge(None)
        return
    try:
        wanted = set(urls or ()) | frontend_cache.page_urls(pages) | frontend_cache.site_paths(paths)
    except Exception:
        logger.warning("could not list the URLs to purge; purging the whole site", exc_info=True)
        wanted = None
    frontend_cache.request_purge(wanted)


def cacheable_for_visitors(view):
    """Mark a view whose anonymous GET responses may be cached like pages (the app purges the cache
    when its data changes)."""
    view.page_cacheable = True
    return view


def _key(request, generation: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}".encode()
    return f"page-cache:{generation}:{hashlib.sha256(raw).hexdigest()}"


def _show_header() -> bool:
    """Whether responses say whether they came from the cache: a debugging aid, never in production."""
    return settings.DEBUG or settings.PAGE_CACHE_HEADER


def _may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and len(request.get_full_path()) <= 2000
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return _mark_for_http_caches(request, self.get_response(request), cacheable=False)
        generation = PAGE_GENERATION.current()
        key = _key(request, generation)
        if generation:
            try:
                cached = cache.get(key)
            except Exception:
                cached = None
            if cached is not None:
                if _show_header():
                    cached[CACHE_HEADER] = "hit"
                return cached
        response = self.get_response(request)
        cacheable = self._cacheable(request, response)
        _mark_for_http_caches(request, response, cacheable)
        if generation and cacheable:
            try:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("could not store a page in the cache", exc_info=True)
            if _show_header():
                response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _cacheable(request, response) -> bool:
        match = getattr(request, "resolver_match", None)
        return (
            match is not None
            and (match.url_name == "wagtail_serve" or getattr(match.func, "page_cacheable", False))
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
            and getattr(request, "user", None) is not None
            and not request.user.is_authenticated
        )


def _mark_for_http_caches(request, response, cacheable: bool):
    """What a shared cache in front may do with the response (see the module's docstring)."""
    if cacheable:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
        return response
    said = response.get("Cache-Control", "")
    if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies or "private" in said:
        if "public" in said:
            del response["Cache-Control"]  # a signed-in person's or cookie-setting copy is theirs alone
        patch_cache_control(response, private=True, no_store=True)
    return response
