from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search and directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts.privacy import register_exporter
        from portal.area_services import register_area_services
        from portal.backup import register_backup_hooks
        from portal.demo.registry import register_demo_loader
        from portal.health import register_readiness
        from portal.sitemaps import register_sitemap
        from search import signals  # noqa: F401
        from search.directory import backup
        from search.directory.area_services import services_for_area
        from search.directory.demo import load_directory_demo
        from search.directory.privacy import export_directory_records
        from search.directory.sitemaps import DirectorySitemap
        from search.geo import check_database

        register_demo_loader("directory", load_directory_demo, order=50)
        register_sitemap("directory", DirectorySitemap)
        register_readiness("places", lambda: check_database() and "postcodes", vital=True)
        register_exporter("directory", export_directory_records)
        register_area_services("directory", services_for_area)
        register_backup_hooks("search", excluded_models=backup.EXCLUDED_MODELS,
                              excluded_fields=backup.EXCLUDED_FIELDS, seeded_models=backup.SEEDED_MODELS,
                              after_load=backup.rebuild_directory_helpers,
                              after_restore=backup.refresh_directory_index)
