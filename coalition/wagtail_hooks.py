from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from coalition.models import ActionStatusChange
from portal.private_files import pages_using

from . import notifications
from .models import ActionItem, Ask, MemberOrganisation
from .permissions import can_view_member_area, deny, is_moderator
from .views import admin as admin_views


@hooks.register("before_serve_page", order=-10)
def hide_member_pages(page, request, serve_args, serve_kwargs):
    """Member-only pages do not exist for anyone outside the coalition."""
    if getattr(page.specific_class, "members_only", False) and not can_view_member_area(request.user):
        return deny(request)
    return None


@hooks.register("before_serve_document", order=-10)
def hide_member_documents(document, request):
    """A document attached to a members-only page is refused to outsiders as the page is, whatever its
    collection (editors cannot save such a page with a public document, but older pages may have one)."""
    if can_view_member_area(request.user):
        return None
    if any(getattr(page.specific_class, "members_only", False) for page in pages_using(document)):
        return deny(request)
    return None


class MemberOrganisationViewSet(SnippetViewSet):
    model = MemberOrganisation
    icon = "group"
    menu_label = "Member organisations"
    list_display = ["name", "org_type", "status", "joined", "is_demo"]
    list_filter = ["status", "org_type", "is_demo"]
    search_fields = ["name"]
    ordering = ["name"]


class AskViewSet(SnippetViewSet):
    model = Ask
    icon = "tasks"
    menu_label = "Call to Action asks"
    list_display = ["title", "owner", "status", "parent"]
    list_filter = ["status"]


class ActionItemViewSet(SnippetViewSet):
    model = ActionItem
    icon = "clipboard-list"
    menu_label = "Meeting actions"
    list_display = ["description", "owner_organisation", "due_date", "status"]
    list_filter = ["status"]


class CoalitionGroup(SnippetViewSetGroup):
    menu_label = "Coalition"
    menu_icon = "group"
    menu_order = 250
    items = (MemberOrganisationViewSet, AskViewSet, ActionItemViewSet)


register_snippet(CoalitionGroup)


@hooks.register("before_edit_snippet")
def remember_action_state(request, instance):
    if isinstance(instance, ActionItem):
        request._coalition_action_before = (instance.status, instance.owner_user_id, instance.owner_organisation_id)


@hooks.register("after_create_snippet")
def action_created(request, instance):
    if isinstance(instance, ActionItem) and (instance.owner_user_id or instance.owner_organisation_id):
        notifications.action_assigned(instance)


@hooks.register("after_edit_snippet")
def action_edited(request, instance):

    before = getattr(request, "_coalition_action_before", None)
    if not isinstance(instance, ActionItem) or before is None:
        return
    old_status, old_user, old_org = before
    if old_status != instance.status:
        ActionStatusChange.objects.create(action=instance, from_status=old_status, to_status=instance.status,
                                          changed_by=request.user, changed_at=timezone.now())
    if (old_user, old_org) != (instance.owner_user_id, instance.owner_organisation_id) and (
        instance.owner_user_id or instance.owner_organisation_id
    ):
        notifications.action_assigned(instance)


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("coalition/applications/", admin_views.application_list, name="coalition_admin_applications"),
        path("coalition/applications/<int:pk>/", admin_views.application_review, name="coalition_admin_application"),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def applications_menu_item():
    return ModeratorMenuItem("Membership applications", reverse("coalition_admin_applications"),
                             icon_name="group", order=251)

