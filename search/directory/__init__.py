"""The one way to search the services directory::

    from search.directory import DirectoryQuery, find_services

    results = find_services(DirectoryQuery(location="CF10", keywords="anger"))

Elasticsearch answers when ``ELASTICSEARCH_URL`` is set; if it fails (connection refused,
timeout, server error) a warning is logged and the database answers instead.
"""

from __future__ import annotations

import logging

from django.conf import settings

from search.directory.backends.base import SearchUnavailable
from search.directory.query import DISTANCES, DirectoryQuery, FacetValue, Hit, Results
from search.directory.text import parse_keywords
from search.directory.vocab_cache import vocabulary
from search.geo import NotFoundReason, lookup

logger = logging.getLogger(__name__)

__all__ = ["DISTANCES", "DirectoryQuery", "FacetValue", "Hit", "Results", "find_services", "prepare"]


def prepare(query: DirectoryQuery):
    """Resolve the place and parse the keywords: the part both backends share."""

    results = Results(query=query)
    place = None
    if query.location.strip():
        found = lookup(query.location)
        if found:
            place = found
        else:
            results.place_error = found.message
            results.place_unavailable = found.reason == NotFoundReason.UNAVAILABLE
    results.place = place
    keywords = parse_keywords(query.keywords, vocabulary()) if query.keywords.strip() else parse_keywords("")
    results.corrections = keywords.corrections
    return place, keywords, results


def find_services(query: DirectoryQuery, *, backend: str | None = None, engine=None) -> Results:
    """Search the directory. ``backend`` ("database"/"elasticsearch") overrides the settings;
    ``engine`` sends the Elasticsearch requests somewhere other than ``ELASTICSEARCH_URL`` (see
    ``search.directory.backends.elasticsearch.ClientEngine``)."""
    from search.directory.backends import database  # the backends read search.models, which imports this package

    place, keywords, results = prepare(query)
    use_es = backend == "elasticsearch" or (backend is None and bool(settings.ELASTICSEARCH_URL))
    if use_es:
        from search.directory.backends import elasticsearch as es_backend

        try:
            results.backend = "elasticsearch"
            return es_backend.search(query, place, keywords, results, engine=engine)
        except SearchUnavailable as exc:
            logger.warning("Elasticsearch unavailable, answering from the database: %s", exc)
            place, keywords, results = prepare(query)
            results.fell_back = True
    results.backend = "database"
    return database.search(query, place, keywords, results)
