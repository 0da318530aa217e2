"""Helpers for browser tests: axe-core checks and screenshots."""

import re
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the authenticator tests.users gives staff

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"


def run_axe(page, *, every_impact: bool = False) -> list[dict]:
    """Inject axe-core and return violations of serious or critical impact (WCAG 2.x A/AA, 2.2, best
    practice); with `every_impact`, violations of any impact (minor and moderate too, e.g. `region`)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    if every_impact:
        return result["violations"]
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_CREATE_PERSON = """
import json, sys
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from portal.accounts.models import profile_for
person = json.loads({person!r})
User = get_user_model()
user = User.objects.filter(email=person["email"]).first() or User.objects.create_user(
    person["email"], person["email"], person["password"], is_staff=person["staff"])
EmailAddress.objects.get_or_create(user=user, email=person["email"], defaults={{"verified": True, "primary": True}})
profile = profile_for(user)
for field in ("display_name", "role", "organisation"):
    if person[field]:
        setattr(profile, field, person[field])
profile.save()
for name in person["groups"]:
    user.groups.add(Group.objects.get(name=name))
"""


def create_person(server_env, email: str, password: str, *, display_name: str = "", role: str = "",
                  organisation: str = "", staff: bool = False, groups: tuple = ()) -> None:
    """An account with a verified email address in the browser server's database (kept if it is
    there already), with these profile details and groups."""
    import json

    from tests.browser.conftest import manage

    person = json.dumps({"email": email, "password": password, "display_name": display_name, "role": role,
                         "organisation": organisation, "staff": staff, "groups": list(groups)})
    manage(server_env, "shell", "-c", _CREATE_PERSON.format(person=person))


def submit(page, button) -> None:
    """Press a form's submit button or a link (a selector or a locator) and wait for the page that
    replaces this one (a check on a half-loaded page, or on the old one, is a race).

    A visitor who is not signed in sends POST forms with fetch, and the answer is written into the
    same document (one history entry per visit), so there is no navigation for Playwright to wait
    on: the current document is marked, and the wait ends when a new one has replaced it.
    """
    page.evaluate("document.documentElement.setAttribute('data-before-submit', '')")
    (page.locator(button) if isinstance(button, str) else button).click()
    expect(page.locator("html[data-before-submit]")).to_have_count(0)  # no eval: works under the site's CSP
    page.wait_for_load_state()


def sign_in(page, base_url: str, email: str, password: str, next_url: str = "") -> None:
    """Sign in through the portal's own form, as a person would."""
    page.goto(f"{base_url}/accounts/login/{'?next=' + next_url if next_url else ''}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page, "main form button[type=submit]")


@contextmanager
def under_the_real_policy(browser, base_url: str, path: str):
    """``path`` opened in a context that enforces the site's CSP (the ``context`` fixture bypasses
    it so axe-core can be injected); yields the page and the console errors logged so far."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        yield page, errors
    finally:
        ctx.close()


def find_link(server_env, pattern: str, timeout: float = 10.0) -> str:
    """The first link matching `pattern` in the emails the server has written."""
    folder = Path(server_env["EMAIL_FILE_PATH"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*"), key=lambda p: p.stat().st_mtime, reverse=True):
            text = re.sub(r"=\r?\n", "", path.read_text(errors="replace"))
            match = re.search(pattern, text)
            if match:
                return match.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no email with a link matching {pattern}")
