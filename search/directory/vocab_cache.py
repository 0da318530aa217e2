"""The set of stems present in the directory's data, for typo correction. Cached per process
and in the shared cache, invalidated whenever a service is saved or deleted."""

from __future__ import annotations

from django.core.cache import cache

from portal.generations import Generation

VERSION = Generation("directory:vocabulary-version")  # a cache outage must not break search: 0 then
_memo: dict[str, frozenset[str]] = {}


def invalidate(**_kwargs) -> None:
    VERSION.bump()
    _memo.clear()


def vocabulary() -> frozenset[str]:
    key = f"directory:vocabulary:{VERSION.current()}"
    if key in _memo:
        return _memo[key]
    words = None
    try:
        words = cache.get(key)
    except Exception:
        words = None
    if words is None:
        from search.models import Service  # search.models imports this module's package

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
