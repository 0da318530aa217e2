"""Admin additions: the publishing guide in the menu."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import publishing_guide


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("publishing-guide/", publishing_guide, name="publishing_guide")]


@hooks.register("register_admin_menu_item")
def register_guide_menu_item():
    return MenuItem("How to publish", reverse("publishing_guide"), icon_name="help", order=10000)
