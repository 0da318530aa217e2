"""robots.txt (keep the admin, accounts, search results, the exit route and member areas out of
indexes) and /favicon.ico."""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from wagtail.models import Site

from .site_address import absolute_url

DISALLOW = [
    "/admin/", "/accounts/", "/search/", "/exit/", "/documents/",
    "/coalition/member-area/", "/coalition/calendar/", "/coalition/invitation/", "/coalition/join/application/",
    "/training/my/", "/training/certificates/",
]


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW), "",
             f"Sitemap: {absolute_url('/sitemap.xml', Site.find_for_request(request))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


FAVICON = Path(__file__).resolve().parent / "static" / "portal" / "icons" / "favicon.ico"


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, for browsers and tools that ask for it without reading the page's icon link."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
