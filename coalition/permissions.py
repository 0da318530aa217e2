"""Who may see what in the coalition space.

Members (the "Coalition members" group: people linked to an approved member organisation) and the
partnership's staff (editors, moderators, administrators) see the member area. Everyone else,
signed in or not, must not learn that its pages exist.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import prefetch_related_objects
from django.http import Http404

from portal.accounts import roles

MEMBER_AREA_GROUPS = (roles.COALITION_MEMBERS, roles.EDITORS, roles.MODERATORS)


def _group_names(user) -> frozenset:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_coalition_groups", None)
    if cached is None:
        # Prefetched, so that later checks in the same request (Wagtail's page view restrictions
        # read `user.groups.all()`) reuse this one query.
        prefetch_related_objects([user], "groups")
        cached = frozenset(group.name for group in user.groups.all())
        user._coalition_groups = cached
    return cached


def is_member(user) -> bool:
    return roles.COALITION_MEMBERS in _group_names(user)


def is_staff_user(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_group_names(user) & {roles.EDITORS, roles.MODERATORS})


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or roles.MODERATORS in _group_names(user)


def can_view_member_area(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_group_names(user) & set(MEMBER_AREA_GROUPS))


def deny(request):
    """Visitors are sent to sign in; signed-in non-members get a plain 'not found'."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    raise Http404


def member_required(view):
    def wrapped(request, *args, **kwargs):
        if not can_view_member_area(request.user):
            return deny(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_staff_user(request.user):
            return deny(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def grant_permissions(app_config=None, **_kwargs) -> None:
    """Editors and Moderators manage coalition records in the admin. Idempotent."""

    models = ("memberorganisation", "ask", "actionitem", "milestone", "organisationcontact")
    names = [f"coalition.{action}_{model}" for model in models for action in ("add", "change", "delete", "view")]
    roles.grant({roles.EDITORS: names, roles.MODERATORS: names},
                app_config=app_config or apps.get_app_config("coalition"))
