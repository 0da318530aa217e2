"""Index updates on save/delete. Only talks to Elasticsearch when ``ELASTICSEARCH_URL`` is set,
and never lets an indexing failure break a save (the next rebuild repairs the index)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def _enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def update_services(service_ids) -> None:
    if not _enabled() or not service_ids:
        return
    ids = list(service_ids)

    def run():
        try:
            from search.directory.backends import elasticsearch as es_backend

            es_backend.index_services(ids)
        except Exception:  # noqa: BLE001
            logger.warning("could not update the directory index for %s", ids, exc_info=True)

    transaction.on_commit(run)


def delete_services(service_ids) -> None:
    if not _enabled() or not service_ids:
        return
    ids = list(service_ids)

    def run():
        try:
            from search.directory.backends import elasticsearch as es_backend

            es_backend.delete_services(ids)
        except Exception:  # noqa: BLE001
            logger.warning("could not remove %s from the directory index", ids, exc_info=True)

    transaction.on_commit(run)
