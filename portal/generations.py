"""Generation counters in the shared cache: one cache write invalidates a whole family of entries.

Entries put the counter's current value in their keys (`f"thing:{generation.current()}:{id}"`);
bumping it makes every older key unreachable, and those entries expire on their own. A cache
outage never takes the site down: `current()` then says 0 (callers may treat 0 as "do not cache")
and `bump()` does nothing; both log a warning.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


class Generation:
    def __init__(self, key: str):
        self.key = key

    def __repr__(self) -> str:
        return f"Generation({self.key!r})"

    def current(self) -> int:
        """The counter's value: 1 until the first bump; 0 while the cache is unreachable."""
        try:
            return cache.get_or_set(self.key, 1, timeout=None)
        except Exception:  # a cache outage must never take the site down
            logger.warning("cache unavailable: could not read %s", self.key, exc_info=True)
            return 0

    def bump(self, **_kwargs) -> None:
        """Invalidate every entry keyed on the current value (signal receivers may connect this
        directly: the arguments they pass are ignored)."""
        try:
            try:
                cache.incr(self.key)
            except ValueError:  # never read, or evicted: start above the first value
                cache.set(self.key, 2, timeout=None)
        except Exception:
            logger.warning("cache unavailable: could not bump %s", self.key, exc_info=True)
