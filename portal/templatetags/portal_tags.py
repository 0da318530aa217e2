from django import template
from wagtail.models import Site

from ..models import NavigationSettings

register = template.Library()


def _navigation(request) -> NavigationSettings | None:
    """The site's navigation, fetched once per request (for_request caches it on the request)."""
    if request is None or Site.find_for_request(request) is None:
        return None
    return NavigationSettings.for_request(request)


@register.inclusion_tag("portal/includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    nav = _navigation(request)
    items = nav.main_menu.select_related("link_page").all() if nav else []
    current = getattr(context.get("page"), "url", None) or (request.path if request else "")
    return {"items": items, "current": current}


@register.inclusion_tag("portal/includes/footer_links.html", takes_context=True)
def footer_links(context):
    nav = _navigation(context.get("request"))
    return {
        "links": nav.footer_links.select_related("link_page").all() if nav else [],
        "footer_text": nav.footer_text if nav else "",
    }


@register.filter
def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
