"""The portal as production runs it: gunicorn with several workers, production settings, PostgreSQL
and a private Redis (bench/stack.py). Slow to start, so one stack serves every test here. The
`varnish` fixture puts Debian's varnishd in front of it, with the repository's VCL; the site
always purges that address (FRONTEND_CACHE_URL), whether or not a test started it.

STACK_GUNICORN_PORT, STACK_REDIS_PORT and STACK_VARNISH_PORT pin the ports (default: any free port).
"""

import http.client
import json
import os
import re
import shutil
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.stack import VARNISHD, Stack

WORKERS = 4
SETUP = (os.path.dirname(__file__) + "/site_setup.py")


def _available() -> str | None:
    if not shutil.which("redis-server"):
        return "redis-server is not installed (make services installs it)"
    if not shutil.which("psql"):
        return "PostgreSQL's psql is not installed (make services installs it)"
    return None


@pytest.fixture(scope="session")
def stack():
    missing = _available()
    if missing:
        pytest.fail(missing)
    redis_port = int(os.environ["STACK_REDIS_PORT"]) if os.environ.get("STACK_REDIS_PORT") else None
    with Stack(redis_port=redis_port) as running:
        running.migrate()
        running.facts = json.loads(running.manage("shell", "-c", open(SETUP).read(), capture=True)
                                   .strip().splitlines()[-1])
        port = int(os.environ["STACK_GUNICORN_PORT"]) if os.environ.get("STACK_GUNICORN_PORT") else None
        running.use_varnish(int(os.environ["STACK_VARNISH_PORT"]) if os.environ.get("STACK_VARNISH_PORT") else None)
        running.access_log = str(running.work / "access.log")
        running.start_server(workers=WORKERS, port=port, access_log=running.access_log, SERVE_PUBLIC_MEDIA="True")
        yield running


@pytest.fixture(scope="session")
def varnish(stack):
    """Varnish's address, in front of the stack's gunicorn."""
    if not VARNISHD:
        pytest.fail("varnishd is not installed: `make services` (tests/services/up.sh varnish) installs "
                    "Debian's varnish")
    base = stack.start_varnish()
    yield base
    stack.stop_varnish()


class Browser:
    """A visitor: keeps its own cookies (the production cookies are Secure, so ordinary clients
    would not send them back over the stack's plain HTTP), follows no redirects."""

    def __init__(self, base: str, address: str | None = None, session: str | None = None):
        self.netloc = urllib.parse.urlsplit(base).netloc
        self.cookies = {"sessionid": session} if session else {}
        self.address = address

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.netloc, timeout=30)
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.address:
            sent["X-Forwarded-For"] = self.address
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value and "max-age=0" not in value.lower():
                    self.cookies[name] = cookie_value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, path: str, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, data: dict):
        """Post a form as a browser would after loading it: with its CSRF token."""
        page = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, f"no CSRF token on {path} ({page.status})"
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1).decode(), **data},
                            headers={"Referer": f"http://127.0.0.1{path}"})


def at_once(count: int, request) -> list:
    """`count` requests released together, so that every idle worker accepts one: one after another,
    the kernel may hand every connection to the same worker."""
    ready = threading.Barrier(count)

    def go(i):
        ready.wait()
        return request(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(go, range(count)))
