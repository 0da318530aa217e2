"""Anonymous visitors get cached pages; publishing purges them at once; signed-in people never share a cache."""

import pytest

from portal.models import NewsPage

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_cache(client, kernel_site):
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_publishing_purges_the_cache(client, kernel_site):
    page = NewsPage.objects.get(slug="drive-responds-to-the-vawg-strategy")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    page.title = "Drive responds to the VAWG Strategy (updated)"
    page.save_revision().publish()
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "(updated)" in response.content.decode()


def test_unpublishing_removes_the_page_at_once(client, kernel_site):
    page = NewsPage.objects.get(slug="home-office-perpetrator-funding")
    client.get(page.url)
    client.get(page.url)
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_signed_in_visitors_are_never_served_from_or_into_the_cache(client, kernel_site, django_user_model):
    user = django_user_model.objects.create_user("learner", "learner@example.org", "long-password-1")
    client.force_login(user)
    first = client.get("/about/")
    assert "X-Page-Cache" not in first
    assert "Your account" in first.content.decode()
    client.logout()
    anonymous = client.get("/about/")
    assert "Your account" not in anonymous.content.decode()


def test_pages_with_csrf_forms_are_not_cached(client, kernel_site):
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response


def test_query_strings_are_cached_separately(client, kernel_site):
    client.get("/news/")
    assert client.get("/news/?tag=policy")["X-Page-Cache"] == "miss"
    tagged = client.get("/news/?tag=policy").content.decode()
    assert "Violence Against Women and Girls Strategy" in tagged
    assert "Drive has now worked with 2,590" not in tagged  # not tagged "Policy"
