"""After every migrate (cheap and idempotent), so that it sees every permission once created,
Editors and Moderators get their admin, page, image and document permissions."""

from django.db.models.signals import post_migrate

from .roles import grant_role_permissions

post_migrate.connect(grant_role_permissions, dispatch_uid="portal-role-permissions")
