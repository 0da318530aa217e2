"""Who may do what with research records: lived-experience responses (moderators and superusers
only) and key findings (Editors and Moderators)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from portal.accounts.roles import EDITORS, MODERATORS, grant

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

    grant({name: [f"research.{action}_keyfinding" for action in actions]
           for name, actions in FINDING_PERMISSIONS.items()},
          app_config=app_config or apps.get_app_config("research"))
