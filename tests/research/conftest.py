import pytest

from .fixtures import build_research_site


@pytest.fixture
def research_site(db):
    home, _summary = build_research_site()
    return home


@pytest.fixture
def index(research_site):
    from research.models import ResearchIndexPage

    return ResearchIndexPage.objects.get()
