from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import admin as admin_views


@hooks.register("register_admin_urls")
def register_training_admin_urls():
    return [
        path("training/reports/", admin_views.reports_view, name="training_admin_reports"),
        path("training/certificates/", admin_views.certificates_view, name="training_admin_certificates"),
        path("training/certificates/<int:pk>/revoke/", admin_views.revoke_view, name="training_admin_revoke"),
    ]


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("training.view_training_reports")


@hooks.register("register_reports_menu_item")
def register_training_report_menu_item():
    return PermissionMenuItem("Training", reverse("training_admin_reports"), icon_name="tasks", order=900)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return PermissionMenuItem(
        "Certificates", reverse("training_admin_certificates"), icon_name="doc-full", order=850
    )
