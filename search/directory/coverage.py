"""Where services are missing: for every local authority and every service type, what covers it.

An active service (status "active": a temporarily closed, inactive or defunct one does not count)
covers a local authority for each of its service types when

* one of its service areas is the authority (a county's area covers every district in it),
* it names the authority's police force area (see ``search.directory.police_forces``),
* it is a national service (all of England and Wales), or
* one of its locations is in the authority or within ``DISTANCE_MILES`` of the authority's centre
  (the mean of its postcodes, ``search.directory.areas.authority_centres``).

A confidential location (a refuge, a safe meeting place) counts by its town only: its public point
is its town's centre (``Location.search_latitude/longitude``, the point search and the map use) and
it is "in" its town's authority, never measured from its address. The authorities are the 318 the
packaged postcode data has postcodes for.

``coverage()`` is the figure everyone reads: computed once and kept in the shared cache until a
listing changes (keyed on the page cache's generation, which every listing change bumps).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from portal.cache import PAGE_GENERATION
from search.directory.areas import authorities, authority_centres
from search.directory.facets import SERVICE_TYPE
from search.directory.police_forces import authorities_of, districts_of, force_of_authority, forces_named
from search.geo import PlaceKind, lookup
from search.geo.distance import distances_miles
from search.models import Service, ServiceArea, ServiceAtLocation

logger = logging.getLogger(__name__)

DISTANCE_MILES = 25
AREA, FORCE, NATIONAL, NEARBY = 1, 2, 4, 8
RULES = ((AREA, "area", "service area"), (FORCE, "force", "police force area"),
         (NATIONAL, "national", "national service"), (NEARBY, "nearby", f"location within {DISTANCE_MILES} miles"))
CACHE_SECONDS = 24 * 3600
_CHUNK = 32  # authorities per block of the distance matrix

# A cell's status, for the map, the table and the downloads.
LOCAL, NATIONAL_ONLY, NONE = "local", "national", "none"
STATUS_LABELS = {LOCAL: "Local service", NATIONAL_ONLY: "National only", NONE: "No service"}


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    force: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Listing:
    name: str
    slug: str
    types: tuple[str, ...]
    is_national: bool


@dataclass(frozen=True)
class Nearest:
    listing: Listing
    town: str
    miles: float


@dataclass(frozen=True)
class Cell:
    """One authority and one service type."""

    authority: Authority
    type_code: str
    local: int  # services covering it by area, force or location
    national: int
    by_rule: dict[str, int]
    nearest: Nearest | None  # the nearest service of the type with a location (shown when none is local)

    @property
    def total(self) -> int:
        return self.local + self.national

    @property
    def status(self) -> str:
        return LOCAL if self.local else NATIONAL_ONLY if self.national else NONE


@dataclass
class Coverage:
    computed_at: datetime.datetime
    distance_miles: float
    authorities: list[Authority]
    type_codes: list[str]
    listings: list[Listing]
    national: list[int]  # indices into listings
    covering: list[np.ndarray]  # per authority: indices of the local services covering it
    rules: list[np.ndarray]  # per authority: the RULES bits of each of those
    counts: np.ndarray  # authority x type x (local, area, force, nearby)
    national_counts: np.ndarray  # per type
    nearest_point: np.ndarray  # authority x type: index into point_* (-1: no service of the type has a place)
    nearest_miles: np.ndarray
    point_listing: np.ndarray
    point_town: list[str]
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._index = {a.code: i for i, a in enumerate(self.authorities)}

    def authority(self, code: str) -> Authority | None:
        i = self._index.get(code)
        return None if i is None else self.authorities[i]

    def cell(self, code: str, type_code: str) -> Cell:
        i, t = self._index[code], self.type_codes.index(type_code)
        local, area, force, nearby = (int(n) for n in self.counts[i, t])
        point = int(self.nearest_point[i, t])
        nearest = None if point < 0 else Nearest(self.listings[int(self.point_listing[point])],
                                                 self.point_town[point], float(self.nearest_miles[i, t]))
        return Cell(self.authorities[i], type_code, local, int(self.national_counts[t]),
                    {"area": area, "force": force, "nearby": nearby}, nearest)

    def cells(self, type_code: str) -> list[Cell]:
        return [self.cell(a.code, type_code) for a in self.authorities]

    def covering_services(self, code: str, type_code: str | None = None) -> list[tuple[Listing, list[str]]]:
        """The services covering an authority (of one type, or any), each with the rules it covers by."""
        i = self._index[code]
        found = []
        for s, bits in zip(self.covering[i].tolist(), self.rules[i].tolist()):
            listing = self.listings[s]
            if type_code is None or type_code in listing.types:
                found.append((listing, [label for bit, _key, label in RULES if bits & bit]))
        for s in self.national:
            listing = self.listings[s]
            if type_code is None or type_code in listing.types:
                found.append((listing, ["national service"]))
        return found

    def types_missing(self, code: str) -> list[str]:
        """The service types no service covers in the authority, not even a national one."""
        return [t for t in self.type_codes if self.cell(code, t).status == NONE]

    def without_local(self, type_code: str, codes=None) -> int:
        """How many authorities (of ``codes``, or all) have no local service of the type."""
        t = self.type_codes.index(type_code)
        wanted = set(codes) if codes is not None else None
        return sum(1 for i, a in enumerate(self.authorities)
                   if (wanted is None or a.code in wanted) and not self.counts[i, t, 0])


# --- computing it ------------------------------------------------------------------------------

def _authorities() -> list[Authority]:
    names, forces = authorities(), force_of_authority()
    return [Authority(code, names.get(code, code), forces.get(code, ""), lat, lon)
            for code, (lat, lon) in sorted(authority_centres().items())]


def _town_authority(city: str, latitude: float, longitude: float, memo: dict) -> str | None:
    """The authority of a confidential location's town, when its public point is the town's centre
    (else it was published rounded, and only its distance counts)."""
    key = (city, round(latitude, 4), round(longitude, 4))
    if key not in memo:
        town = lookup(city or "")
        memo[key] = (town.la_code if town and town.kind == PlaceKind.TOWN
                     and abs(town.latitude - latitude) < 1e-4 and abs(town.longitude - longitude) < 1e-4 else None)
    return memo[key]


def _load_services(type_index: dict[str, int]):

    rows = (Service.objects.active().order_by("name", "id")
            .values_list("id", "name", "slug", "service_types", "is_national", "police_force_areas"))
    listings, ids, forces, national = [], {}, [], []
    types = []
    for sid, name, slug, codes, is_national, force_text in rows:
        s = len(listings)
        ids[sid] = s
        listing = Listing(name, slug, tuple(c for c in codes if c in type_index), is_national)
        listings.append(listing)
        types.append([type_index[c] for c in listing.types])
        if is_national:
            national.append(s)
        elif force_text:
            forces.append((s, force_text))
    matrix = np.zeros((len(listings), len(type_index)), dtype=np.float32)
    for s, ts in enumerate(types):
        matrix[s, ts] = 1.0
    return listings, ids, forces, national, matrix


def _mark_areas_and_forces(cover, index, ids, forces) -> None:

    rows, cols = [], []
    expanded: dict[str, list[int]] = {}
    for sid, code in (ServiceArea.objects.filter(service__status="active", service__is_national=False)
                      .order_by().values_list("service_id", "la_code")):
        if sid not in ids:
            continue
        if code not in expanded:
            expanded[code] = [index[c] for c in districts_of((code or "").strip().upper()) if c in index]
        rows += expanded[code]
        cols += [ids[sid]] * len(expanded[code])
    cover[rows, cols] |= AREA
    rows, cols = [], []
    named: dict[str, list[int]] = {}
    for s, text in forces:
        if text not in named:
            named[text] = [index[c] for force in forces_named(text) for c in authorities_of(force) if c in index]
        rows += named[text]
        cols += [s] * len(named[text])
    cover[rows, cols] |= FORCE


def _load_points(index, ids):
    """Each active service's public points: (listing, latitude, longitude, town, authority index or -1)."""

    memo: dict = {}
    points = []
    for sid, lat, lon, la_code, confidential, city in (
            ServiceAtLocation.objects.filter(service__status="active", location__search_latitude__isnull=False)
            .order_by().values_list("service_id", "location__search_latitude", "location__search_longitude",
                                    "location__la_code", "location__is_confidential", "location__city")):
        if sid not in ids:
            continue
        code = _town_authority(city, lat, lon, memo) if confidential else la_code
        points.append((ids[sid], lat, lon, city or "", index.get(code or "", -1)))
    return points


def _mark_nearby(cover, centres, points, type_matrix, distance):
    """Mark locations in or near each authority, and find each authority's nearest service of each type."""
    n_auth, n_types = len(centres), type_matrix.shape[1]
    nearest_point = np.full((n_auth, n_types), -1, dtype=np.int32)
    nearest_miles = np.full((n_auth, n_types), np.inf, dtype=np.float32)
    if not points:
        return nearest_point, nearest_miles
    listing = np.array([p[0] for p in points], dtype=np.int64)
    inside = np.array([p[4] for p in points], dtype=np.int64)
    lat = np.radians(np.array([p[1] for p in points], dtype=np.float64))
    lon = np.radians(np.array([p[2] for p in points], dtype=np.float64))
    known = inside >= 0
    cover[inside[known], listing[known]] |= NEARBY
    of_type = [np.nonzero(type_matrix[listing, t])[0] for t in range(n_types)]
    c_lat = np.radians(np.array([c[0] for c in centres]))[:, None]
    c_lon = np.radians(np.array([c[1] for c in centres]))[:, None]
    for start in range(0, n_auth, _CHUNK):
        a_lat, a_lon = c_lat[start:start + _CHUNK], c_lon[start:start + _CHUNK]
        # A block of authorities (rows) against every point (columns).
        miles = distances_miles(a_lat, a_lon, lat[None, :], lon[None, :]).astype(np.float32)
        rows, cols = np.nonzero(miles <= distance)
        cover[rows + start, listing[cols]] |= NEARBY
        for t, cols_t in enumerate(of_type):
            if len(cols_t):
                best = np.argmin(miles[:, cols_t], axis=1)
                nearest_point[start:start + len(a_lat), t] = cols_t[best]
                nearest_miles[start:start + len(a_lat), t] = miles[np.arange(len(a_lat)), cols_t[best]]
    return nearest_point, nearest_miles


def compute(distance: float = DISTANCE_MILES) -> Coverage:
    """Work the coverage out from the directory as it is now (``coverage()`` keeps it cached)."""
    areas = _authorities()
    index = {a.code: i for i, a in enumerate(areas)}
    type_codes = [value.code for value in SERVICE_TYPE.values]
    listings, ids, forces, national, type_matrix = _load_services({c: i for i, c in enumerate(type_codes)})
    cover = np.zeros((len(areas), len(listings)), dtype=np.uint8)
    _mark_areas_and_forces(cover, index, ids, forces)
    points = _load_points(index, ids)
    nearest_point, nearest_miles = _mark_nearby(cover, [(a.latitude, a.longitude) for a in areas], points,
                                                type_matrix, distance)
    cover[:, national] = 0  # a national service is counted once, as national
    counts = np.stack([(cover > 0).astype(np.float32) @ type_matrix] +
                      [((cover & bit) > 0).astype(np.float32) @ type_matrix for bit in (AREA, FORCE, NEARBY)],
                      axis=2).round().astype(np.int32)
    covering = [np.nonzero(row)[0].astype(np.int32) for row in cover]
    return Coverage(
        computed_at=timezone.now(), distance_miles=distance, authorities=areas, type_codes=type_codes,
        listings=listings, national=national, covering=covering,
        rules=[cover[i, cols] for i, cols in enumerate(covering)], counts=counts,
        national_counts=type_matrix[national].sum(axis=0).round().astype(np.int32),
        nearest_point=nearest_point, nearest_miles=nearest_miles,
        point_listing=np.array([p[0] for p in points], dtype=np.int32), point_town=[p[3] for p in points])


_memo: tuple[str, Coverage] | None = None


def coverage() -> Coverage:
    """The coverage as of the last listing change: this process's copy, the shared cache's, or new."""
    global _memo
    generation = PAGE_GENERATION.current()
    if not generation:  # the cache is unreachable: answer, but keep nothing
        return compute()
    key = f"directory:coverage:{generation}"
    if _memo and _memo[0] == key:
        return _memo[1]
    try:
        found = cache.get(key)
    except Exception:
        logger.warning("could not read the coverage from the cache", exc_info=True)
        found = None
    if found is None:
        found = compute()
        try:
            cache.set(key, found, CACHE_SECONDS)
        except Exception:
            logger.warning("could not keep the coverage in the cache", exc_info=True)
    _memo = (key, found)
    return found
