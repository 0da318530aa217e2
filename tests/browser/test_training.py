"""Dr Okafor's journey in Chromium (journeys.md): finds the GP course, starts it, leaves after
lesson 2 and resumes at lesson 3 in another browser, fails the assessed check once and passes it,
downloads the certificate, the practice manager verifies it, and she finds services near the
practice's postcode."""

import re

from tests.browser.helpers import describe, find_link, run_axe, screenshot, sign_in, submit
from training.demo import COURSES

EMAIL = "dr.okafor@example.org"
PASSWORD = "a-long-training-pass-phrase"
GP_COURSE = COURSES[0]
ORGANISATION = "Riverside Surgery, CF10 1EP"
LESSONS = [lesson[1] for module in GP_COURSE["modules"] for lesson in module["lessons"]]


def _answers(correct: bool) -> dict[str, list[str]]:
    """Question text → texts of its right (or, for a failing go, its wrong) answers."""
    answers = {}
    for module in GP_COURSE["modules"]:
        for q in module.get("questions", []):
            value = q["value"]
            pick = [a["value"]["text"] for a in value["answers"] if bool(a["value"]["correct"]) == correct]
            answers[value["text"]] = pick if correct or value.get("kind") == "multiple" else pick[:1]
    return answers


def _looked_at(page, name):
    """Screenshots at 375 and 1280 px, and axe-core at the phone width."""
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"training-{name}-{width}")
        if width == 375:
            violations = run_axe(page)
            assert not violations, describe(violations)
            # The page's own content (the header's layout is the site's, not the course's).
            overflow = page.evaluate("document.querySelector('main').scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name}'s content is {overflow}px wider than a 375px phone"


def _sign_in(page, base_url):
    sign_in(page, base_url, EMAIL, PASSWORD)


def _answer_check(page, answers):
    page.locator("main form fieldset").first.wait_for()
    fieldsets = page.locator("main form fieldset").all()
    assert fieldsets, "the check shows its questions"
    for fieldset in fieldsets:
        legend = fieldset.locator("legend").inner_text()
        text = re.sub(r"^\d+\.\s*", "", legend).strip()
        for answer in answers[text]:
            fieldset.get_by_label(answer, exact=True).check()
    submit(page, "main form button[type=submit]")
    page.locator("main .result").wait_for()


def test_gp_from_course_to_verified_certificate_and_local_services(browser, base_url, server_env):
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    page = first.new_page()
    page.set_default_timeout(15_000)

    # 1. Signs up with her work email, states role "GP" and her organisation, and confirms the address.
    page.goto(base_url + "/accounts/signup/?next=/training/")
    page.get_by_label("Your name").fill("Dr Ada Okafor")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_label("Your role").select_option("gp")
    page.get_by_label("Your organisation").fill(ORGANISATION)
    submit(page, "main form button[type=submit]")
    confirm = find_link(server_env, r"/accounts/confirm-email/[^\s/]+/")
    page.goto(base_url + confirm)
    submit(page, "main form button[type=submit]")
    if page.locator("input[name=login]").count():  # confirmed in a browser that was not signed in
        _sign_in(page, base_url)
    page.goto(base_url + "/accounts/overview/")  # what she gave at sign-up is on her account
    assert page.input_value("main input[name=display_name]") == "Dr Ada Okafor"
    assert page.input_value("main select[name=role]") == "gp"
    assert page.input_value("main input[name=organisation]") == ORGANISATION

    # 2. Filters training by audience "GP" and starts the course: looking did not enrol her.
    page.goto(base_url + "/training/?audience=gp")
    submit(page, page.get_by_role("link", name=GP_COURSE["title"]))
    assert page.locator("h1").inner_text() == GP_COURSE["title"]
    start = page.get_by_role("button", name="Start this course")
    start.wait_for()
    _looked_at(page, "course")
    submit(page, start)
    for title in LESSONS[:2]:
        assert page.locator("h1").inner_text() == title
        submit(page, page.get_by_role("button", name="Mark as done and continue"))
    assert page.locator("h1").inner_text() == LESSONS[2]  # lesson 3, not module 1's practice check
    first.close()

    # A week later, another browser: "My training" resumes at lesson 3.
    later = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    page = later.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, base_url)
    page.goto(base_url + "/training/my/")
    submit(page, page.get_by_role("link", name=f"Resume {GP_COURSE['title']}"))
    assert page.locator("h1").inner_text() == LESSONS[2]
    _looked_at(page, "lesson")
    for title in LESSONS[2:]:
        assert page.locator("h1").inner_text() == title
        submit(page, page.get_by_role("button", name="Mark as done and continue"))

    # 3. The assessed check: fails once, reads the feedback, passes on the second attempt.
    assert page.url.endswith("/check/")
    _looked_at(page, "check")
    _answer_check(page, _answers(correct=False))
    assert "not passed" in page.locator("main .result").inner_text()
    failed_url = page.url
    _looked_at(page, "result-failed")
    submit(page, page.get_by_role("link", name="Try the check again"))
    _answer_check(page, _answers(correct=True))
    assert "passed" in page.locator("main .result").inner_text()
    page.goto(failed_url)
    page.get_by_text("You passed this check later").wait_for()
    assert page.get_by_role("link", name="Try the check again").count() == 0

    # The optional practice check is the last step left; passing it completes the course.
    page.goto(base_url + f"/training/{GP_COURSE['slug']}/")
    submit(page, page.locator("main a.button", has_text="Resume where you left off"))
    assert page.url.endswith("/check/")
    _answer_check(page, _answers(correct=True))

    # 4. The certificate, with CPD hours, and its public verification page.
    page.goto(base_url + "/training/my/")
    assert "1.5 CPD hours earned in the last 12 months" in " ".join(page.locator("main").inner_text().split())
    _looked_at(page, "dashboard")
    number = page.locator("main table.certificates .certificate-number").first.inner_text().strip()
    assert re.fullmatch(r"DP(-[0-9A-Z]{4}){4}", number)
    box = page.locator("main table.certificates .certificate-number").first.bounding_box()
    assert box["height"] < 40, "the certificate number stays on one line"
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download PDF")).click()
    assert open(download_info.value.path(), "rb").read(5) == b"%PDF-"
    page.get_by_role("link", name=re.compile("Public verification page")).click()
    page.get_by_text("This is a genuine certificate").wait_for()

    # The practice manager checks the number, signed out, typing it in lower case.
    later.clear_cookies()
    page.goto(base_url + "/training/verify/")
    page.fill("input[name=number]", number.lower())
    page.click("main form button[type=submit]")
    page.get_by_text("This is a genuine certificate").wait_for()
    assert "Dr Ada Okafor" in page.locator("main").inner_text()
    _looked_at(page, "verify")

    # 5. From the course, the perpetrator services that cover the practice's postcode.
    _sign_in(page, base_url)
    page.goto(base_url + f"/training/{GP_COURSE['slug']}/")
    page.get_by_role("link", name="Find perpetrator services near CF10 1EP").click()
    assert "location=CF10+1EP" in page.url and "refer=professional" in page.url
    assert page.locator("input[name=location]").input_value() == "CF10 1EP"
    later.close()
