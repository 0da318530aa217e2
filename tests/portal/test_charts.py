"""Charts are drawn on the server as SVG with a title, a text alternative and every figure in text."""

from decimal import Decimal
from xml.etree import ElementTree

from portal.charts import Chart, DataPoint, format_value, render_bar_chart, to_decimal

SVG = "{http://www.w3.org/2000/svg}"


def abuse_chart(**kwargs):
    return Chart(
        title="Reduction in service users using each type of abuse",
        points=[
            DataPoint("Physical abuse", Decimal("82")),
            DataPoint("Sexual abuse", Decimal("88")),
            DataPoint("Harassment and stalking", Decimal("75")),
            DataPoint("Jealous and controlling behaviours", Decimal("73")),
        ],
        source="University of Bristol evaluation",
        **kwargs,
    )


def test_svg_is_an_image_with_title_and_description():
    svg = ElementTree.fromstring(render_bar_chart(abuse_chart(), "c1"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Reduction in service users using each type of abuse"
    desc = svg.find(f"{SVG}desc").text
    assert "Physical abuse: 82%" in desc and "Jealous and controlling behaviours: 73%" in desc
    assert "Source: University of Bristol evaluation." in desc


def test_each_bar_has_its_figure_in_text_and_width_in_proportion():
    svg = ElementTree.fromstring(render_bar_chart(abuse_chart(), "c1"))
    bars = svg.findall(f".//{SVG}rect")
    widths = [int(bar.get("width")) for bar in bars]
    assert len(bars) == 4
    assert widths[1] > widths[0] > widths[2] > widths[3]  # 88 > 82 > 75 > 73
    texts = "".join(svg.itertext())
    for figure in ("82%", "88%", "75%", "73%"):
        assert figure in texts


def test_percentages_are_drawn_on_a_0_to_100_scale():
    chart = Chart(title="t", points=[DataPoint("a", Decimal("50")), DataPoint("b", Decimal("100"))])
    svg = ElementTree.fromstring(render_bar_chart(chart, "c"))
    a, b = (int(r.get("width")) for r in svg.findall(f".//{SVG}rect"))
    assert b == 2 * a


def test_labels_and_titles_are_escaped():
    chart = Chart(title="<script>alert(1)</script>", points=[DataPoint("A & <b>", Decimal("5"), "5% & more")])
    markup = render_bar_chart(chart, "x")
    assert "<script>" not in markup and "<b>" not in markup
    ElementTree.fromstring(markup)  # still well-formed


def test_editor_summary_replaces_the_generated_text():
    chart = abuse_chart(summary="Every type of abuse fell.")
    assert chart.text_alternative == "Every type of abuse fell."


def test_display_text_is_used_for_counts():
    point = DataPoint("With direct contact", Decimal("64"), "64% (9 of 14)")
    assert point.shown == "64% (9 of 14)"


def test_number_parsing_and_formatting():
    assert to_decimal("82%") == Decimal("82")
    assert to_decimal(" 1,574 ") == Decimal("1574")
    assert to_decimal("nearly 3 times") is None
    assert to_decimal("NaN") is None
    assert format_value(Decimal("78.90")) == "78.9%"
    assert format_value(Decimal("82.00")) == "82%"
    assert format_value(Decimal("1574"), "") == "1574"


def test_empty_chart_still_renders():
    svg = ElementTree.fromstring(render_bar_chart(Chart(title="Nothing yet"), "e"))
    assert svg.find(f"{SVG}desc").text == "Nothing yet. No data."
