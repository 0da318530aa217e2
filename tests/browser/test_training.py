"""Dr Okafor takes the GP course from sign-in to a verified certificate, in Chromium."""

import re

from tests.browser.conftest import manage
from tests.browser.helpers import describe, run_axe, screenshot
from training.demo import COURSES

EMAIL = "dr.okafor@example.org"
PASSWORD = "a-long-training-pass-phrase"
GP_COURSE = COURSES[0]

CREATE_LEARNER = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from portal.accounts.models import profile_for
User = get_user_model()
if not User.objects.filter(email="{EMAIL}").exists():
    user = User.objects.create_user(username="{EMAIL}", email="{EMAIL}", password="{PASSWORD}")
    EmailAddress.objects.create(user=user, email="{EMAIL}", verified=True, primary=True)
    profile = profile_for(user)
    profile.display_name, profile.role, profile.organisation = "Dr Ada Okafor", "gp", "Riverside Surgery"
    profile.save()
"""


def _right_answers() -> dict[str, list[str]]:
    """Question text → texts of its right answers, from the demo course the server loaded."""
    answers = {}
    for module in GP_COURSE["modules"]:
        for q in module.get("questions", []):
            value = q["value"]
            answers[value["text"]] = [a["value"]["text"] for a in value["answers"] if a["value"]["correct"]]
    return answers


def _accessible(page, name):
    screenshot(page, f"training-{name}")
    violations = run_axe(page)
    assert not violations, describe(violations)


def _answer_check(page, right):
    for fieldset in page.locator("main form fieldset").all():
        legend = fieldset.locator("legend").inner_text()
        text = re.sub(r"^\d+\.\s*", "", legend).strip()
        for answer in right[text]:
            fieldset.get_by_label(answer, exact=True).check()


def test_gp_takes_a_course_from_sign_in_to_certificate(page, base_url, server_env):
    manage(server_env, "shell", "-c", CREATE_LEARNER)
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    page.goto(base_url + "/training/?audience=gp")
    page.get_by_role("link", name=GP_COURSE["title"]).click()
    assert page.locator("h1").inner_text() == GP_COURSE["title"]
    _accessible(page, "course")

    right = _right_answers()
    checked_pages = set()
    for _ in range(12):
        page.goto(base_url + f"/training/{GP_COURSE['slug']}/")
        resume = page.locator("main a.button", has_text=re.compile("Start the course|Resume where you left off"))
        if resume.count() == 0:
            break
        resume.click()
        if page.url.endswith("/check/"):
            if "check" not in checked_pages:
                _accessible(page, "check")
                checked_pages.add("check")
            _answer_check(page, right)
            page.click("main form button[type=submit]")
            assert "passed" in page.locator("main .result").inner_text()
        else:
            if "lesson" not in checked_pages:
                _accessible(page, "lesson")
                checked_pages.add("lesson")
            page.get_by_role("button", name="Mark as done and continue").click()
    assert checked_pages == {"check", "lesson"}

    page.goto(base_url + "/training/my/")
    assert "1.5 CPD hours earned in the last 12 months" in " ".join(page.locator("main").inner_text().split())
    _accessible(page, "dashboard")
    number = page.locator("main table.certificates tbody td").nth(1).inner_text().strip()
    assert re.fullmatch(r"DP(-[0-9A-Z]{4}){4}", number)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download PDF")).click()
    pdf_path = download_info.value.path()
    assert open(pdf_path, "rb").read(5) == b"%PDF-"

    # The practice manager checks the number, signed out, typing it in lower case.
    page.context.clear_cookies()
    page.goto(base_url + "/training/verify/")
    page.fill("input[name=number]", number.lower())
    page.click("main form button[type=submit]")
    assert "This is a genuine certificate" in page.locator("main").inner_text()
    assert "Dr Ada Okafor" in page.locator("main").inner_text()
    _accessible(page, "verify")
