"""The portal's roles, as Django groups, and the one way apps grant them permissions (`grant`).
The groups are created by a data migration."""

from collections.abc import Iterable, Mapping

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from portal.workflow import ensure_moderation_workflow

EDITORS = "Editors"
MODERATORS = "Moderators"
COALITION_MEMBERS = "Coalition members"
LEARNERS = "Learners"

ALL_GROUPS = (EDITORS, MODERATORS, COALITION_MEMBERS, LEARNERS)
# People in these groups reach the admin, so they must use a second factor.
MFA_REQUIRED_GROUPS = (EDITORS, MODERATORS)


def in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.groups.filter(name=name).exists()


def requires_mfa(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=MFA_REQUIRED_GROUPS).exists()


def permissions(names: Iterable[str]) -> dict:
    """The permissions named as Django names them ("app_label.codename"), by name; those not
    created yet are missing from the answer. One query."""

    wanted = set(names)
    if not wanted:
        return {}
    match = Q()
    for name in wanted:
        app_label, codename = name.split(".", 1)
        match |= Q(content_type__app_label=app_label, codename=codename)
    found = Permission.objects.filter(match).select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in found}


def grant(grants: Mapping[str, Iterable[str]], *, app_config=None) -> None:
    """Give each group (by name) the permissions named "app_label.codename". Idempotent.

    Permissions not created yet are skipped, and a group with none to get is neither made nor
    changed. A post_migrate receiver passes its app_config: that app's permissions are created
    first, because the receiver may run before auth's own creates them."""

    if app_config is not None:
        create_permissions(app_config, verbosity=0)
    grants = {group: tuple(names) for group, names in grants.items()}
    found = permissions(name for names in grants.values() for name in names)
    for group_name, names in grants.items():
        perms = [found[name] for name in names if name in found]
        if perms:
            Group.objects.get_or_create(name=group_name)[0].permissions.add(*perms)


ADMIN_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
)
PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
COLLECTION_PERMISSIONS = ("wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
                          "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document")


def grant_role_permissions(**_kwargs) -> None:
    """Give Editors and Moderators the admin, pages, images and documents. Idempotent.

    Editors may add and change pages but not publish: their work goes to moderation.
    Moderators may also publish. Both use every collection of images and documents, and both
    manage promoted search results. Changes reach the site through the Moderators' approval
    workflow (`portal.workflow`).
    """
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_GROUPS}
    found = permissions((*ADMIN_PERMISSIONS, *COLLECTION_PERMISSIONS,
                         *(f"wagtailcore.{c}" for c in PAGE_PERMISSIONS[MODERATORS])))
    if "wagtailadmin.access_admin" not in found:  # wagtailadmin not migrated yet
        return
    grant({name: ADMIN_PERMISSIONS for name in PAGE_PERMISSIONS})
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, codenames in PAGE_PERMISSIONS.items():
        group = groups[name]
        if root_page is not None:
            for perm in (found[n] for n in (f"wagtailcore.{c}" for c in codenames) if n in found):
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
        if root_collection is not None:
            for perm in (found[n] for n in COLLECTION_PERMISSIONS if n in found):
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection,
                                                                permission=perm)

    ensure_moderation_workflow(groups[MODERATORS])
