"""Account pages and emails in the portal's words; next kept; cookies for shared devices; passwords;
the staff MFA enrolment with one password prompt."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core import mail

from portal.accounts.models import Profile

pytestmark = pytest.mark.django_db
PASSWORD = "Surgery-hours-2026"
COURSE = "/training/recognising-and-responding/"


def _person(django_user_model, email="amira.haddad@example.org", name="Amira Haddad", **extra):
    user = django_user_model.objects.create_user(email.split("@")[0], email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=name)
    return user


def _sign_up(client, email="dr.okafor@example.org", next_url=None, **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": "Dr A Okafor",
            "role": "gp", "organisation": "Example Surgery", **extra}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/signup/", data)


def _link(message, pattern=r"http://testserver(/accounts/confirm-email/\S+)"):
    return re.search(pattern, message.body).group(1)


def test_sign_in_and_sign_up_pages_speak_plainly(client, kernel_site):
    login = client.get("/accounts/login/").content.decode()
    assert "<h1>Sign in</h1>" in login and "Create an account" in login
    assert "Keep me signed in on this device" in login
    signup = client.get("/accounts/signup/").content.decode()
    assert "<h1>Create an account</h1>" in signup
    for html in (login, signup):
        assert "Sign Up" not in html and "Sign In" not in html and "Username" not in html
        assert "Exit this page" in html
        assert "placeholder=" not in html
        labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
        assert labels and not [label for label in labels if label.strip().endswith(":")]


def test_a_failed_sign_in_shows_the_error_summary_and_an_error_title(client, kernel_site, django_user_model):
    _person(django_user_model)
    response = client.post("/accounts/login/", {"login": "amira.haddad@example.org", "password": "wrong-password-1"})
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert 'class="error-summary"' in html and "There is a problem" in html
    assert "The email address or password is not correct" in html


def test_sign_up_errors_are_summarised_and_name_the_fields(client, kernel_site):
    response = _sign_up(client, email="not-an-email", password1="short", password2="different")
    html = response.content.decode()
    assert "<title>Error: Create an account" in html
    assert 'href="#id_email"' in html and 'href="#id_password1"' in html
    assert "at least 12 characters" in html


def test_the_site_calls_people_by_the_name_they_gave_never_a_username(client, kernel_site, django_user_model):
    _person(django_user_model)
    response = client.post("/accounts/login/", {"login": "amira.haddad@example.org", "password": PASSWORD},
                           follow=True)
    html = response.content.decode()
    assert "You are signed in as Amira Haddad." in html
    assert "amira.haddad" not in html.replace("amira.haddad@example.org", "")
    assert "Successfully signed in" not in html


def test_confirmation_email_is_in_the_portal_voice_with_text_and_html(client, kernel_site):
    _sign_up(client)
    message = mail.outbox[-1]
    assert message.subject == "Confirm your email address – Drive Partnership"
    assert message.body.startswith("Hello Dr A Okafor,")
    assert "Hello from" not in message.body and "testserver!" not in message.body
    assert "Drive Partnership portal" in message.body
    html = dict((kind, body) for body, kind in message.alternatives)["text/html"]
    assert '<html lang="en-GB">' in html and "Confirm your email address</a>" in html
    assert "dr.okafor" not in message.body.replace("dr.okafor@example.org", "")


def test_every_account_email_has_a_subject_text_and_html_part(client, kernel_site, django_user_model):
    from django.template.loader import render_to_string

    prefixes = [
        "account/email/email_confirmation", "account/email/email_confirmation_signup",
        "account/email/account_already_exists", "account/email/unknown_account",
        "account/email/password_reset_key", "account/email/login_code", "account/email/password_reset_code",
        "account/email/password_changed", "account/email/password_set", "account/email/password_reset",
        "account/email/email_changed", "account/email/email_confirm", "account/email/email_deleted",
        "mfa/email/totp_activated", "mfa/email/totp_deactivated", "mfa/email/recovery_codes_generated",
        "mfa/email/webauthn_added", "mfa/email/webauthn_removed",
    ]
    context = {"site_name": "Drive Partnership", "site_url": "http://testserver/", "name": "Amira Haddad",
               "activate_url": "http://testserver/x/", "password_reset_url": "http://testserver/r/",
               "signup_url": "http://testserver/s/", "reset_url": "http://testserver/reset/", "code": "123456",
               "email": "a@example.org"}
    for prefix in prefixes:
        subject = render_to_string(f"{prefix}_subject.txt", context).strip()
        text = render_to_string(f"{prefix}_message.txt", context)
        html = render_to_string(f"{prefix}_message.html", context)
        assert subject and subject[0].isupper() and not subject.istitle(), prefix
        assert text.startswith("Hello Amira Haddad,") and "The Drive Partnership team" in text, prefix
        assert "<p>Hello Amira Haddad,</p>" in html and "Hello from" not in text + html, prefix


def test_sign_up_from_a_course_returns_to_the_course_after_confirming(client, kernel_site):
    response = _sign_up(client, next_url=COURSE)
    assert response["Location"] == "/accounts/confirm-email/"
    link = _link(mail.outbox[-1])
    assert f"next={COURSE.replace('/', '%2F')}" in link
    page = client.get(link)
    assert f'name="next" value="{COURSE}"' in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == COURSE
    assert "_auth_user_id" in client.session


def test_confirming_in_another_browser_asks_to_sign_in_and_keeps_next(client, kernel_site, django_user_model):
    from django.test import Client

    _sign_up(client, next_url=COURSE)
    link = _link(mail.outbox[-1])
    other = Client()
    response = other.post(link)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={COURSE.replace('/', '%2F')}"
    assert "_auth_user_id" not in other.session
    assert EmailAddress.objects.get(email="dr.okafor@example.org").verified


def test_the_course_page_carries_next_to_create_an_account(client, kernel_site):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get(COURSE)
    request.user = AnonymousUser()
    html = render_to_string("training/course_page.html", {"page": None, "request": request, "modules": []})
    assert f'/accounts/signup/?next={COURSE}"' in html


def test_a_form_csrf_cookie_lives_only_for_the_browser_session(client, kernel_site):
    response = client.get("/accounts/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]


def test_password_sign_in_lasts_for_the_browser_session_unless_remembered(client, kernel_site, django_user_model):
    _person(django_user_model)
    response = client.post("/accounts/login/", {"login": "amira.haddad@example.org", "password": PASSWORD})
    assert not response.cookies["sessionid"]["max-age"] and not response.cookies["sessionid"]["expires"]
    assert client.session.get_expire_at_browser_close()
    client.logout()
    response = client.post("/accounts/login/", {"login": "amira.haddad@example.org", "password": PASSWORD,
                                                "remember": "on"})
    assert int(response.cookies["sessionid"]["max-age"]) == 14 * 24 * 3600
    assert not client.session.get_expire_at_browser_close()


def test_confirming_an_email_signs_in_for_the_browser_session_only(client, kernel_site):
    _sign_up(client)
    response = client.post(_link(mail.outbox[-1]))
    assert "_auth_user_id" in client.session
    assert client.session.get_expire_at_browser_close()
    assert not response.cookies["sessionid"]["max-age"] and not response.cookies["sessionid"]["expires"]


@pytest.mark.parametrize("password,message", [
    (" " * 12, "only spaces or tabs"),
    ("\t \t \t \t \t \t ", "only spaces or tabs"),
    ("Å" * 12, "one character repeated"),
    ("x" * 4096, "128 characters or fewer"),
    ("Orchard-lam", "at least 12 characters"),
])
def test_weak_and_overlong_passwords_are_refused(client, kernel_site, password, message):
    response = _sign_up(client, password1=password, password2=password)
    html = response.content.decode()
    assert message in html or (message == "at least 12 characters" and "This password is too short" in html)
    assert not EmailAddress.objects.filter(email="dr.okafor@example.org").exists()


def test_a_twelve_character_passphrase_is_accepted(client, kernel_site):
    response = _sign_up(client, password1="orchard lamp", password2="orchard lamp")
    assert response.status_code == 302


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_mfa_enrolment_asks_for_the_password_once_and_leads_to_the_admin(client, kernel_site,
                                                                              django_user_model):
    editor = _person(django_user_model, "tom@example.org", "Tom Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    response = client.post("/accounts/login/", {"login": "tom@example.org", "password": PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=/admin/"
    page = client.get(response["Location"])
    assert page.status_code == 200, "no second password prompt"
    html = page.content.decode()
    assert "<h1>Set up an authenticator app</h1>" in html
    secret = re.search(r'class="account-secret">([A-Z2-7]+)<', html).group(1)
    response = client.post("/accounts/2fa/totp/activate/?next=/admin/", {"code": _code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/?next=%2Fadmin%2F"
    codes = client.get(response["Location"]).content.decode()
    assert "<h1>Your recovery codes</h1>" in codes
    assert len(re.findall(r"<li><code>\w+</code></li>", codes)) == 10
    assert 'href="/admin/" class="button">Continue to the admin</a>' in codes
    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()


def test_a_stale_sign_in_is_asked_for_the_password_again(client, kernel_site, django_user_model, settings):
    editor = _person(django_user_model, "tom@example.org", "Tom Editor", is_staff=True)
    client.post("/accounts/login/", {"login": "tom@example.org", "password": PASSWORD})
    settings.MFA_ENROLMENT_WINDOW_SECONDS = 0
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert "<h1>Enter your password</h1>" in client.get(response["Location"]).content.decode()
    assert editor.pk
