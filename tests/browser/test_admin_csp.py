"""An editor's journey in the admin under its Content-Security-Policy, with nothing refused."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from .conftest import OUTPUT, manage

SECRET = "JBSWY3DPEHPK3PXP"
MAKE_EDITOR = """
from allauth.account.models import EmailAddress
from tests.users import PASSWORD, staff_user
user = staff_user("csp-editor", superuser=True)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
from portal.models import StandardPage
print(user.email, PASSWORD, StandardPage.objects.get(slug="about").pk)
"""


def test_an_editor_signs_in_with_mfa_edits_and_saves_a_page_under_the_admin_csp(browser, base_url, server_env):
    email, password, page_id = manage(server_env, "shell", "-c", MAKE_EDITOR).split()[-3:]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})  # the policy is enforced
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    problems = []
    page.on("console", lambda msg: problems.append(f"{page.url}: {msg.text[:60]}")
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(base_url + "/accounts/login/?next=/admin/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.fill("input[name=code]", format_hotp_value(hotp_value(SECRET, int(time.time()) // 30)))
        page.press("input[name=code]", "Enter")
        page.wait_for_url("**/admin/")
        response = page.goto(f"{base_url}/admin/pages/{page_id}/edit/")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-inline'" in policy and "default-src 'self'" in policy
        page.fill("#id_title", "About the Drive Partnership (edited)")
        page.locator("[data-draftail-input], .public-DraftEditor-content").first.click()
        page.keyboard.type(" An added sentence.")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url(f"**/admin/pages/{page_id}/edit/")
        page.get_by_text("has been updated").first.wait_for()
        page.screenshot(path=str(OUTPUT / "screenshots" / "admin-csp-edit-saved.png"))
    except Exception:
        page.screenshot(path=str(OUTPUT / "screenshots" / "admin-csp-failure.png"))
        raise
    finally:
        ctx.close()
    assert problems == [], problems
