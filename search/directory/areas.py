"""Local authority names and codes, read from the offline place database (``search.geo``)."""

from __future__ import annotations

import functools
import sqlite3

from search.geo import default_database_path


def _read(sql: str) -> list[tuple]:
    path = default_database_path()
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return []


@functools.lru_cache(maxsize=1)
def authorities() -> dict[str, str]:
    """ONS code -> name for every local authority the place database knows (with the 2021
    counties and districts that have since been merged)."""
    return dict(_read("SELECT code, name FROM authorities"))


@functools.lru_cache(maxsize=1)
def authority_centres() -> dict[str, tuple[float, float]]:
    """Code -> (latitude, longitude) of every local authority that has postcodes now (318 in England
    and Wales): the mean of its postcodes' points, from the outcode centroids weighted by their
    postcode counts (an outcode counts for the authority most of its postcodes are in)."""
    rows = _read("SELECT laua, SUM(lat * postcodes) / SUM(postcodes), SUM(lon * postcodes) / SUM(postcodes) "
                 "FROM outcodes GROUP BY laua ORDER BY laua")
    return {code: (lat, lon) for code, lat, lon in rows}


def authority_name(code: str) -> str | None:
    return authorities().get((code or "").strip().upper())


def codes_for(*names: str) -> list[tuple[str, str]]:
    """(code, name) pairs for authority names, in the order given; unknown names are skipped."""
    by_name = {name: code for code, name in authorities().items()}
    return [(by_name[n], n) for n in names if n in by_name]
