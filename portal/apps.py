from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signals, site_address  # noqa: F401  (deploy checks; page-cache purge on publish)
