"""Site search through Wagtail's ``elasticsearch8`` backend on the real search node: its index
(settings, analyzers, mappings), the atomic rebuild of ``update_index`` with its alias, the
searches and section facets site search sends; and the fall-back to the database when the
node answers with an error.

Not compared yet: the pages found against the database backend's. They differ: for
"perpetrator" on the research site the database (SQLite FTS5, stemming) found one page more than
the node (Wagtail's mapping analyses text without an English stemmer). Runs when SEARCH_NODE_URL is set;
deselected otherwise."""

import copy
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from search.site.search import searchable_pages, site_search
from tests.research.fixtures import build_research_site

from ..engine import HttpEngine, node_url

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def node_backends(prefix: str) -> dict:
    return {
        "default": {"BACKEND": "tests.search.site.wagtail_node", "URLS": [node_url()],
                    "INDEX_PREFIX": f"{prefix}-wagtail-", "TIMEOUT": 30, "AUTO_UPDATE": False},
        "database_fallback": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
    }


@pytest.fixture
def prefix():
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield prefix
    HttpEngine(node_url()).delete_matching(f"{prefix}-*")


@pytest.fixture
def research_site(db):
    home, _ = build_research_site()
    call_command("update_index", stdout=open("/dev/null", "w"))  # the database backend's index
    return home


def words_of_pages(limit: int = 8) -> list[str]:
    """Queries a reader might type: a word of each of some public page titles."""
    queries = []
    for title in searchable_pages().order_by("path").values_list("title", flat=True):
        words = [w.strip(".,:;()'\"").lower() for w in title.split() if len(w) > 4]
        if words and words[0] not in queries:
            queries.append(words[0])
        if len(queries) == limit:
            break
    return queries


def outcome(query: str) -> tuple:
    result = site_search(query)
    ids = set()
    if result.page:
        for number in result.page.paginator.page_range:
            ids |= {page.pk for page in result.page.paginator.page(number).object_list}
    return result, ids


def test_a_section_search_on_the_node_counts_every_section(research_site, prefix):
    with override_settings(WAGTAILSEARCH_BACKENDS=node_backends(prefix)):
        call_command("update_index", backend_name="default", stdout=open("/dev/null", "w"))
        everything = site_search("research")
        assert not everything.used_fallback and everything.total
        key, _label, count = everything.section_counts[0]
        section = site_search("research", section=key)
        assert not section.used_fallback
        assert section.total == count and section.section_counts == everything.section_counts


def test_rebuild_keeps_one_index_behind_the_alias(research_site, prefix):
    node = HttpEngine(node_url())
    alias = f"{prefix}-wagtail-wagtailcore_page"
    with override_settings(WAGTAILSEARCH_BACKENDS=node_backends(prefix)):
        call_command("update_index", backend_name="default", stdout=open("/dev/null", "w"))
        (first,) = node.indices_of(alias)
        page = Page.objects.get(pk=research_site.pk).get_children().live().first().specific
        page.title = "Quokka evaluation"
        page.save_revision().publish()
        call_command("update_index", backend_name="default", stdout=open("/dev/null", "w"))
        (second,) = node.indices_of(alias)
        assert second != first
        result = site_search("quokka")
        assert not result.used_fallback and [p.pk for p in result.page.object_list] == [page.pk]


def test_an_error_from_the_node_falls_back_to_the_database(research_site, prefix):
    query = words_of_pages(1)[0]
    expected, expected_ids = outcome(query)
    backends = copy.deepcopy(node_backends(prefix))
    backends["database_fallback"]["AUTO_UPDATE"] = True
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        result, ids = outcome(query)  # no update_index: the node answers 404, no such index
    assert result.used_fallback and not result.unavailable
    assert ids == expected_ids and expected_ids
