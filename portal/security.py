"""Headers Django's SecurityMiddleware does not set, and the referrer policy per page.

Every page sends `Referrer-Policy: no-referrer`, except pages that carry a POST form (they used
a CSRF token): browsers send `Origin: null` for forms on a no-referrer page, which CSRF
protection must refuse. Those pages send `same-origin`, which still never tells another site
where the visitor came from.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import patch_cache_control

ADMIN_PREFIX = "/admin/"

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "serves_private_file", False):
            patch_cache_control(response, private=True, no_store=True)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            response.setdefault("Referrer-Policy", "same-origin")
        else:
            response.setdefault("Referrer-Policy", "no-referrer")
        return response


class StripNullCharactersMiddleware:
    """Remove NUL characters from query strings before any view reads them.

    PostgreSQL refuses strings containing NUL, so a crafted `?q=%00` would otherwise turn into a
    500 in any view that filters on a query parameter. Forms already reject NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or any("\x00" in v for v in request.GET.values()):
            cleaned = request.GET.copy()
            for key in list(cleaned):
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in cleaned.getlist(key)])
                if "\x00" in key:
                    del cleaned[key]
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with one policy for the public site and a looser one for the admin (settings:
    CONTENT_SECURITY_POLICY and ADMIN_CONTENT_SECURITY_POLICY). Views that set their own policy
    (the `csp_replace` decorators, documents' `default-src 'none'`) keep it."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts
