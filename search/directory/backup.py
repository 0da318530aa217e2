"""What content backups (``export_content`` / ``import_content``) leave out of the directory, and
how a restore rebuilds it. Registered with the kernel from ``SearchConfig.ready()``."""

from django.conf import settings

from portal.backup import CHUNK_SIZE, run_rebuild_command
from search.directory.vocab_cache import invalidate
from search.models.directory import Service, rebuild_all_points, update_search_vectors

EXCLUDED_MODELS = {"search.servicepoint": "directory search points (rebuilt from services and locations)"}
# The PostgreSQL full-text column, rebuilt from ``search_text``.
EXCLUDED_FIELDS = {"search.service": {"search_vector"}}
# Filled by migration 0002: their rows alone do not make a database hold content.
SEEDED_MODELS = {"search.taxonomy", "search.taxonomyterm"}


def rebuild_directory_helpers(using) -> list[str]:
    """Inside the restore: facet tokens and search text, the PostgreSQL full-text column and the
    search points (no timestamps touched)."""

    services = Service.objects.using(using)
    batch = []
    for service in services.select_related("organization").order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        service.set_derived_text()
        batch.append(service)
        if len(batch) >= CHUNK_SIZE:
            services.bulk_update(batch, ["facet_tokens", "search_text"])
            batch = []
    if batch:
        services.bulk_update(batch, ["facet_tokens", "search_text"])
    update_search_vectors(services.all())
    rebuild_all_points()
    return []


def refresh_directory_index(using, progress) -> list[str]:
    """After the restore: the Elasticsearch index (when configured) and the typo vocabulary."""

    notes = []
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        notes += run_rebuild_command("rebuild_directory_index", progress)
    invalidate()
    return notes
