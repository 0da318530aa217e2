"""Every account page a person can reach, and the error pages, pass axe-core (no violation of any
impact) at 375 and 1280 px, have the exit button, and are saved as screenshots to look at."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from .helpers import create_person, run_axe, screenshot, sign_in, submit, under_the_real_policy

PASSWORD = "Browser-test-password-2026"
WIDTHS = (375, 1280)
STATE: dict = {}  # the staff member's authenticator secret and the last code window used, shared by all widths


def axe_violations(page) -> list[dict]:
    """Every axe violation, of any impact (the `region` rule included)."""
    return run_axe(page, every_impact=True)


@pytest.fixture(scope="module")
def people(server_env):
    create_person(server_env, "learner.browser@example.org", PASSWORD, display_name="Lena Learner")
    create_person(server_env, "staff.browser@example.org", PASSWORD, display_name="Sam Staff", staff=True,
                  groups=("Editors",))


def _sign_in(page, base_url, email, next_url=""):
    sign_in(page, base_url, email, PASSWORD, next_url)


def _code(secret):
    """A code the server will accept: from a 30-second window no earlier code of this run used
    (a code is accepted once), with a few seconds of the window left for the form to arrive."""
    while True:
        now = time.time()
        window = int(now) // 30
        if window > STATE.get("last_window", -1) and now % 30 < 25:
            STATE["last_window"] = window
            return format_hotp_value(hotp_value(secret, window))
        time.sleep(30 - now % 30 + 0.1)


class Visit:
    def __init__(self, page, width):
        self.page, self.width, self.problems, self.seen = page, width, [], []

    def check(self, name, status_ok=True):
        page = self.page
        page.wait_for_load_state()
        exit_button = page.locator(".exit-this-page__button")
        if exit_button.count() == 0 or not exit_button.first.is_visible():
            self.problems.append(f"{name}: no visible exit button")
        for v in axe_violations(page):
            self.problems.append(f"{name}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}")
        screenshot(page, f"accounts-{name}-{self.width}")
        self.seen.append(name)

    def go(self, base_url, path, name):
        self.page.goto(base_url + path)
        self.check(name)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_account_page_passes_axe_and_has_the_exit_button(browser, base_url, people, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB", bypass_csp=True)
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    visit = Visit(page, width)
    try:
        # Signed out
        for path, name in (("/accounts/login/", "sign-in"), ("/accounts/signup/", "create-account"),
                           ("/accounts/password/reset/", "password-reset"),
                           ("/accounts/password/reset/done/", "password-reset-sent"),
                           ("/accounts/password/reset/key/1-not-a-key/", "password-reset-link-expired"),
                           ("/accounts/password/reset/key/done/", "password-reset-done"),
                           ("/accounts/confirm-email/", "check-your-email"),
                           ("/accounts/confirm-email/not-a-key/", "confirm-email-link-expired"),
                           ("/accounts/inactive/", "account-inactive"),
                           ("/accessibility/", "accessibility-statement"), ("/privacy/", "privacy-notice"),
                           ("/no-such-page/", "error-404")):
            visit.go(base_url, path, name)
        page.goto(base_url + "/accounts/login/")
        page.fill("#id_login", "nobody@example.org")
        page.fill("#id_password", "wrong-password-123")
        submit(page, "main button[type=submit]")
        visit.check("sign-in-error")
        page.goto(base_url + "/accounts/signup/")
        page.fill("#id_email", "not-an-email")
        submit(page, "main button[type=submit]")
        visit.check("create-account-error")

        # A learner
        _sign_in(page, base_url, "learner.browser@example.org")
        for path, name in (("/accounts/overview/", "account-overview"), ("/accounts/email/", "email-addresses"),
                           ("/accounts/password/change/", "password-change"), ("/accounts/2fa/", "two-step"),
                           ("/accounts/logout/", "sign-out"), ("/accounts/delete/", "delete-account"),
                           ("/accounts/reauthenticate/", "enter-password-again")):
            visit.go(base_url, path, name)
        page.goto(base_url + "/accounts/overview/")
        page.click("form[action='/accounts/logout/'] button")
        page.wait_for_load_state()
        ctx.clear_cookies()

        # A staff member: password, authenticator app, recovery codes, the admin
        _sign_in(page, base_url, "staff.browser@example.org", "/admin/")
        enrolled_here = "/accounts/2fa/totp/activate/" in page.url
        if enrolled_here:
            visit.check("mfa-set-up")
            secret = page.locator(".account-secret").inner_text()
            page.fill("#id_code", "000000")
            submit(page, "main form.account-form button[type=submit]")
            visit.check("mfa-set-up-error")
            page.fill("#id_code", _code(secret))
            submit(page, "main form.account-form button[type=submit]")
            assert "/accounts/2fa/recovery-codes/" in page.url
            visit.check("mfa-recovery-codes")
            STATE["secret"] = secret
            page.click("text=Continue to the admin")
            page.wait_for_load_state()
            assert page.url.startswith(base_url + "/admin/")
        else:
            assert "secret" in STATE, "the staff member enrols in the run at the first width"
            secret = STATE["secret"]
            page.fill("#id_code", _code(secret))
            submit(page, "main form.account-form button[type=submit]")
        for path, name in (("/accounts/2fa/", "two-step-on"), ("/accounts/2fa/recovery-codes/generate/",
                                                                "recovery-codes-new"),
                           ("/accounts/2fa/totp/deactivate/", "mfa-turn-off")):
            visit.go(base_url, path, name)
        page.goto(base_url + "/accounts/logout/")
        page.click("main button[type=submit]")
        ctx.clear_cookies()
        _sign_in(page, base_url, "staff.browser@example.org")
        assert "/accounts/2fa/authenticate/" in page.url
        visit.check("mfa-enter-code")
        page.fill("#id_code", _code(secret))
        submit(page, "main form.account-form button[type=submit]")
        visit.go(base_url, "/accounts/2fa/reauthenticate/", "mfa-enter-code-again")
    finally:
        ctx.close()
    assert visit.problems == [], "\n".join(visit.problems)
    assert len(visit.seen) == (29 if enrolled_here else 26)  # the 3 set-up pages: first width only


def test_the_sign_in_page_under_the_real_csp_has_no_console_errors(browser, base_url):
    with under_the_real_policy(browser, base_url, "/accounts/login/") as (page, problems):
        assert problems == []
        assert re.search(r"/static/portal/css/accounts\.css", page.content())
