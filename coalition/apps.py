from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_permissions(app_config=None, **_kwargs) -> None:
    """Editors and Moderators manage coalition records in the admin. Idempotent."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # This app's receiver may run before auth's own: make sure the permissions exist first.
    create_permissions(app_config or apps.get_app_config("coalition"), verbosity=0)

    from portal.accounts import roles

    models = ("memberorganisation", "ask", "actionitem", "milestone", "organisationcontact")
    perms = Permission.objects.filter(content_type__app_label="coalition", content_type__model__in=models,
                                      codename__regex=r"^(add|change|delete|view)_")
    if not perms.exists():
        return
    for name in (roles.EDITORS, roles.MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)


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
