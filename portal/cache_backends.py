"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Everything the portal keeps in the cache (cached pages, cached sessions, rate-limit counters,
computed facets) can be rebuilt, so losing Redis must slow the site down, never break it. After a
failure the process stops asking Redis for `RETRY_AFTER` seconds, so a Redis host that does not
answer at all costs one connect timeout per interval rather than one per request.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("portal.cache")
RETRY_AFTER = 5.0

# What each operation returns while Redis is down: what it would return for a missing key.
_FALLBACKS = {
    "add": False, "get": None, "set": None, "touch": False, "delete": False, "get_many": {},
    "has_key": False, "set_many": [], "delete_many": None, "clear": False,
}


class _ResilientClient(RedisCacheClient):
    _down_until = 0.0

    def _call(self, name, fallback, *args):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args)
        except self._lib.exceptions.ConnectionError:  # includes TimeoutError
            logger.warning("Redis is unreachable: serving without the cache for %.0f s", RETRY_AFTER)
            type(self)._down_until = time.monotonic() + RETRY_AFTER
            return fallback

    def get(self, key, default):
        return self._call("get", default, key, default)

    def incr(self, key, delta):
        result = self._call("incr", None, key, delta)
        if result is None:  # as for a missing key
            raise ValueError(f"Key '{key}' not found.")
        return result


def _passthrough(name):
    def method(self, *args):
        return self._call(name, _FALLBACKS[name], *args)

    method.__name__ = name
    return method


for _name in ("add", "set", "touch", "delete", "get_many", "has_key", "set_many", "delete_many", "clear"):
    setattr(_ResilientClient, _name, _passthrough(_name))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ResilientClient
