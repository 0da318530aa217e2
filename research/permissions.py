"""Who may do what with research records: lived-experience responses (moderators and superusers
only) and key findings (Editors and Moderators)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from portal.accounts.roles import EDITORS, MODERATORS

READ_ACTIONS = {"view", "change", "delete"}


class ModeratorsOnlyPolicy(BasePermissionPolicy):
    """Responses arrive through the public form: nobody adds them in the admin."""

    def user_has_permission(self, user, action):
        if action not in READ_ACTIONS or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return user.is_superuser or user.groups.filter(name=MODERATORS).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not READ_ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            Q(is_superuser=True) | Q(groups__name=MODERATORS), is_active=True
        ).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


FINDING_PERMISSIONS = {
    EDITORS: ("add", "change", "view"),
    MODERATORS: ("add", "change", "delete", "view"),
}


def grant_research_permissions(app_config=None, **_kwargs) -> None:
    """Editors add and change key findings (for publications and charts); Moderators may also delete
    them. Run after every migrate, like the other apps' grants. Idempotent."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # This app's receiver may run before auth's own: make sure the permissions exist first.
    create_permissions(app_config or apps.get_app_config("research"), verbosity=0)
    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="research",
                                                               content_type__model="keyfinding")}
    if not perms:
        return
    for name, actions in FINDING_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(perms[code] for code in (f"{a}_keyfinding" for a in actions) if code in perms))
