"""Resolve a postcode, outcode or town name to a ``Place`` using the SQLite file."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from search.geo.build import (
    COVERED,
    SCHEMA_VERSION,
    default_database_path,
    read_signature,
    source_signature,
)
from search.geo.text import area_of, looks_like_town, normalise_postcode, outcode_of, town_key

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100


class PlaceKind(StrEnum):
    POSTCODE = "postcode"
    OUTCODE = "outcode"
    TOWN = "town"


class NotFoundReason(StrEnum):
    EMPTY = "empty"  # nothing entered
    INVALID = "invalid"  # not shaped like a postcode, outcode or place name
    NOT_FOUND = "not_found"  # well-formed, but no such postcode/outcode/town
    OUTSIDE_COVERAGE = "outside_coverage"  # real, but not in England or Wales
    UNAVAILABLE = "unavailable"  # the lookup data is missing or could not be opened


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved location.  ``la_*`` is the local authority (None if unknown)."""

    kind: PlaceKind
    label: str  # "CF10 1EP", "CF10" or "Cardiff"
    latitude: float
    longitude: float
    la_code: str | None
    la_name: str | None
    outcode: str | None  # for a town: the outcode of its nearest postcode


_MESSAGES = {
    NotFoundReason.EMPTY: "Enter a postcode or town.",
    NotFoundReason.INVALID: "Enter a postcode (like CF10 1EP) or a town name.",
    NotFoundReason.NOT_FOUND: "We couldn't find that {what}.",
    NotFoundReason.OUTSIDE_COVERAGE: "That {what} is outside England and Wales.",
    NotFoundReason.UNAVAILABLE: "Location search is not available right now. Please try again later.",
}


@dataclass(frozen=True, slots=True)
class NotFound:
    """Why a query did not resolve.  Falsy, so ``if place := lookup(q): ...`` works."""

    query: str
    reason: NotFoundReason
    kind: PlaceKind | None = None  # what the query looked like, when that is known

    def __bool__(self) -> bool:
        return False

    @property
    def message(self) -> str:
        """A short English sentence for the user."""
        what = {PlaceKind.TOWN: "place", None: "place"}.get(self.kind, "postcode")
        return _MESSAGES[self.reason].format(what=what)


def lookup(query: str) -> Place | NotFound:
    """Resolve a full postcode, an outcode or a town name in England or Wales.

    Never raises: bad input and data problems come back as ``NotFound``.
    """
    if not isinstance(query, str):
        return NotFound("", NotFoundReason.EMPTY if query is None else NotFoundReason.INVALID)
    text = query.strip()
    if not text:
        return NotFound(query, NotFoundReason.EMPTY)
    if len(text) > MAX_QUERY_LENGTH:
        return NotFound(text, NotFoundReason.INVALID)
    try:
        if postcode := normalise_postcode(text):
            return _lookup_postcode(text, postcode)
        if outcode := outcode_of(text):
            return _lookup_outcode(text, outcode)
        if looks_like_town(text) and town_key(text):
            return _lookup_town(text, town_key(text))
        return NotFound(text, NotFoundReason.INVALID)
    except PlaceDataMissing as exc:
        logger.error("place lookup unavailable: %s", exc)
        return NotFound(text, NotFoundReason.UNAVAILABLE)
    except Exception:  # a lookup must never break the page
        logger.exception("place lookup failed for %r", text)
        return NotFound(text, NotFoundReason.UNAVAILABLE)


def _lookup_postcode(query: str, postcode: str) -> Place | NotFound:
    row = _connection().execute(
        "SELECT p.lat, p.lon, p.laua, a.name FROM postcodes p "
        "LEFT JOIN authorities a ON a.code = p.laua WHERE p.pcd = ?", (postcode,)).fetchone()
    outcode = postcode.split(" ")[0]
    if row:
        return Place(PlaceKind.POSTCODE, postcode, row[0], row[1], row[2], row[3], outcode)
    return _not_found(query, PlaceKind.POSTCODE, postcode, outcode, area_of(outcode))


def _lookup_outcode(query: str, outcode: str) -> Place | NotFound:
    row = _connection().execute(
        "SELECT o.lat, o.lon, o.laua, a.name FROM outcodes o "
        "LEFT JOIN authorities a ON a.code = o.laua WHERE o.outcode = ?", (outcode,)).fetchone()
    if row:
        return Place(PlaceKind.OUTCODE, outcode, row[0], row[1], row[2], row[3], outcode)
    return _not_found(query, PlaceKind.OUTCODE, outcode, area_of(outcode))


def _not_found(query: str, kind: PlaceKind, *codes: str) -> NotFound:
    marks = ",".join("?" * len(codes))
    outside = _connection().execute(
        f"SELECT 1 FROM outside WHERE code IN ({marks}) LIMIT 1", codes).fetchone()
    return NotFound(query, NotFoundReason.OUTSIDE_COVERAGE if outside else NotFoundReason.NOT_FOUND,
                    kind)


def _lookup_town(query: str, key: str) -> Place | NotFound:
    # Prefer England/Wales, then an exact (not alternate) name, then the biggest place.
    row = _connection().execute(
        "SELECT t.name, t.country, t.lat, t.lon, t.laua, a.name, t.outcode "
        "FROM town_names n JOIN towns t ON t.id = n.town_id "
        "LEFT JOIN authorities a ON a.code = t.laua WHERE n.key = ? "
        "ORDER BY t.country IN ('England', 'Wales') DESC, n.is_primary DESC, t.population DESC "
        "LIMIT 1",
        (key,)).fetchone()
    if row is None:
        return NotFound(query, NotFoundReason.NOT_FOUND, PlaceKind.TOWN)
    name, country, lat, lon, la_code, la_name, outcode = row
    if country not in COVERED:
        return NotFound(query, NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.TOWN)
    return Place(PlaceKind.TOWN, name, lat, lon, la_code, la_name, outcode)


_local = threading.local()
class PlaceDataMissing(RuntimeError):
    """The place file is missing or of an older schema. It is built by ``make places`` (``python -m
    search.geo build``), never by a web request: building takes minutes."""


def _connection() -> sqlite3.Connection:
    """This thread's read-only connection, opened lazily, and again if ``$POSTCODE_DB`` (which
    ``default_database_path`` reads) names another file. Compared as the setting's text: making the
    path for every lookup cost more than the lookup."""
    setting = os.environ.get("POSTCODE_DB")
    cached: tuple[str | None, sqlite3.Connection] | None = getattr(_local, "db", None)
    if cached and cached[0] == setting:
        return cached[1]
    if cached:
        cached[1].close()
    path = default_database_path()
    check_database(path)
    # The file is only ever replaced by rename, never changed in place, so it is immutable.
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    _local.db = (setting, db)
    return db


def check_database(path: Path | None = None) -> str:
    """Raise ``PlaceDataMissing`` unless the place file is there in this code's schema; only warn
    about older source data. Returns the file's signature."""
    path = path or default_database_path()
    signature = read_signature(path)
    if signature is None or not signature.startswith(f"schema={SCHEMA_VERSION};"):
        raise PlaceDataMissing(f"the place lookup file {path} is "
                               + ("missing" if signature is None else "of an older schema")
                               + ": build it with `make places` (python -m search.geo build)")
    if signature != source_signature():
        logger.warning("%s was built from older data: run `python -m search.geo build`", path)
    return signature


def close_connection() -> None:
    """Close this thread's connection (the next lookup reopens it)."""
    cached = getattr(_local, "db", None)
    if cached:
        cached[1].close()
        _local.db = None
