"""The set of stems present in the directory's data, for typo correction. Cached per process
and in the shared cache, invalidated whenever a service is saved or deleted."""

from __future__ import annotations

from django.core.cache import cache

VERSION_KEY = "directory:vocabulary-version"
_memo: dict[str, frozenset[str]] = {}


def _version() -> int:
    try:
        return cache.get_or_set(VERSION_KEY, 1, timeout=None)
    except Exception:  # a cache outage must not break search
        return 0


def invalidate(**_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:
        pass
    _memo.clear()


def vocabulary() -> frozenset[str]:
    key = f"directory:vocabulary:{_version()}"
    if key in _memo:
        return _memo[key]
    words = None
    try:
        words = cache.get(key)
    except Exception:
        words = None
    if words is None:
        from search.models import Service

        found: set[str] = set()
        for text in Service.objects.active().values_list("search_text", flat=True).iterator(chunk_size=2000):
            found.update(text.split())
        words = frozenset(w for w in found if len(w) >= 3 and not w.isdigit())
        try:
            cache.set(key, words, timeout=24 * 3600)
        except Exception:
            pass
    _memo.clear()
    _memo[key] = words
    return words
