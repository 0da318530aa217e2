"""Error pages (400, 403, 404, 500, 503) in the site's layout with the exit button, in production
settings and under the development settings `make run` uses; 500 and 503 without the database."""

import importlib

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError, connections
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path

from portal import urls as portal_urls

pytestmark = pytest.mark.django_db


def _boom(request):
    raise ValueError("a bug")


def _bad(request):
    raise BadRequest("nonsense")


def _forbidden(request):
    raise PermissionDenied


def _missing(request):
    raise Http404("gone")


def _db_down(request):
    raise OperationalError("connection to server at 127.0.0.1 port 5432 failed: Connection refused")


urlpatterns = [
    path("boom/", _boom), path("bad/", _bad), path("forbidden/", _forbidden), path("missing/", _missing),
    path("db-down/", _db_down),
    *portal_urls.urlpatterns,
]
handler400, handler403, handler404, handler500 = (
    portal_urls.handler400, portal_urls.handler403, portal_urls.handler404, portal_urls.handler500)

CASES = [
    ("/bad/", 400, "Sorry, we could not understand that request"),
    ("/forbidden/", 403, "You cannot see this page"),
    ("/missing/", 404, "Page not found"),
    ("/no-such-page/at/all/", 404, "Page not found"),
    ("/no-such-file.txt", 404, "Page not found"),
    ("/boom/", 500, "Sorry, there is a problem with the service"),
    ("/db-down/", 503, "Sorry, the service is unavailable"),
]


def _assert_layout(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in html
    assert 'href="/exit/"' in html and "Exit this page" in html  # the exit button
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/accessibility/"' in html and 'href="/privacy/"' in html
    assert "Traceback" not in html and "DEBUG = True" not in html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize("url,status,heading", CASES)
def test_error_pages_in_production_settings(kernel_site, url, status, heading):
    _assert_layout(Client(raise_request_exception=False).get(url), status, heading)


@pytest.mark.parametrize("url,status,heading", CASES)
def test_error_pages_under_make_run(kernel_site, url, status, heading, settings, caplog):
    """The development settings (DEBUG on) add the middleware that shows the same pages."""
    dev = importlib.import_module("portal.settings.dev")
    settings.DEBUG = True
    settings.MIDDLEWARE = dev.MIDDLEWARE
    settings.ROOT_URLCONF = __name__
    assert dev.MIDDLEWARE[-1] == "portal.errors.ErrorPagesInDebugMiddleware"
    response = Client(raise_request_exception=False).get(url)
    _assert_layout(response, status, heading)
    if status == 500:
        assert "ValueError: a bug" in caplog.text  # the developer still gets the traceback


def test_development_settings_can_show_djangos_debug_pages(monkeypatch):
    import portal.settings.dev as dev

    monkeypatch.setenv("DJANGO_DEBUG_PAGES", "1")
    try:
        assert "portal.errors.ErrorPagesInDebugMiddleware" not in importlib.reload(dev).MIDDLEWARE
    finally:
        monkeypatch.delenv("DJANGO_DEBUG_PAGES")
        importlib.reload(dev)


@pytest.mark.parametrize("template,heading", [("500.html", "Sorry, there is a problem with the service"),
                                              ("503.html", "Sorry, the service is unavailable")])
def test_500_and_503_render_without_the_database(kernel_site, monkeypatch, django_assert_num_queries,
                                                 template, heading):
    from portal.outages import server_error_response, unavailable

    def refuse(self):
        raise OperationalError("connection refused")

    with django_assert_num_queries(0):  # (it opens the connection itself, so enter it first)
        monkeypatch.setattr(type(connections["default"]), "ensure_connection", refuse)
        if template == "500.html":
            response = server_error_response(ValueError("a bug"))
        else:
            response = unavailable(retry_after=30)
        monkeypatch.undo()
    _assert_layout(response, 500 if template == "500.html" else 503, heading)


def test_a_refused_form_gets_a_page_that_says_what_to_do(kernel_site):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Sorry, your form could not be sent</h1>" in html
    assert "Exit this page" in html and "Forbidden" not in html
