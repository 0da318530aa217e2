from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from .models import SiteSettings
from .models.settings import DEFAULT_EXIT_URL


def exit_url_for(request) -> str:
    site = Site.find_for_request(request)
    if site is None:
        return DEFAULT_EXIT_URL
    return SiteSettings.for_site(site).quick_exit_url or DEFAULT_EXIT_URL


@never_cache
def quick_exit(request):
    """Sign the visitor out, forget their session, and send them to the neutral site."""
    if request.session.session_key or request.user.is_authenticated:
        logout(request)  # flushes the session, which deletes its cookie
    response = HttpResponseRedirect(exit_url_for(request))
    response["Referrer-Policy"] = "no-referrer"
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
