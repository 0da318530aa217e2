"""Security headers, cookie-free reading, and a production configuration Django's deploy check accepts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_public_pages_send_the_security_headers(client, kernel_site):
    response = client.get("/about/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_with_a_post_form_keep_referrers_on_our_own_origin_only(client, kernel_site):
    # Browsers send "Origin: null" for forms on no-referrer pages, which CSRF protection refuses.
    response = client.get("/accounts/login/")
    assert response["Referrer-Policy"] == "same-origin"


def test_reading_public_pages_sets_no_cookie(client, kernel_site):
    for path in ("/", "/about/", "/news/", "/news/drive-responds-to-the-vawg-strategy/", "/search/?q=drive",
                 "/cover-your-tracks/", "/no-such-page/"):
        response = client.get(path)
        assert response.cookies == {}, path


def test_the_sign_in_form_sets_only_the_csrf_cookie(client, kernel_site):
    response = client.get("/accounts/login/")
    assert set(response.cookies) == {"csrftoken"}


def test_production_settings_pass_the_deploy_check():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 20 + "production-like-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="sqlite:///:memory:",
        SITE_URL="https://portal.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_a_local_site_address():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.production",
               SECRET_KEY="x" * 20 + "production-like-secret-key-for-the-deploy-check-0123456789",
               ALLOWED_HOSTS="portal.example.org", DATABASE_URL="sqlite:///:memory:",
               SITE_URL="http://127.0.0.1:8000")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "portal.E101" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="",
               ALLOWED_HOSTS="portal.example.org")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_turns_on_https_only_protections():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="y" * 64, ALLOWED_HOSTS="portal.example.org", DATABASE_URL="sqlite:///:memory:",
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.DEBUG, s.SECURE_REFERRER_POLICY)"
    )
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.stdout.split()[-6:] == ["31536000", "True", "True", "True", "False", "no-referrer"], result.stderr


def test_hsts_header_is_sent_over_https(settings, client, kernel_site):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_only_the_admin_preview_may_be_framed_and_only_by_us(client, kernel_site, django_user_model):
    from allauth.mfa.models import Authenticator

    from portal.models import StandardPage

    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "a-long-password-1")
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(editor)
    page = StandardPage.objects.get(slug="about")
    preview = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get("/about/")["X-Frame-Options"] == "DENY"


def test_server_errors_render_a_plain_page_in_the_site_style(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Exit this page" in html and 'href="/exit/"' in html


def test_nul_characters_in_query_strings_are_removed_before_views_see_them(rf):
    from portal.security import StripNullCharactersMiddleware

    seen = {}

    def view(request):
        seen.update(request.GET.lists())
        return None

    StripNullCharactersMiddleware(view)(rf.get("/search/?q=drive%00&page=1&x%00y=2"))
    assert seen == {"q": ["drive"], "page": ["1"], "xy": ["2"]}
