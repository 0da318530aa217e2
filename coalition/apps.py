from django.apps import AppConfig


class CoalitionConfig(AppConfig):
    name = "coalition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts.privacy import register_exporter
        from portal.backup import register_backup_hooks
        from portal.demo.registry import register_demo_loader

        from . import signals  # noqa: F401
        from .demo import load_demo
        from .privacy import export_user

        register_exporter("coalition", export_user)
        register_demo_loader("coalition", load_demo, order=50)
        register_backup_hooks("coalition", seeded_models={"coalition.region"})  # regions come from a migration
