from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Research and evidence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.demo.registry import register_demo_loader

        from . import signals  # noqa: F401  (page-cache purges; permissions after every migrate)
        from .demo import load_research_demo

        register_demo_loader("research", load_research_demo, order=50)
