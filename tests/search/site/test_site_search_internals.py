"""Site search ranks with internals of Wagtail's search package (``modelsearch``), fenced in
``search/site/ranking.py``, which lists each one it uses in ``INTERNALS``. When an upgrade
renames, removes or reshapes any of them this fails first, naming the versions, instead of site
search failing for readers."""

import importlib
import inspect
import re
from importlib.metadata import version

import pytest
from django.db import connection

from search.site import ranking as site_search_ranking

VERSIONS = f"Wagtail {version('wagtail')}, modelsearch {version('modelsearch')}"
# The internals of the database this run uses: each backend's module is only imported on its own
# database (the SQLite one defines a model that exists only there), as the ranking code does. The
# SQLite pass checks the SQLite internals and the PostgreSQL pass the PostgreSQL ones.
VENDOR_MODULE = {"sqlite": "modelsearch.backends.database.sqlite.sqlite",
                 "postgresql": "modelsearch.backends.database.postgres.postgres"}
USED = [(module, name, params) for module, names in site_search_ranking.INTERNALS.items()
        if module == VENDOR_MODULE[connection.vendor] for name, params in names.items()]


def _resolve(module: str, dotted: str):
    thing = importlib.import_module(module)
    for part in dotted.split("."):
        thing = getattr(thing, part, None)
        if thing is None:
            pytest.fail(f"{VERSIONS}: {module}.{dotted} is gone; site search ranking needs it")
    return thing


@pytest.mark.parametrize("module, name, params", USED, ids=[f"{m.rsplit('.', 1)[-1]}.{n}" for m, n, _ in USED])
def test_every_internal_site_search_relies_on_is_still_there(module, name, params):
    thing = _resolve(module, name)
    if params is None:
        return
    found = tuple(inspect.signature(thing).parameters)
    assert found[: len(params)] == params, (
        f"{VERSIONS}: {module}.{name} now takes {found}; site search ranking calls it with {params}")


def test_this_database_has_internals_listed():
    assert set(VENDOR_MODULE.values()) == set(site_search_ranking.INTERNALS)
    assert len(USED) >= 4


def test_the_fence_covers_what_the_ranking_module_calls():
    """Every attribute the ranking code reads from the compiler or the SQLite module is listed."""
    source = inspect.getsource(site_search_ranking)
    listed = {name.rsplit(".", 1)[-1] for names in site_search_ranking.INTERNALS.values() for name in names}
    called = set(re.findall(r"\b(?:compiler|fts)\.(\w+)", source))
    assert len(called) >= 10
    assert called - {"query"} <= listed, called - listed
