"""The research pages: hierarchy, content from the seed facts, key findings, charts and citations."""

import io
from decimal import Decimal

import bibtexparser
import pytest
import rispy
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from portal.models import HomePage
from research.blocks import EvidenceChartBlock
from research.demo import load_research_demo
from research.models import KeyFinding, PriorityGapPage, PublicationPage, ResearchIndexPage

pytestmark = pytest.mark.django_db

GAP_SLUGS = ["child-victim-survivors", "racialised-communities", "lgbt-communities", "perpetrator-housing"]
YEAR1 = "/research/drive-evaluation-year-1-feasibility-study/"
FINAL = "/research/drive-evaluation-final-report/"


def test_page_hierarchy_rules():
    assert ResearchIndexPage.allowed_parent_page_models() == [HomePage]
    assert set(ResearchIndexPage.allowed_subpage_models()) == {PriorityGapPage, PublicationPage}
    assert PriorityGapPage.allowed_parent_page_models() == [ResearchIndexPage]
    assert PublicationPage.allowed_parent_page_models() == [ResearchIndexPage]
    assert not PriorityGapPage.allowed_subpage_models()
    assert not PublicationPage.allowed_subpage_models()


def test_index_lists_the_four_gaps_in_order(client, index):
    assert [g.slug for g in index.gaps()] == GAP_SLUGS
    html = client.get("/research/").content.decode()
    for title in ("Child victim-survivors", "Racialised communities", "LGBT communities", "Perpetrator housing"):
        assert title in html
    assert "/research/publications/" in html


def test_key_findings_match_the_seed_facts(research_site):
    def finding(key):
        return KeyFinding.objects.get(key=key)

    # Final evaluation, as quoted by Drive.
    assert finding("final-victims-physical-violence").statistic == "nearly 3 times"
    assert finding("final-victims-physical-violence").comparison_group == "A control group"
    for key, figure in [
        ("final-reduction-physical-abuse", "82%"),
        ("final-reduction-sexual-abuse", "88%"),
        ("final-reduction-harassment-stalking", "75%"),
        ("final-reduction-jealous-controlling", "73%"),
        ("final-idva-reduced-risk", "82%"),
    ]:
        assert finding(key).statistic == figure
        assert finding(key).source_publication.slug == "drive-evaluation-final-report"
    # Year-1 feasibility study, with sample sizes.
    expected = {
        "y1-direct-contact": ("40%", 19, 48),
        "y1-risk-reduced-direct-contact": ("64%", 9, 14),
        "y1-risk-reduced-no-direct-contact": ("36%", 5, 13),
        "y1-case-manager-risk-reduced": ("50%", 14, 28),
        "y1-idva-risk-reduced": ("78.9%", 15, 19),
        "y1-idva-risk-reduced-control": ("72.8%", 161, 221),
    }
    for key, (statistic, numerator, sample) in expected.items():
        item = finding(key)
        assert (item.statistic, item.numerator, item.sample_size) == (statistic, numerator, sample)
        assert item.source_publication.slug == "drive-evaluation-year-1-feasibility-study"
        if key != "y1-risk-reduced-no-direct-contact":
            # The published percentage agrees with its own counts (to the nearest whole number or better).
            assert abs(item.percentage_check - Decimal(statistic.rstrip("%"))) < Decimal("0.6")
    # As published, 36% and "5 of 13" (38.5%) disagree: the page says so rather than correcting either.
    assert "does not equal 5 of 13 (38.5%)" in finding("y1-risk-reduced-no-direct-contact").caveats
    assert finding("y1-idva-risk-reduced").comparison_group == "Control group: 72.8% (161 of 221)"
    assert finding("y1-risk-reduced-direct-contact").caveats == "Small numbers; treat with caution."
    assert finding("y1-cases-allocated").statistic == "198"
    assert "1,574" in finding("y1-cases-allocated").comparison_group
    physical = finding("y1-physical-abuse-exit")
    assert physical.statistic == "65.7%" and "82.9% (29)" in physical.measures
    assert "23" in physical.sample_description


def test_finding_shows_sample_comparison_source_and_caveats(client, research_site):
    html = client.get("/research/").content.decode()
    assert "78.9%" in html and "15 of 19" in html
    assert "Control group: 72.8% (161 of 221)" in html
    assert "Small numbers; treat with caution." in html
    assert 'href="/research/drive-evaluation-year-1-feasibility-study/"' in html


def test_chart_renders_svg_with_title_table_and_text_alternative(client, research_site):
    html = client.get("/research/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="evidence-chart__svg" role="img"' in html
    assert "<title id=" in html and "Reduction in service users using each type of abuse</title>" in html
    assert "<caption>Data for “Reduction in service users using each type of abuse”</caption>" in html
    assert "<th scope=\"row\">Physical abuse</th><td>82%</td>" in html
    assert "<th scope=\"row\">With direct contact</th><td>64% (9 of 14)</td>" in html
    assert "<th scope=\"row\">Without direct contact</th><td>36% (5 of 13)</td>" in html


def test_housing_gap_has_table_fed_chart_and_its_finding(client, research_site):
    html = client.get("/research/perpetrator-housing/").content.decode()
    assert "Complex needs among closed Drive cases in Year 1" in html
    assert "<th scope=\"row\">Housing</th><td>68%</td>" in html
    assert "of closed cases had housing needs" in html
    assert "/research/perpetrator-housing/have-your-say/" in html


def test_gap_page_lists_related_publications(client, research_site):
    html = client.get("/research/child-victim-survivors/").content.decode()
    assert "4,841" in html
    assert "Evaluation of the Drive Project: final report" in html
    assert "/research/publications/?gap=child-victim-survivors" in html


def test_publication_page_shows_details_and_citation_links(client, research_site):
    html = client.get(YEAR1).content.decode()
    assert "Evaluation report" in html and "University of Bristol" in html
    assert '<time datetime="2017">2017</time>' in html
    assert f'href="{YEAR1}cite/ris/"' in html and f'href="{YEAR1}cite/bibtex/"' in html
    for fact in ("198", "48", "1,574", "62 victim-survivors", "379", "34 practitioners"):
        assert fact in html


def test_citation_downloads_parse(client, research_site):
    response = client.get(YEAR1 + "cite/ris/")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert "attachment" in response["Content-Disposition"]
    [record] = rispy.loads(response.content.decode())
    assert record["title"] == "Evaluation of the Drive Project: Year 1 feasibility study"
    assert record["year"] == "2017"
    assert any(url.endswith(YEAR1) for url in record["urls"])
    bib = client.get(FINAL + "cite/bibtex/")
    library = bibtexparser.parse_string(bib.content.decode())
    assert not library.failed_blocks and len(library.entries) == 1
    assert library.entries[0].fields_dict["institution"].value == "University of Bristol"


def test_citation_for_a_missing_route_is_404(client, research_site):
    assert client.get(YEAR1 + "cite/endnote/").status_code == 404


def test_doi_is_normalised_and_validated(index):
    page = PublicationPage(title="t", slug="t", organisations="Org", publication_type="briefing",
                           doi="https://doi.org/10.1234/abc.def")
    page.clean()
    assert page.doi == "10.1234/abc.def"
    assert page.link == "https://doi.org/10.1234/abc.def"
    page.doi = "not a doi"
    with pytest.raises(ValidationError):
        page.clean()


def test_key_finding_counts_cannot_exceed_sample():
    finding = KeyFinding(key="k", statistic="50%", measures="m", numerator=20, sample_size=10)
    with pytest.raises(ValidationError):
        finding.clean()


def test_chart_block_needs_findings_or_rows_but_not_both(research_site):
    block = EvidenceChartBlock()
    finding = KeyFinding.objects.get(key="final-reduction-physical-abuse")
    row = {"label": "Housing", "value": Decimal("68"), "display": "", "note": ""}
    for findings, rows in (([], []), ([finding], [row])):
        value = block.to_python({"title": "t", "unit": "%", "findings": [], "rows": []})
        value["findings"] = findings
        value["rows"] = rows
        with pytest.raises(StructBlockValidationError):
            block.clean(value)
    no_value = KeyFinding.objects.get(key="final-victims-physical-violence")
    value = block.to_python({"title": "t", "unit": "%", "findings": [no_value.pk], "rows": []})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_demo_loader_is_idempotent(research_site):
    counts = (ResearchIndexPage.objects.count(), PriorityGapPage.objects.count(),
              PublicationPage.objects.count(), KeyFinding.objects.count())
    revisions = sorted(PublicationPage.objects.values_list("latest_revision_id", flat=True))
    summary = load_research_demo({"home": research_site}, io.StringIO())
    assert "0 new publications, 0 new key findings" in summary
    assert counts == (1, 4, 5, 16)
    assert (ResearchIndexPage.objects.count(), PriorityGapPage.objects.count(),
            PublicationPage.objects.count(), KeyFinding.objects.count()) == counts
    assert sorted(PublicationPage.objects.values_list("latest_revision_id", flat=True)) == revisions


def test_research_loader_is_registered_with_the_demo_command():
    from portal.demo import registry

    assert "research" in registry._loaders
