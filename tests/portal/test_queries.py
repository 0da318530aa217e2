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


def test_menu_and_footer_come_from_the_cache_until_navigation_changes(client, kernel_site, settings,
                                                                     django_assert_max_num_queries):
    from portal.models import NavigationSettings

    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    with django_assert_max_num_queries(7):  # the menu and footer need no query
        body = client.get("/").content.decode()
    nav = NavigationSettings.for_site(kernel_site)
    assert nav.main_menu.first().label in body

    item = nav.main_menu.first()
    item.label = "Find help near you"
    item.save()
    nav.save()  # saving the setting (as the admin does) refreshes every page's menu
    assert "Find help near you" in client.get("/").content.decode()
