"""The portal's error pages: 400, 403 (and a refused form), 404, 500 and 503, all in the site's
layout with the exit button.

500 and 503 are rendered without the request, so nothing that touches the database runs again
(the layout then shows the default exit site and footer links; see `portal.outages`).

Under `make run` (development settings, DEBUG on) Django would show its own debug pages instead.
`ErrorPagesInDebugMiddleware` (added by `portal/settings/dev.py` unless `DJANGO_DEBUG_PAGES=1`)
shows the portal's pages there too, and still writes the traceback of a 500 to the console.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.shortcuts import render

from .outages import server_error_response

logger = logging.getLogger("django.request")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """A form sent without its security token (expired after the browser was closed, or cookies
    blocked): say what to do, in the layout, instead of Django's bare "403 Forbidden"."""
    return render(request, "403_csrf.html", status=403)


class ErrorPagesInDebugMiddleware:
    """Development only: the portal's error pages while DEBUG is on (see the module docstring).

    Put last in MIDDLEWARE, so the pages it returns still pass through the security headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No URL matched (Resolver404): Django's debug "Page not found" page.
        if settings.DEBUG and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            return bad_request(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error_response(exception)
