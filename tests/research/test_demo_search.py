"""On the full demo site: research pages are found by site search, member-only pages never are."""

import pytest
from wagtail.models import Page, get_page_models

from search.site.search import site_search

pytestmark = pytest.mark.django_db


def test_full_demo_search(demo_site, client):
    results = site_search("perpetrator housing")
    assert "Perpetrator housing" in [item["page"].title for item in results.items]
    assert "Research" in [label for _key, label, _count in results.section_counts]
    # A page must have every word: pages with "housing" alone do not answer "respite housing".
    assert site_search("housing").items
    for unanswered in ("respite for carers", "respite housing"):
        found = site_search(unanswered)
        assert not found.items and not found.section_counts, unanswered

    member_only = [model for model in get_page_models() if getattr(model, "search_exclude", False)]
    assert member_only, "member-only page types declare search_exclude = True"
    hidden = list(Page.objects.type(*member_only).live())
    assert hidden
    for page in hidden:
        found = site_search(page.title)
        assert page.pk not in [item["page"].pk for item in found.items], page.title
        assert f'href="{page.url}"' not in client.get("/search/", {"q": page.title}).content.decode()
