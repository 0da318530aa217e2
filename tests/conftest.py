import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(items):
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


@pytest.fixture
def demo_site(db):
    """The whole demo site as `make run` builds it (every app's demo content)."""
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def kernel_site(db):
    """Only the kernel's demo pages, settings and demo editor: quicker for tests of the kernel."""
    from wagtail.models import Site

    from portal.demo.content import build_pages
    from portal.demo.site_setup import configure_site, ensure_demo_editor

    configure_site(build_pages())
    ensure_demo_editor()
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
