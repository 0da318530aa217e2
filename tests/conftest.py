import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db):
    """The demo site as `make run` builds it."""
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(demo_site):
    return demo_site.root_page.specific


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
