from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Research and evidence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from portal.cache import purge_page_cache
        from portal.demo.registry import register_demo_loader

        from .demo import load_research_demo
        from .models import KeyFinding
        from .permissions import grant_research_permissions

        # Pages show key findings: a changed finding must not linger in cached pages.
        post_save.connect(purge_page_cache, sender=KeyFinding, dispatch_uid="research-finding-saved")
        post_delete.connect(purge_page_cache, sender=KeyFinding, dispatch_uid="research-finding-deleted")
        register_demo_loader("research", load_research_demo, order=50)
        post_migrate.connect(grant_research_permissions, sender=self)
