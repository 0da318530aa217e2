"""Hot pages stay cheap: the number of database queries does not grow with content."""

import pytest

from portal.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def test_home_page_query_count(client, kernel_site, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure the page itself, not the cache
    client.get("/")
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def test_news_page_query_count(client, kernel_site, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = NewsPage.objects.get(slug="drive-responds-to-the-vawg-strategy").url
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_news_index_does_not_query_per_item(client, kernel_site, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    index = NewsIndexPage.objects.get()
    for n in range(9):
        child = index.add_child(instance=NewsPage(title=f"Item {n}", slug=f"item-{n}"))
        child.tags.add("Policy")
        child.save()
    client.get("/news/")
    with django_assert_max_num_queries(15):  # the same as with three items: no query per item
        assert client.get("/news/").status_code == 200


def test_cached_home_page_needs_no_query(client, kernel_site, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/")["X-Page-Cache"] == "hit"
