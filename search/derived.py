"""One owner for a directory listing's derived search data.

Everything search reads that is computed from a listing lives here: the stored facet tokens and
stemmed search text on ``Service``, the PostgreSQL full-text column, the radius-search points
(``ServicePoint``), the Elasticsearch document and the typo vocabulary. ``refresh_services(ids)``
brings all of it in step with the database for those services. It is called by the signal
receivers of every model that feeds it (``search/signals.py``: Organisation, Service, Location,
ServiceAtLocation, ServiceArea) and by the CSV importer once per service it changed.

Only derived columns are written (never ``last_modified``), and only where they changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

CHUNK = 2000


def refresh_services(service_ids: Iterable) -> None:
    """Recompute the derived search data of these services (ids of deleted services are removed
    from the Elasticsearch index)."""
    from . import indexing
    from .bulk import update_rows
    from .directory.vocab_cache import invalidate
    from .models.directory import Service, refresh_points, update_search_vectors

    ids = list(dict.fromkeys(service_ids))
    if not ids:
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        changed = []
        for service in Service.objects.filter(pk__in=chunk).select_related("organization").only(
                *Service.DERIVED_FROM, "facet_tokens", "search_text", "organization__name"):
            tokens, text = service.compute_facet_tokens(), service.compute_search_text()
            if (tokens, text) != (service.facet_tokens, service.search_text):
                service.facet_tokens, service.search_text = tokens, text
                changed.append(service)
        if changed:
            update_rows(Service, changed, ["facet_tokens", "search_text"])
        update_search_vectors(Service.objects.filter(pk__in=chunk))
        refresh_points(chunk)
    invalidate()
    transaction.on_commit(invalidate)
    indexing.update_services(ids)


def services_of_organisation(organisation_id) -> list:
    from .models.directory import Service

    return list(Service.objects.filter(organization_id=organisation_id).values_list("pk", flat=True))


def services_at_location(location_id) -> list:
    from .models.directory import ServiceAtLocation

    return list(ServiceAtLocation.objects.filter(location_id=location_id).values_list("service_id", flat=True))
