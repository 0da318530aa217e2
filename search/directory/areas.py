"""Local authority names and codes, read from the offline place database (``search.geo``)."""

from __future__ import annotations

import functools
import sqlite3

from search.geo import default_database_path


@functools.lru_cache(maxsize=1)
def authorities() -> dict[str, str]:
    """ONS code -> name for every local authority the place database knows."""
    path = default_database_path()
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return dict(db.execute("SELECT code, name FROM authorities"))
        finally:
            db.close()
    except sqlite3.Error:
        return {}


def authority_name(code: str) -> str | None:
    return authorities().get((code or "").strip().upper())


def codes_for(*names: str) -> list[tuple[str, str]]:
    """(code, name) pairs for authority names, in the order given; unknown names are skipped."""
    by_name = {name: code for code, name in authorities().items()}
    return [(by_name[n], n) for n in names if n in by_name]
