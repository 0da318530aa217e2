"""Whole-page cache for anonymous visitors, purged whenever editors publish.

Only Wagtail page responses and views marked with `@cacheable_for_visitors` are cached, only for
visitors without a session cookie, and never a response that sets a cookie or carries a CSRF
token. Apps whose views are marked purge the cache when the data behind them changes. Purging bumps a generation
number that is part of every key, so one cache write invalidates every cached page at once.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from .generations import Generation

logger = logging.getLogger(__name__)

# Publishing bumps it; 0 while the cache is unreachable (nothing is cached then).
PAGE_GENERATION = Generation("page-cache:generation")
CACHE_HEADER = "X-Page-Cache"


def purge_page_cache(**_kwargs) -> None:
    """Invalidate every cached page (signal receivers pass keyword arguments; they are ignored)."""
    PAGE_GENERATION.bump()


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
            return self.get_response(request)
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
        if generation and self._cacheable(request, response):
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
