"""What a directory search backend is: the interface ``search.directory.find_services`` calls.

A backend answers one query with ``search(query, place, keywords, results)``: the resolved place
and parsed keywords come from ``search.directory.prepare`` (the part every backend shares), and it
fills and returns ``results``. A backend that cannot answer (connection refused, timeout, server
error) raises ``SearchUnavailable``, and the caller answers from the database instead. The database
backend (``database.py``) is the fallback, so it never raises it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from search.directory.query import DirectoryQuery, Results
    from search.directory.text import KeywordQuery


class SearchUnavailable(Exception):
    """Raised by a backend that cannot answer (the caller falls back to the database)."""


class Backend(Protocol):
    """A module (``database``, ``elasticsearch``) with this function is a backend."""

    def search(self, query: DirectoryQuery, place, keywords: KeywordQuery, results: Results) -> Results:
        ...
