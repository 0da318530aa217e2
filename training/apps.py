from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.accounts.privacy import register_exporter
        from portal.demo.registry import register_demo_loader

        from .demo import load_training_demo
        from .privacy import export_training
        from .roles import grant_training_permissions

        register_exporter("training", export_training)
        register_demo_loader("training", load_training_demo, order=30)
        post_migrate.connect(grant_training_permissions, dispatch_uid="training-permissions")
