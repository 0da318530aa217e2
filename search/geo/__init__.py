"""Offline place lookup for England and Wales: postcodes, outcodes and towns.

Plain Python (no Django).  Data lives in a read-only SQLite file built from open
data packages by ``python -m search.geo build`` (path: ``$POSTCODE_DB`` or
``var/postcodes.sqlite3``)::

    from search.geo import lookup, distance_miles

    place = lookup("cf10 1ep")       # Place, or a falsy NotFound with .reason/.message
    if place:
        miles = distance_miles(place.latitude, place.longitude, 51.5074, -0.1278)
"""

from search.geo.build import build_database, default_database_path, is_up_to_date
from search.geo.distance import BoundingBox, bounding_box, distance_miles
from search.geo.places import (
    NotFound,
    NotFoundReason,
    Place,
    PlaceDataMissing,
    PlaceKind,
    check_database,
    close_connection,
    lookup,
)
from search.geo.text import is_outcode, is_postcode, normalise_postcode, outcode_of

__all__ = [
    "BoundingBox", "NotFound", "NotFoundReason", "Place", "PlaceDataMissing", "PlaceKind", "bounding_box",
    "build_database", "check_database", "close_connection", "default_database_path", "distance_miles",
    "is_outcode", "is_postcode", "is_up_to_date", "lookup", "normalise_postcode", "outcode_of",
]
