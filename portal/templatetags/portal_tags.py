from django import template
from django.core.cache import cache
from django.template.defaultfilters import urlencode
from wagtail.models import Site

from portal.form_errors import summary_items

from ..cache import PAGE_GENERATION
from ..models import NavigationSettings

register = template.Library()
NAVIGATION_SECONDS = 3600
# The pages every footer must link to. Editors manage the footer links (the demo loader adds
# these); pages rendered without the database (500, 503) fall back to this list.
STATEMENT_LINKS = (
    {"label": "Accessibility statement", "url": "/accessibility/"},
    {"label": "Privacy notice", "url": "/privacy/"},
)


def _links(items) -> list[dict]:
    return [{"label": item.label, "url": item.url} for item in items.select_related("link_page")]


def _navigation(request) -> dict | None:
    """The site's menu and footer links as plain data: built once, then kept in the cache until
    the next publish or settings change (the page-cache generation changes), and on the request."""
    if request is None:
        return None
    if hasattr(request, "_portal_navigation"):
        return request._portal_navigation
    site = Site.find_for_request(request)
    data = None
    if site is not None:
        generation = PAGE_GENERATION.current()
        key = f"portal-navigation:{generation}:{site.pk}"
        data = cache.get(key) if generation else None
        if data is None:
            nav = NavigationSettings.for_site(site)
            data = {"menu": _links(nav.main_menu), "footer": _links(nav.footer_links), "footer_text": nav.footer_text}
            if generation:
                cache.set(key, data, NAVIGATION_SECONDS)
    request._portal_navigation = data
    return data


@register.inclusion_tag("portal/includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    nav = _navigation(request)
    current = getattr(context.get("page"), "url", None) or (request.path if request else "")
    return {"items": nav["menu"] if nav else [], "current": current}


@register.inclusion_tag("portal/includes/footer_links.html", takes_context=True)
def footer_links(context):
    nav = _navigation(context.get("request"))
    return {"links": nav["footer"] if nav else list(STATEMENT_LINKS), "footer_text": nav["footer_text"] if nav else ""}


@register.filter
def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@register.simple_tag
def error_summary_items(form=None, errors=None) -> list[tuple[str, str]]:

    return summary_items(form, errors or ())


@register.inclusion_tag("portal/includes/pagination.html")
def pagination(page_obj, query: str = "", label: str = "Pagination", **params) -> dict:
    """The kernel's pagination (portal/includes/pagination.html) for a Django paginator page.

    Previous and Next keep the rest of the query string: `query`, already encoded, then `params`,
    encoded as the `urlencode` filter does and left out when None or empty. A view that builds its
    own page URLs includes the template directly with prev_url, next_url, page and pages."""
    if page_obj is None:
        return {"pages": 0}
    rest = [query] if query else []
    rest += [f"{name}={urlencode(value)}" for name, value in params.items() if value not in (None, "")]

    def url(number: int) -> str:
        return "?" + "&".join([*rest, f"page={number}"])

    return {
        "prev_url": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": url(page_obj.next_page_number()) if page_obj.has_next() else "",
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "label": label,
    }
