"""What visitors and editors see when a part the site depends on fails.

- The database is unreachable (restarting, failing over): a 503 page that says to try again in a
  few minutes, with `Retry-After`, instead of the generic error page. Persistent connections are
  health-checked (`CONN_HEALTH_CHECKS`), so the site recovers by itself once the database is back.
- The media disk is full: the upload is refused with a clear message, the half-written file is
  removed and no database row is created.
"""

from __future__ import annotations

import errno
import logging
import os
import sys

from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader

logger = logging.getLogger("portal")
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
STORAGE_FULL_MESSAGE = (
    "The file could not be saved because the server's storage is full. Nothing was saved. "
    "Please try again later and tell the site's administrators."
)


class StorageFull(OSError):
    pass


def server_error(request):
    """handler500: a database outage gets the 503 page, anything else the 500 page."""
    return server_error_response(sys.exc_info()[1])


def server_error_response(exc: BaseException | None) -> HttpResponse:
    if isinstance(exc, (OperationalError, InterfaceError)) and not _is_query_error(exc):
        return unavailable(retry_after=30)
    # Rendered without the request: nothing that could touch the failing part runs again.
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def unavailable(retry_after: int) -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(retry_after)
    return response


def _is_query_error(exc: DatabaseError) -> bool:
    # SQLite reports some bad queries as OperationalError too; those are bugs, not outages.
    return "syntax error" in str(exc) or "no such" in str(exc)


class StorageFullMiddleware:
    """Turns a full media disk into a message for the editor instead of an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageFull):
            return None
        logger.error("media storage is full: an upload was refused")
        if request.path.startswith("/admin/") or request.user.is_staff:
            messages.error(request, STORAGE_FULL_MESSAGE)
            return HttpResponseRedirect(request.get_full_path())
        return unavailable(retry_after=300)


class MediaStorage(FileSystemStorage):
    """The filesystem media storage, which never leaves a half-written file behind."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in DISK_FULL_ERRNOS:
                raise
            path = self.path(name)
            if os.path.exists(path):
                os.remove(path)
            raise StorageFull(exc.errno, STORAGE_FULL_MESSAGE) from exc
