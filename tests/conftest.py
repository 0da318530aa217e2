import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


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
