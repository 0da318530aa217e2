import pytest
from django.core.management import call_command
from xdist.scheduler import LoadFileScheduling

from tests.module_rows import rows_kept_for_the_module, shares_rows

SHARED_FIXTURES = ("demo_site", "kernel_site", "training_site")  # built once per module (tests/module_rows.py)
# Started by the first test that needs it in each worker, and slow to start (a production stack
# migrates a PostgreSQL database; a browser server migrates and loads the demo): these go first,
# so that the long units do not end the run on one worker while the other waits.
STARTS_A_SERVER = ("tests/production/", "tests/browser/")


class SharedStackScheduling(LoadFileScheduling):
    """`--dist loadfile`, except that every production-stack test goes to the same worker: its
    files share one stack (tests/production/conftest.py), which takes a minute or more to build."""

    def _split_scope(self, nodeid):
        if nodeid.startswith("tests/production/"):
            return "tests/production"
        return super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadfile":
        return SharedStackScheduling(config, log)
    return None


def _starts_a_server(item) -> int:
    path = item.nodeid
    return next((rank for rank, prefix in enumerate(STARTS_A_SERVER) if path.startswith(prefix)), len(STARTS_A_SERVER))


def pytest_collection_modifyitems(items):
    # Within a module, the tests that do without the shared fixtures run first: the fixture's rows
    # then exist only for the tests that asked for them.
    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.module, index)
    items.sort(key=lambda item: (_starts_a_server(item), first[item.module],
                                 any(name in item.fixturenames for name in SHARED_FIXTURES)))
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: a test with transaction=True must also say serialized_rollback=True, "
                "so the rows the migrations made (the root page, the default site, the groups) are "
                "put back after its flush")


def _flushes_the_database(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush that empties every table, the migrations' own rows
    too. Django's runner copes by running such tests last; two processes each taking whole files
    cannot, so the rows are put back as soon as the flush is done and the next test, in whatever
    file, starts from the migrated database."""
    yield
    # After the session's last test the test databases are already gone: nothing to put back.
    if nextitem is None or not _flushes_the_database(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the test may have cached content types it made itself


def _build_demo_site():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))


def _build_kernel_site():
    from portal.demo.content import build_pages
    from portal.demo.site_setup import configure_site, ensure_demo_editor

    configure_site(build_pages())
    ensure_demo_editor()


def _once_per_module(request, django_db_blocker, build, fixture):
    """Build once for the module when it may share rows; else leave it to each test."""
    if not shares_rows(request, fixture):
        yield False
        return
    with rows_kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            build()
        yield True


@pytest.fixture(scope="module")
def _demo_site_rows(request, django_db_setup, django_db_blocker):
    yield from _once_per_module(request, django_db_blocker, _build_demo_site, "demo_site")


@pytest.fixture(scope="module")
def _kernel_site_rows(request, django_db_setup, django_db_blocker):
    yield from _once_per_module(request, django_db_blocker, _build_kernel_site, "kernel_site")


@pytest.fixture
def demo_site(db, _demo_site_rows):
    """The whole demo site as `make run` builds it (every app's demo content), built once for
    the test module (each test rolled back to it)."""
    from wagtail.models import Site

    if not _demo_site_rows:
        _build_demo_site()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def kernel_site(db, _kernel_site_rows):
    """Only the kernel's demo pages, settings and demo editor: quicker for tests of the kernel."""
    from wagtail.models import Site

    if not _kernel_site_rows:
        _build_kernel_site()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(kernel_site):
    return kernel_site.root_page.specific


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
