from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_permissions(app_config=None, **_kwargs) -> None:
    """Editors and Moderators manage coalition records in the admin. Idempotent."""
    from django.apps import apps

    from portal.accounts import roles

    models = ("memberorganisation", "ask", "actionitem", "milestone", "organisationcontact")
    names = [f"coalition.{action}_{model}" for model in models for action in ("add", "change", "delete", "view")]
    roles.grant({roles.EDITORS: names, roles.MODERATORS: names},
                app_config=app_config or apps.get_app_config("coalition"))


class CoalitionConfig(AppConfig):
    name = "coalition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts.privacy import register_exporter
        from portal.backup import register_backup_hooks
        from portal.demo.registry import register_demo_loader

        from . import signals
        from .demo import load_demo
        from .privacy import export_user

        signals.connect()
        register_exporter("coalition", export_user)
        register_demo_loader("coalition", load_demo, order=50)
        register_backup_hooks("coalition", seeded_models={"coalition.region"})  # regions come from a migration
        post_migrate.connect(grant_permissions, sender=self)
