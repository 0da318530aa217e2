"""Debian's varnishd with the repository's VCL (portal/deploy/varnish/default.vcl) in front of the
production stack: what it keeps, what it never keeps, and the purges the portal sends it."""

import http.client
import re
import time
import urllib.parse

import pytest

from .conftest import Browser

pytestmark = pytest.mark.django_db(databases=[])

PAGE = "/coalition/call-to-action/"
PUBLISH = """
from coalition.models import CallToActionPage
page = CallToActionPage.objects.get()
page.title = {title!r}
page.save_revision().publish()
"""
LISTING = """
import datetime
from django.utils import timezone
from search.models import Organisation, Service
org, _ = Organisation.objects.get_or_create(name="Kestrel Trust", defaults={{"email": "team@example.org"}})
service = Service.objects.filter(organization=org).first() or Service(organization=org, is_national=True,
    description="A behaviour-change programme.", service_types=["behaviour-change-group"], referral_routes=["self"],
    risk_levels=["standard"], attending_type=["in_person"], languages=["en"], is_free=True,
    last_reviewed=timezone.localdate() - datetime.timedelta(days=10))
service.name = {name!r}
service.save()
"""

NEW_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
user = get_user_model().objects.get(email="stack-learner@example.org")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
              BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
store.save()
print(store.session_key)
"""


def get(base, path, session=None):
    response = Browser(base, session=session).get(path)
    response.text = response.body.decode("utf-8", "replace")
    return response


def cached(base, path):
    """Fetch twice: the second answer must come from Varnish."""
    get(base, path)
    response = get(base, path)
    assert response.getheader("X-Cache") == "hit", (path, response.status, response.getheader("Cache-Control"))
    return response


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)


def wait_for(base, path, text, seconds=1.0):
    """Read through Varnish until the page shows `text`; the seconds it took (fails after `seconds`)."""
    started = time.monotonic()
    while True:
        response = get(base, path)
        if text in response.text:
            return time.monotonic() - started
        assert time.monotonic() - started < seconds, (f"{path} still shows the old page after {seconds} s "
                                                      f"({response.getheader('X-Cache')})")
        time.sleep(0.05)


def test_anonymous_pages_come_from_varnish_with_the_portal_safety_rules(varnish):
    for path in ("/coalition/", PAGE, "/coalition/members/"):
        response = cached(varnish, path)
        assert response.status == 200
        control = {part.strip() for part in response.getheader("Cache-Control").split(",")}
        assert {"public", "max-age=0", "s-maxage=300"} <= control, control
        assert response.getheader("Set-Cookie") is None  # no cookie for anonymous readers, cached or not
        assert 'href="/exit/"' in response.text and "Exit this page" in response.text  # quick exit
        assert "Sign in" in response.text and "Your account" not in response.text
        # Nothing from another origin: every script, style sheet, image and frame is the site's own.
        for tag, url in re.findall(r'<(script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', response.text):
            assert not re.match(r"(https?:)?//", url) or url.startswith(("http://localhost", "http://127.0.0.1")), \
                (path, tag, url)
        assert "default-src 'self'" in response.getheader("Content-Security-Policy")
        assert response.getheader("Referrer-Policy") == "no-referrer"


def test_the_quick_exit_is_never_cached_and_ends_a_session(stack, varnish):
    for _ in range(2):
        response = get(varnish, "/exit/")
        assert response.status == 302 and response.getheader("X-Cache") == "pass"
    session = stack.manage("shell", "-c", NEW_SESSION, capture=True).strip().splitlines()[-1]
    assert Browser(stack.base, session=session).get("/accounts/overview/").status == 200
    visitor = Browser(varnish, session=session)
    response = visitor.get("/exit/")
    assert response.status == 302 and response.getheader("X-Cache") == "pass"
    assert "sessionid" not in visitor.cookies  # the exit ended the session through Varnish
    assert Browser(stack.base, session=session).get("/accounts/overview/").status == 302  # gone for gunicorn too


def test_a_member_page_is_never_served_to_an_anonymous_request(stack, varnish):
    facts = stack.facts
    member = facts["sessions"]["member"]
    for path in (facts["member_area"], facts["past_meeting"], "/coalition/member-area/my-actions/"):
        for _ in range(2):
            response = get(varnish, path, session=member)
            assert response.status == 200, path
            assert response.getheader("X-Cache") == "pass"
            assert {"private", "no-store"} <= {p.strip() for p in response.getheader("Cache-Control").split(",")}
        anonymous = get(varnish, path)
        assert anonymous.status == 302 and anonymous.getheader("Location").startswith("/accounts/login/?next=")
        assert b"meet.example.org" not in anonymous.body
    # A public page read by a member first: the anonymous reader gets the anonymous page, not theirs.
    path = PAGE + "?read=member-first"
    signed_in = get(varnish, path, session=member)
    assert "Your account" in signed_in.text and signed_in.getheader("X-Cache") == "pass"
    anonymous = get(varnish, path)
    assert "Your account" not in anonymous.text and anonymous.getheader("X-Cache") == "miss"
    assert get(varnish, path, session=member).getheader("X-Cache") == "pass"  # and never the reverse


def test_a_response_that_sets_a_cookie_is_never_cached(varnish):
    tokens = set()
    for _ in range(3):
        response = get(varnish, "/coalition/join/")  # a form: its answer sets the CSRF cookie
        assert response.status == 200
        assert response.getheader("X-Cache") == "pass"
        assert "no-store" in response.getheader("Cache-Control")
        tokens.add(response.getheader("Set-Cookie").split(";", 1)[0])
    assert len(tokens) == 3  # each visitor their own, never a copy of someone else's


def test_publishing_shows_the_new_page_through_varnish_within_a_second(stack, varnish):
    for path in (PAGE, "/coalition/", "/coalition/members/"):
        cached(varnish, path)
    assert "Call to Action (through Varnish)" not in title(get(varnish, PAGE))
    stack.manage("shell", "-c", PUBLISH.format(title="Call to Action (through Varnish)"))
    took = wait_for(varnish, PAGE, "Call to Action (through Varnish)")
    print(f"\nnew page through Varnish {took * 1000:.0f} ms after the publish returned")
    assert get(varnish, "/coalition/").getheader("X-Cache") == "miss"  # its parent lists it: purged
    assert get(varnish, "/coalition/members/").getheader("X-Cache") == "hit"  # a sibling: not purged
    assert get(varnish, PAGE).getheader("X-Cache") == "hit"  # cached again


def test_a_listing_change_purges_the_directory_pages_that_show_it(stack, varnish):
    stack.manage("shell", "-c", LISTING.format(name="Kestrel Programme"))
    searches = ["/find-a-service/?q=kestrel", "/find-a-service/?q=kestrel&refer=self"]
    for path in searches + ["/api/openreferral/services"]:
        assert "Kestrel Programme" in cached(varnish, path).text, path
    cached(varnish, PAGE)
    stack.manage("shell", "-c", LISTING.format(name="Kestrel Renamed Programme"))
    for path in searches + ["/api/openreferral/services"]:
        took = wait_for(varnish, path, "Kestrel Renamed Programme")
        print(f"\n{path} shows the change {took * 1000:.0f} ms after the save returned")
    assert get(varnish, PAGE).getheader("X-Cache") == "hit"  # a page that does not show listings: kept


def purge_from(varnish, address, path):
    host, port = urllib.parse.urlsplit(varnish).hostname, urllib.parse.urlsplit(varnish).port
    connection = http.client.HTTPConnection(host, port, timeout=10, source_address=(address, 0))
    connection.request("PURGE", path, headers={"Host": "localhost"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_only_the_portal_may_purge(varnish):
    cached(varnish, PAGE)
    assert purge_from(varnish, "127.0.0.2", PAGE) == 405  # not in the VCL's purgers
    assert get(varnish, PAGE).getheader("X-Cache") == "hit"
    assert purge_from(varnish, "127.0.0.1", PAGE) == 200  # the portal's own address here
    assert get(varnish, PAGE).getheader("X-Cache") == "miss"


def test_an_answer_for_one_scheme_is_never_served_for_the_other(varnish):
    path = PAGE + "?scheme=plain-first"
    cached(varnish, path)
    response = Browser(varnish).get(path, **{"X-Forwarded-Proto": "https"})  # as a TLS terminator says
    assert response.status == 200 and response.getheader("X-Cache") == "miss"
