from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts.privacy import register_exporter
        from portal.backup import register_backup_hooks
        from portal.demo.registry import register_demo_loader

        from . import signals  # noqa: F401  (course-structure cache; permissions after every migrate)
        from .demo import load_training_demo
        from .privacy import export_training

        register_exporter("training", export_training)
        register_demo_loader("training", load_training_demo, order=30)
        register_backup_hooks("training", seeded_models={"training.audience"})  # audiences come from a migration
