from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import grant_role_permissions

        # Runs after each app migrates (cheap and idempotent), so it sees every permission once created.
        post_migrate.connect(grant_role_permissions, dispatch_uid="portal-role-permissions")
