"""Admin additions: the publishing guide in the menu, the content-health dashboard panel, the admin stylesheet."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .admin_views import publishing_guide


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
        from .content_health import report

        return {"sections": report()}


@hooks.register("construct_homepage_panels")
def add_content_health_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ContentHealthPanel())


@hooks.register("insert_global_admin_css")
def admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))
