from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


class TrainingConfig(AppConfig):
    name = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts.privacy import register_exporter
        from portal.backup import register_backup_hooks
        from portal.demo.registry import register_demo_loader

        from .demo import load_training_demo
        from .privacy import export_training
        from .roles import grant_training_permissions

        register_exporter("training", export_training)
        register_demo_loader("training", load_training_demo, order=30)
        register_backup_hooks("training", seeded_models={"training.audience"})  # audiences come from a migration
        post_migrate.connect(grant_training_permissions, dispatch_uid="training-permissions")
        self._connect_structure_cache()

    @staticmethod
    def _connect_structure_cache():
        from wagtail.models import Page

        from .learning import forget_structures
        from .models import CoursePage, LessonPage, ModulePage

        for model in (Page, CoursePage, ModulePage, LessonPage):
            post_save.connect(forget_structures, sender=model, dispatch_uid=f"training-forget-save-{model.__name__}")
            post_delete.connect(forget_structures, sender=model, dispatch_uid=f"training-forget-del-{model.__name__}")
        page_published.connect(forget_structures, dispatch_uid="training-forget-publish")
        page_unpublished.connect(forget_structures, dispatch_uid="training-forget-unpublish")
        post_page_move.connect(forget_structures, dispatch_uid="training-forget-move")
