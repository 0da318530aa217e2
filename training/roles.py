"""Editors and Moderators see training reports; Moderators may also revoke certificates."""

from django.contrib.auth.models import Group, Permission

from portal.accounts.roles import EDITORS, MODERATORS


def grant_training_permissions(**_kwargs) -> None:
    perms = {p.codename: p for p in Permission.objects.filter(
        content_type__app_label="training", codename__in=("view_training_reports", "revoke_certificate"))}
    if len(perms) < 2:  # not migrated yet
        return
    for name, codenames in ((EDITORS, ("view_training_reports",)),
                            (MODERATORS, ("view_training_reports", "revoke_certificate"))):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*(perms[c] for c in codenames))
