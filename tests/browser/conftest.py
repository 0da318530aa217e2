"""Browser tests: Debian's Chromium driven by Playwright, with axe-core injected into pages.

A real server (manage.py runserver, test settings) runs against its own SQLite database, built
once per session with migrations and the demo content, so the browser sees the site a new user
sees. Screenshots go to test-output/screenshots/ for a person to look at.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(db_path: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.browser",
        DATABASE_URL=f"sqlite:///{db_path}",
        EMAIL_FILE_PATH=str(db_path.parent / "emails"),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("browser-db") / "site.sqlite3"
    env = _server_env(db_path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for cmd in (["migrate", "--noinput", "-v0"], ["load_demo_content"]):
        subprocess.run(manage + cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def manage(server_env, *args: str) -> str:
    """Run a management command against the browser server's database; returns its output."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=server_env,
        check=True, capture_output=True, text=True,
    )
    return result.stdout


@pytest.fixture(scope="session")
def base_url(server_env):
    port = int(os.environ.get("BROWSER_SERVER_PORT") or 0) or _free_port()
    OUTPUT.mkdir(exist_ok=True)
    log = open(OUTPUT / "browser-server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz-probe-404", timeout=2)
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the test server did not start; see test-output/browser-server.log")
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser(monkeypatch_module):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread, so Django's ORM needs this while a
    # browser is open. It is a test-harness setting: it is taken away again when the module ends, so
    # a later test (the deploy check, the production stack) never inherits it.
    monkeypatch_module.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture
def context(browser):
    # bypass_csp lets axe-core be injected; test_privacy checks pages under the real policy.
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.close()
