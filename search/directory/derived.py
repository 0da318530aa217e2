"""One owner for a directory listing's derived search data.

Everything search reads that is computed from a listing lives here: the stored facet tokens and
stemmed search text on ``Service``, the PostgreSQL full-text column, the radius-search points
(``ServicePoint``), the Elasticsearch document and the typo vocabulary. ``refresh_services(ids)``
brings all of it in step with the database for those services. It is called by the signal
receivers of every model that feeds it (``search/signals.py``: Organisation, Service, Location,
ServiceAtLocation, ServiceArea) and by the CSV importer for the services each batch changed; the
importer hands over what it has just written (``Written``), so those services are not read back.

Only derived columns are written (never ``last_modified``), and only where they changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from portal.cache import PAGE_GENERATION, purge_page_cache
from search.directory import facets as v
from search.directory import indexing
from search.directory.bulk import update_rows
from search.directory.text import normalise_text
from search.directory.vocab_cache import invalidate
from search.models.directory import Service, ServiceAtLocation, refresh_points, update_search_vectors

CHUNK = 2000

# The directory's pages that show listings, as an HTTP cache in front keeps them: every search (a
# purged path goes with all its query strings) and the open data API's services and places (the
# trailing * purges everything under the prefix: both collections and every item).
LISTING_PATHS = ("/find-a-service/", "/api/openreferral/service*")


def purge_listing_pages() -> None:
    """Cached directory pages show listings as they are now: the page cache is purged at once and
    again after the commit (a visitor may cache the old listing in between), the HTTP cache in
    front once the change is committed, at the directory's pages."""
    purge_page_cache(paths=LISTING_PATHS)
    transaction.on_commit(PAGE_GENERATION.bump)


# --- a listing's own derived columns ------------------------------------------------------------
# ``listing`` is a Service, or any object with a Service's attributes (the CSV importer's record of
# a service it is about to insert): the fields in ``Service.DERIVED_FROM`` and, for the text, its
# organisation's name as ``listing.organization.name``.
def facet_tokens(listing) -> str:
    """Every facet's tokens for the listing's codes, then every flag it has, space-delimited."""
    tokens = []
    for facet in v.REGISTRY.facets:
        tokens += facet.tokens(getattr(listing, facet.field))
    tokens += [flag.token for flag in v.REGISTRY.flags if getattr(listing, flag.field)]
    return " " + " ".join(tokens) + " "


def search_text(listing) -> str:
    parts = [listing.name, listing.alternate_name, listing.description, listing.eligibility_description,
             " ".join(v.SERVICE_TYPE.labels(listing.service_types)), listing.police_force_areas]
    if listing.organization_id:
        parts.append(listing.organization.name)
    return normalise_text(" ".join(p for p in parts if p))


def set_text(listing) -> None:
    """Fill the listing's stored facet tokens and search text from its fields."""
    listing.facet_tokens = facet_tokens(listing)
    listing.search_text = search_text(listing)


# --- bringing it all in step --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Written:
    """What a caller has just written for one service and still holds: the listing (see above; with
    its stored ``facet_tokens`` and ``search_text`` and its ``status`` and ``is_national``) and the
    public points of its locations as (latitude, longitude), or None to read those back.
    ``text_set`` says the stored text was made by ``set_text`` from the listing as written (a
    service just inserted with it), so it is not made again."""

    listing: object
    points: list | None = None
    text_set: bool = False


def refresh_services(service_ids: Iterable, written: Mapping | None = None) -> None:
    """Recompute the derived search data of these services (ids of deleted services are removed
    from the Elasticsearch index). ``written`` maps some of the ids to a ``Written``: those
    services are taken as given instead of being read from the database."""

    ids = list(dict.fromkeys(service_ids))
    if not ids:
        return
    written = written or {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        listings = [written[pk].listing for pk in chunk if pk in written and not written[pk].text_set]
        listings += _read_listings([pk for pk in chunk if pk not in written])
        changed = [listing for listing in listings if _text_changed(listing)]
        if changed:
            update_rows(Service, changed, ["facet_tokens", "search_text"])
        update_search_vectors(Service.objects.filter(pk__in=chunk))
        refresh_points(chunk, {pk: (written[pk].listing, written[pk].points) for pk in chunk
                               if pk in written and written[pk].points is not None})
    invalidate()
    transaction.on_commit(invalidate)
    indexing.update_services(ids)


def _read_listings(ids: list) -> list:
    if not ids:
        return []
    return list(Service.objects.filter(pk__in=ids).select_related("organization").only(
        *Service.DERIVED_FROM, "facet_tokens", "search_text", "organization__name"))


def _text_changed(listing) -> bool:
    """Set the listing's facet tokens and search text; True if they differ from what it had."""
    before = (listing.facet_tokens, listing.search_text)
    set_text(listing)
    return (listing.facet_tokens, listing.search_text) != before


def services_of_organisation(organisation_id) -> list:
    return list(Service.objects.filter(organization_id=organisation_id).values_list("pk", flat=True))


def services_at_location(location_id) -> list:
    return list(ServiceAtLocation.objects.filter(location_id=location_id).values_list("service_id", flat=True))
