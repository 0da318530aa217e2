"""Rows built once for a test module, for fixtures whose set-up costs more than the tests.

``rows_kept_for_the_module`` wraps a module-scoped fixture's building; ``PagesByKey`` hands each
test the pages it made, read afresh. Where a module cannot share rows (``shares_rows``), its
fixtures build for each test as before."""

from collections.abc import Mapping
from contextlib import contextmanager


def shares_rows(request, fixture: str) -> bool:
    """Whether the module-scoped ``fixture`` may keep its rows for the rest of the module: no test
    of the module flushes the database (``transaction=True``, ``transactional_db``, ``live_server``),
    and every test after the first that asks for it asks for it too (``tests/conftest.py`` runs a
    module's tests without the shared fixtures first, so a test that does not ask never finds its
    rows)."""
    asked = False
    for item in request.session.items:
        if getattr(item, "module", None) is not request.module:
            continue
        names = set(getattr(item, "fixturenames", ()))
        if names & {"transactional_db", "live_server", "django_db_serialized_rollback"}:
            return False
        markers = list(item.iter_markers("django_db"))
        if any(marker.kwargs.get("transaction") for marker in markers):
            return False
        if fixture in names:
            asked = True
        elif asked and (markers or "db" in names):
            return False
    return True


@contextmanager
def rows_kept_for_the_module(django_db_blocker):
    """Rows made inside this block stay for every test of the module, then go.

    The block opens a transaction that lasts the module; each test's own transaction (the ``db``
    fixture) is a savepoint inside it, rolled back after the test, so every test starts from
    exactly what the block made, however the test before it changed it. Only for tests without
    ``transaction=True`` (a flush would reach outside the savepoint)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class PagesByKey(Mapping):
    """Pages a module's fixture made, by key, fetched afresh for each test that asks (a test may
    change a page in memory; the next test must not see that)."""

    def __init__(self, ids: dict):
        self._ids, self._pages = ids, {}

    def __getitem__(self, key):
        if key not in self._pages:
            from wagtail.models import Page

            self._pages[key] = Page.objects.get(pk=self._ids[key]).specific
        return self._pages[key]

    def __iter__(self):
        return iter(self._ids)

    def __len__(self):
        return len(self._ids)
