from django import template
from wagtail.models import Site

from ..models import NavigationSettings

register = template.Library()


@register.inclusion_tag("portal/includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        nav = NavigationSettings.for_site(site)
        items = nav.main_menu.select_related("link_page").all()
    current = getattr(context.get("page"), "url", None) or (request.path if request else "")
    return {"items": items, "current": current}


@register.inclusion_tag("portal/includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    nav = NavigationSettings.for_site(site) if site else None
    return {
        "links": nav.footer_links.select_related("link_page").all() if nav else [],
        "footer_text": nav.footer_text if nav else "",
    }


@register.filter
def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
