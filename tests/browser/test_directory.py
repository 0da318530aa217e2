"""The services directory in Chromium: Sam's postcode search, a filter, a listing, and
Jo's report of a wrong phone number. Every page passes axe-core."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.browser.conftest import manage
from tests.browser.helpers import TOTP_SECRET, describe, find_link, run_axe, screenshot, submit


def test_postcode_search_filter_and_listing(page, base_url):
    page.goto(base_url + "/find-a-service/")
    page.get_by_label("Postcode or town").fill("CF10")
    page.get_by_label("What are you looking for? (optional)").fill("anger")
    page.get_by_role("search", name="Find a service").get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"location=CF10&q=anger"))
    results = page.locator(".directory-results")
    expect(results.get_by_role("link", name="Cardiff behaviour-change group programme")).to_be_visible()
    expect(page.get_by_role("heading", name="National services")).to_be_visible()
    expect(results.get_by_text("Perpetrator advice helpline (demonstration)")).to_be_visible()
    expect(results.get_by_text("You can refer yourself.").first).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe(violations)
    screenshot(page, "directory-results")

    # Filter by who can refer: the URL keeps every choice, and the count is shown.
    page.locator("#f-refer-professional").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"refer=professional"))
    expect(page.locator("#f-refer-professional")).to_be_checked()
    expect(page.locator("label[for=f-refer-professional] .count")).to_have_text(re.compile(r"\(\d+\)"))
    violations = run_axe(page)
    assert not violations, describe(violations)

    # Open the nearest listing: opening hours and how to refer.
    page.goto(base_url + "/find-a-service/?location=CF10&q=anger")
    page.locator(".directory-results").get_by_role("link", name="Cardiff behaviour-change group programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cardiff behaviour-change group programme")
    expect(page.get_by_role("heading", name="Opening hours")).to_be_visible()
    expect(page.get_by_role("heading", name="How to refer")).to_be_visible()
    expect(page.get_by_text("Demonstration listing").first).to_be_visible()
    expect(page.locator(".exit-this-page__button")).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe(violations)
    screenshot(page, "directory-listing")


def test_unknown_postcode_and_confidential_address(page, base_url):
    page.goto(base_url + "/find-a-service/?location=ZZ99+9ZZ")
    expect(page.locator(".error-summary")).to_contain_text("We couldn't find that postcode.")
    violations = run_axe(page)
    assert not violations, describe(violations)
    page.goto(base_url + "/find-a-service/idva-south-wales/")
    expect(page.locator("main")).to_contain_text("Cardiff")  # a confidential address: the town only
    assert "CF24" not in page.content()


def test_report_a_problem_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "/find-a-service/drive-essex/")
        page.get_by_role("link", name="Report a problem with this listing").click()
        page.get_by_label("Contact details are wrong").check()
        page.get_by_label("What is wrong?").fill("The phone number is out of date.")
        page.get_by_role("button", name="Send report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
        assert "/find-a-service/drive-essex/report/" in page.url
    finally:
        context.close()


MAKE_MODERATOR = """
from allauth.account.models import EmailAddress
from tests.users import PASSWORD, staff_user
user = staff_user("jo-journey-moderator", "Moderators")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print(user.email, PASSWORD)
"""


def test_jos_journey_search_share_report_and_the_moderator_opens_it(browser, base_url, server_env):
    """Jo (journeys.md): near a family's postcode, professional referrals, high risk, a children's
    service; the search's link pasted into a case note opens the same search; she reports a wrong
    phone number and the moderator opens the report from the link in the email, the same day."""
    email, password = manage(server_env, "shell", "-c", MAKE_MODERATOR).split()[-2:]
    jo = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # axe-core is injected
    page = jo.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(base_url + "/find-a-service/")
        page.get_by_label("Postcode or town").fill("WR1 2AB")
        page.get_by_label("What are you looking for? (optional)").fill("children")
        submit(page, page.get_by_role("search", name="Find a service").get_by_role("button", name="Search", exact=True))
        page.locator("#f-refer-professional").check()
        page.locator("#f-risk-high").check()
        submit(page, page.get_by_role("button", name="Apply filters"))
        for part in ("location=WR1", "q=children", "refer=professional", "risk=high"):
            assert part in page.url, page.url
        found = page.locator(".directory-results")
        expect(found.get_by_role("link", name="Drive West Mercia: high-harm case management")).to_be_visible()
        share = page.locator(".directory-share a").get_attribute("href")
        assert share.startswith("http") and "refer=professional" in share and "risk=high" in share
        violations = run_axe(page)
        assert not violations, describe(violations)
        screenshot(page, "jo-search")

        # Later, from the case note: the same search, the same filters ticked.
        note = jo.new_page()
        note.goto(share)
        expect(note.locator("#f-refer-professional")).to_be_checked()
        expect(note.locator("#f-risk-high")).to_be_checked()
        expect(note.get_by_label("Postcode or town")).to_have_value("WR1 2AB")
        expect(note.locator(".directory-results").get_by_role(
            "link", name="Drive West Mercia: high-harm case management")).to_be_visible()
        note.close()

        # The listing's phone number is wrong: report it.
        submit(page, ".directory-results a:text('Drive West Mercia: high-harm case management')")
        submit(page, "a:text('Report a problem with this listing')")
        page.get_by_label("Contact details are wrong").check()
        page.get_by_label("What is wrong?").fill("The phone number on this listing is out of date.")
        submit(page, "main form button[type=submit]")
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
        violations = run_axe(page)
        assert not violations, describe(violations)
    finally:
        jo.close()

    # The moderator's email links to the report in the admin, with the site's address.
    link = find_link(server_env, r"https?://[^\s\"<>]+/admin/snippets/search/problemreport/edit/\d+/")
    moderator = browser.new_context(viewport={"width": 1280, "height": 900})
    page = moderator.new_page()
    page.set_default_timeout(20_000)
    try:
        path = "/" + link.split("/", 3)[3]
        page.goto(base_url + "/accounts/login/?next=" + path)
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.fill("input[name=code]", format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30)))
        page.press("input[name=code]", "Enter")
        page.wait_for_url("**" + path)
        expect(page.locator("main")).to_contain_text("The phone number on this listing is out of date.")
        screenshot(page, "jo-report-in-the-admin")
    finally:
        moderator.close()
