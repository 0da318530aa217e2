"""The site's one public address. Canonical links, og:url, the sitemap, feeds, emails, certificate QR
codes, citations and the API's document link all come from the default Wagtail Site's hostname and
port (set from ``SITE_URL`` by the demo loader or by editors under Settings → Sites).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from wagtail.models import Site

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}


def root_url(site: Site | None = None) -> str:
    """``scheme://host[:port]`` of ``site`` (the default Site if none), without a trailing slash."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.SITE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def absolute_url(path: str, site: Site | None = None) -> str:
    """The absolute URL of a site-relative ``path`` (an absolute URL is returned unchanged)."""
    if urlsplit(path).scheme:
        return path
    return root_url(site) + "/" + path.lstrip("/")


def site_fields_from(url: str) -> dict:
    """The Wagtail Site's ``hostname`` and ``port`` for an address like ``https://portal.example.org``."""
    parts = urlsplit(url if "//" in url else f"http://{url}")
    if not parts.hostname:
        raise ValueError(f"SITE_URL has no host: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {"hostname": parts.hostname, "port": port}


@checks.register(checks.Tags.security, deploy=True)
def check_site_address(app_configs=None, databases=None, **kwargs):
    """``check --deploy``: production must not publish links to this machine."""
    problems = []
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in LOCAL_HOSTS:
        problems.append(checks.Error(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails, feeds and certificates would point at "
            "this machine.", hint="Set SITE_URL to the public https:// address.", id="portal.E101"))
    if databases:
        site = Site.objects.filter(is_default_site=True).first()
        if site and site.hostname in LOCAL_HOSTS:
            problems.append(checks.Error(
                f"The default Wagtail Site's hostname is {site.hostname!r}.",
                hint="Set it (Settings → Sites) to the public host name.", id="portal.E102"))
    return problems


def apply_site_url() -> None:
    """Give the default Wagtail Site the hostname and port of ``SITE_URL`` (the demo loader's step)."""
    fields = site_fields_from(settings.SITE_URL)
    for site in Site.objects.filter(is_default_site=True):
        site.hostname, site.port = fields["hostname"], fields["port"]
        site.save()  # save, not update: Wagtail then drops its cached root paths
