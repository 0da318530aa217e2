"""/exit/ ends the session and sends the visitor to the neutral site editors chose."""

import pytest
from wagtail.models import Site

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_exit_signs_out_and_redirects_to_the_default_neutral_site(client, kernel_site, django_user_model):
    user = django_user_model.objects.create_user("sam", "sam@example.org", "long-password-1")
    client.force_login(user)
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.bbc.co.uk/weather"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response.cookies["sessionid"].value == ""  # the session cookie is deleted
    assert "_auth_user_id" not in client.session


def test_exit_goes_where_editors_set_it(client, kernel_site):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.quick_exit_url = "https://www.example.com/news"
    settings.save()
    assert client.get("/exit/")["Location"] == "https://www.example.com/news"


def test_exit_for_an_anonymous_visitor_sets_no_cookie(client, kernel_site):
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response.cookies == {}


def test_every_public_page_carries_both_exit_controls(client, kernel_site):
    for path in ("/", "/about/", "/news/", "/cover-your-tracks/", "/accounts/login/", "/no-such-page/",
                 "/search/?q=x"):
        html = client.get(path).content.decode()
        assert 'class="exit-this-page__button js-exit-this-page" rel="nofollow noreferrer"' in html, path
        assert '<span class="visually-hidden">Emergency</span> Exit this page' in html
        assert "Exit this page quickly" in html  # the skip-link twin
        assert "quick-exit.js" in html


def test_exit_url_must_be_https():
    from django.core.exceptions import ValidationError

    setting = SiteSettings(quick_exit_url="http://example.com/")
    with pytest.raises(ValidationError):
        setting.clean()


def test_only_signed_in_pages_keep_normal_history(client, kernel_site, django_user_model, settings):
    settings.PAGE_CACHE_SECONDS = 60  # the anonymous page cache is on, as in production
    assert "data-keep-history" not in client.get("/about/").content.decode()
    assert client.get("/about/")["X-Page-Cache"] == "hit"  # the cached anonymous copy
    user = django_user_model.objects.create_user("jo", "jo@example.org", "long-password-1")
    client.force_login(user)
    html = client.get("/about/").content.decode()
    assert "data-keep-history" in html  # signed in: never the anonymous copy
    client.logout()
    assert "data-keep-history" not in client.get("/about/").content.decode()


def test_cover_your_tracks_is_linked_next_to_the_exit_button(client, kernel_site):
    html = client.get("/about/").content.decode()
    bar = html[html.index('class="exit-this-page"'):html.index('class="exit-this-page-overlay"')]
    assert 'role="region" aria-label="Quick exit"' in bar
    assert '<a href="/cover-your-tracks/" class="exit-this-page__help">Cover your tracks</a>' in bar
    assert "data-exit-url" not in html
