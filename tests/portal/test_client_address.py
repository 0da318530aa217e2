"""Rate limits count the client's own address: the proxy's header only from a trusted proxy."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from portal.accounts.adapter import AccountAdapter
from portal.client_address import client_address

ROOT = Path(__file__).resolve().parents[2]


def request(rf, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/accounts/login/", **headers)


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_the_forwarded_address_is_used_only_from_a_trusted_proxy(rf):
    assert client_address(request(rf, "127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # Through two of our proxies: the first address, from the right, that is not one of ours.
    assert client_address(request(rf, "10.1.2.3", "203.0.113.7, 10.9.9.9")) == "203.0.113.7"
    # A client cannot choose its address by writing the header itself...
    assert client_address(request(rf, "198.51.100.20", "203.0.113.7")) == "198.51.100.20"
    # ...nor by prepending a fake hop before our proxy's.
    assert client_address(request(rf, "127.0.0.1", "1.2.3.4, 198.51.100.20")) == "198.51.100.20"
    assert client_address(request(rf, "127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_address(request(rf, "127.0.0.1")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=[])
def test_with_no_trusted_proxy_the_header_is_ignored(rf):
    assert client_address(request(rf, "127.0.0.1", "203.0.113.7")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_allauth_rate_limits_use_the_same_address(rf):
    assert AccountAdapter().get_client_ip(request(rf, "127.0.0.1", "203.0.113.7")) == "203.0.113.7"


def test_the_deploy_check_refuses_a_per_process_cache():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr + result.stdout and "LocMemCache" in result.stderr + result.stdout


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], SECURE_SSL_REDIRECT=True,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_only_a_trusted_proxy_can_say_the_request_came_over_https(client, db):
    # Our proxy terminated TLS: the page is served, no redirect.
    through_proxy = client.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https")
    assert through_proxy.status_code == 200
    # A client on plain HTTP writing the header itself is still sent to HTTPS.
    forged = client.get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_PROTO="https",
                        HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")


def test_forged_forwarding_headers_never_reach_the_view(rf):
    from portal.client_address import ForwardedHeadersMiddleware

    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        ForwardedHeadersMiddleware(view)(rf.get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_PROTO="https",
                                                HTTP_X_FORWARDED_HOST="evil.example", HTTP_FORWARDED="for=1.2.3.4"))
        assert not {"HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED"} & set(seen)
        ForwardedHeadersMiddleware(view)(rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_PROTO="https"))
        assert seen["HTTP_X_FORWARDED_PROTO"] == "https"
