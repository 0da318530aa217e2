"""The portal's roles, as Django groups. The groups are created by a data migration."""

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


def grant_role_permissions(**_kwargs) -> None:
    """Give Editors and Moderators the admin, pages, images and documents. Idempotent.

    Editors may add and change pages but not publish: their work goes to moderation.
    Moderators may also publish. Both use every collection of images and documents, and both
    manage promoted search results. Changes reach the site through the Moderators' approval
    workflow (`portal.workflow`).
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_GROUPS}
    access_admin = Permission.objects.filter(codename="access_admin").first()
    if access_admin is None:  # wagtailadmin not migrated yet
        return
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    page_perms = {
        EDITORS: ("add_page", "change_page"),
        MODERATORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    }
    promotion_perms = Permission.objects.filter(
        content_type__app_label="wagtailsearchpromotions",
        codename__in=("add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"),
    )
    for name, codenames in page_perms.items():
        group = groups[name]
        group.permissions.add(access_admin, *promotion_perms)
        if root_page is not None:
            for codename in codenames:
                perm = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
                if perm:
                    GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
        if root_collection is not None:
            for codename in ("add_image", "change_image", "choose_image", "add_document", "change_document",
                             "choose_document"):
                perm = Permission.objects.filter(codename=codename).first()
                if perm:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )
    from ..workflow import ensure_moderation_workflow

    ensure_moderation_workflow()
