"""robots.txt: keep the admin, accounts, search results, the exit route and member areas out of indexes."""

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
