"""Liveness and readiness for load balancers and operators. Never reveals secrets or addresses.

`/readyz` tells anyone the overall status (and answers 503 when the site cannot serve); which
backends the site uses and how each is doing is for staff who can use the admin, or for a monitor
that sends `Authorization: Bearer <READYZ_TOKEN>`.
"""

import hmac
import time
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check()
        state = {"ok": True}
        if detail:
            state["detail"] = detail
    except Exception as exc:  # the component is down: say so, not why in detail
        state = {"ok": False, "error": type(exc).__name__}
    state["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return state


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = "readyz:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _search():
    url = settings.ELASTICSEARCH_URL
    if not url:
        return "database"
    with urllib.request.urlopen(url.rstrip("/") + "/_cluster/health", timeout=settings.ELASTICSEARCH_TIMEOUT):
        return "elasticsearch"


# Checks the feature apps add (``register_readiness`` in their AppConfig.ready): name -> (check, vital).
_READINESS: dict = {}


def register_readiness(name: str, check, *, vital: bool) -> None:
    """Add a component to /readyz. ``check()`` raises when the component cannot serve and may return
    a short detail; a vital component that fails makes the site unready (503)."""
    _READINESS[name] = (check, vital)


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def may_see_details(request) -> bool:
    token = settings.READYZ_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


@never_cache
def readyz(request):
    components = {"database": _timed(_database), "cache": _timed(_cache), "search": _timed(_search)}
    # Cache and search degrade gracefully (cache misses, database search); the database and the
    # components the apps register as vital (the directory's place lookup) are what the site needs.
    vital = ["database"]
    for name, (check, is_vital) in _READINESS.items():
        components[name] = _timed(check)
        if is_vital:
            vital.append(name)
    ready = all(components[name]["ok"] for name in vital)
    status = "ok" if all(c["ok"] for c in components.values()) else ("degraded" if ready else "unavailable")
    body = {"status": status, "components": components} if may_see_details(request) else {"status": status}
    return JsonResponse(body, status=200 if ready else 503)
