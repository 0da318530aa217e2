"""The services directory in Chromium: Sam's postcode search, a filter, a listing, and
Jo's report of a wrong phone number. Every page passes axe-core."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import describe, run_axe, screenshot


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
