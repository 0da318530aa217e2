"""Admin additions (the publishing guide in the menu, the content-health dashboard panel, the admin
stylesheet) and the kernel's document privacy."""

from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import BaseViewRestriction
from wagtail.wagtail_hooks import require_wagtail_login

from portal.content_health import report

from .admin_views import publishing_guide
from .private_files import pages_using


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("publishing-guide/", publishing_guide, name="publishing_guide")]


@hooks.register("register_admin_menu_item")
def register_guide_menu_item():
    return MenuItem("How to publish", reverse("publishing_guide"), icon_name="help", order=10000)


class ContentHealthPanel(Component):
    name = "content_health"
    order = 50
    template_name = "portal/admin/content_health_panel.html"

    def get_context_data(self, parent_context=None):

        return {"sections": report()}


@hooks.register("construct_homepage_panels")
def add_content_health_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ContentHealthPanel())


@hooks.register("before_serve_document", order=-5)
def check_document_privacy(document, request):
    """A document is served only to whom its collection and every page it is attached to would be.

    Visitors are sent to sign in; a signed-in person without access gets "not found" (Wagtail's
    own check would send them to sign in again, which for them is a redirect loop). Password
    restrictions are left to Wagtail (collections) or the page itself (pages).
    """

    restrictions = [(r, None) for r in document.collection.get_view_restrictions()]
    restrictions += [(r, page) for page in pages_using(document) for r in page.get_view_restrictions()]
    # A restricted file must never be kept by a shared cache (portal.security adds the header).
    request.serves_private_file = bool(restrictions)
    for restriction, page in restrictions:
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == BaseViewRestriction.PASSWORD:
            if page is None:
                return None  # Wagtail's hook asks for the collection's password
            return redirect(page.url or "/")
        if not request.user.is_authenticated:
            return require_wagtail_login(next=request.get_full_path())
        raise Http404
    return None


@hooks.register("insert_global_admin_css")
def admin_css():

    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))
