import pytest
from django.db import transaction

from .fixtures import build_research_site


@pytest.fixture(scope="module")
def _research_module(django_db_setup, django_db_blocker):
    """Build the research pages once per test module, inside a transaction rolled back at the end;
    each test still runs in its own savepoint (pytest-django's `db`)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            home, _summary = build_research_site()
            yield home.pk
            transaction.set_rollback(True)


@pytest.fixture
def research_site(_research_module, db):
    from portal.models import HomePage

    return HomePage.objects.get(pk=_research_module)


@pytest.fixture
def index(research_site):
    from research.models import ResearchIndexPage

    return ResearchIndexPage.objects.get()
