"""Research in Chromium: find evidence, filter publications, search, and have your say; axe-core on
the research index, a gap page, a publication and the search results page."""

import pytest

from tests.browser.helpers import describe, run_axe, screenshot

PAGES = {
    "research-index": "/research/",
    "research-gap": "/research/perpetrator-housing/",
    "research-publication": "/research/drive-evaluation-year-1-feasibility-study/",
    "research-listing": "/research/publications/?gap=child-victim-survivors",
    "research-have-your-say": "/research/lgbt-communities/have-your-say/",
    "search-results": "/search/?q=housing",
    "search-results-section": "/search/?q=housing&section=publications",
}


@pytest.mark.parametrize("name,path", PAGES.items(), ids=list(PAGES))
def test_research_pages_have_no_serious_accessibility_violations(page, base_url, name, path):
    page.goto(base_url + path)
    assert page.locator("h1").count() == 1
    screenshot(page, name)
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_chart_has_its_picture_table_and_words(page, base_url):
    page.goto(base_url + "/research/")
    chart = page.locator("figure.evidence-chart").first
    assert chart.locator("svg[role=img] title").text_content() == "Reduction in service users using each type of abuse"
    assert chart.locator("table caption").text_content().startswith("Data for")
    assert chart.locator("tbody tr").count() == 4
    assert "physical abuse by 82%" in chart.locator(".evidence-chart__summary").text_content()


def test_filtering_publications_by_clicking(page, base_url):
    page.goto(base_url + "/research/publications/")
    assert "5 publications." in page.locator("[role=status]").first.text_content()
    page.get_by_role("link", name="Evaluation report (2").click()
    page.get_by_role("link", name="2017 (1").click()
    assert page.url.endswith("/research/publications/?type=evaluation&year=2017")
    assert "1 publication match your filters." in page.locator("[role=status]").first.text_content()
    page.get_by_role("link", name="Evaluation of the Drive Project: Year 1 feasibility study").click()
    assert page.locator("h1").text_content() == "Evaluation of the Drive Project: Year 1 feasibility study"
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="RIS citation for Evaluation of the Drive Project: Year 1 feasibility study"
        ).click()
    assert download.value.suggested_filename == "drive-evaluation-year-1-feasibility-study.ris"


def test_searching_from_the_header_and_narrowing_by_section(page, base_url):
    page.goto(base_url + "/research/")
    page.fill("#site-search-q", "housing")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=housing")
    assert page.locator("mark").count() > 0
    page.get_by_role("link", name="Research (").click()
    titles = page.locator(".search-results h3").all_text_contents()
    assert "Perpetrator housing" in titles
    assert 'aria-current="true">Research' in page.content()


def test_have_your_say_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "/research/child-victim-survivors/")
        page.get_by_role("link", name="Have your say about Child victim-survivors").click()
        page.get_by_role("button", name="Send").click()
        assert page.locator(".error-summary").count() == 1
        page.fill("#id_experience", "Children were not asked what they needed.")
        page.check("#id_consent")
        page.get_by_role("button", name="Send").click()
        assert page.locator("h1").text_content() == "Thank you for telling us"
    finally:
        context.close()
