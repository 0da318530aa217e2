"""Research blocks: a key finding, and an evidence chart fed by key findings or a small table."""

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import BodyBlock
from portal.charts import Chart, DataPoint, format_value, render_bar_chart, to_decimal


class KeyFindingBlock(blocks.StructBlock):
    finding = SnippetChooserBlock("research.KeyFinding")

    class Meta:
        icon = "success"
        template = "research/blocks/key_finding.html"
        description = "A key finding with its sample size, comparison group, source and caveats"


class ChartRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, help_text='What the bar shows, e.g. "Physical abuse".')
    value = blocks.DecimalBlock(decimal_places=2, max_digits=12, min_value=0)
    display = blocks.CharBlock(
        max_length=40, required=False, help_text='How readers see it, e.g. "64% (9 of 14)". Defaults to the value.'
    )
    note = blocks.CharBlock(max_length=120, required=False, help_text='e.g. the sample size: "n = 14".')

    class Meta:
        icon = "list-ul"


class EvidenceChartBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160, help_text="Says what the chart shows; read out first by screen readers.")
    unit = blocks.ChoiceBlock(
        choices=[("%", "Percentages (0–100)"), ("", "Counts")], default="%", required=False
    )
    # Both lists start empty (Wagtail would otherwise add one blank, required item to each), so a
    # chart from findings alone, or from the table alone, can be published as it stands.
    findings = blocks.ListBlock(
        SnippetChooserBlock("research.KeyFinding"),
        required=False,
        default=[],
        help_text="Chart these key findings (each needs a chart value), or fill in the table below instead.",
    )
    rows = blocks.ListBlock(ChartRowBlock(), required=False, max_num=12, default=[],
                            help_text="A small table of values.")
    source = blocks.CharBlock(max_length=255, required=False)
    summary = blocks.TextBlock(
        required=False,
        help_text="A sentence or two saying what the chart shows, for people who cannot see it. "
        "Leave empty to list every value.",
    )

    class Meta:
        icon = "table"
        template = "portal/includes/chart.html"
        description = "A bar chart drawn from key findings or a small table, with its data table"
        preview_value = {
            "title": "Reduction in service users using each type of abuse",
            "unit": "%",
            "rows": [
                {"label": "Physical abuse", "value": "82", "display": "", "note": ""},
                {"label": "Sexual abuse", "value": "88", "display": "", "note": ""},
            ],
            "source": "University of Bristol evaluation",
        }

    def clean(self, value):
        value = super().clean(value)
        findings = [f for f in value.get("findings") or [] if f]
        rows = list(value.get("rows") or [])
        if bool(findings) == bool(rows):
            raise StructBlockValidationError(
                block_errors={"findings": ValidationError("Choose key findings or fill in the table, not both.")}
            )
        missing = [str(f) for f in findings if f.chart_value is None]
        if missing:
            raise StructBlockValidationError(
                block_errors={
                    "findings": ValidationError("These findings have no chart value: " + "; ".join(missing))
                }
            )
        return value

    @staticmethod
    def build_chart(value) -> Chart:
        unit = value.get("unit") or ""
        points = []
        for finding in value.get("findings") or []:
            if finding is None or finding.chart_value is None:
                continue
            points.append(
                DataPoint(
                    label=finding.chart_label or finding.statistic,
                    value=finding.chart_value,
                    display=finding.statistic_with_counts,
                    note=finding.sample_text,
                )
            )
        for row in value.get("rows") or []:
            number = to_decimal(row["value"]) or Decimal(0)
            points.append(
                DataPoint(
                    label=row["label"],
                    value=number,
                    display=row.get("display") or format_value(number, unit),
                    note=row.get("note") or "",
                )
            )
        source = value.get("source") or ""
        if not source:
            sources = {f.source_name for f in value.get("findings") or [] if f is not None and f.source_name}
            source = "; ".join(sorted(sources))
        return Chart(
            title=value["title"], points=points, unit=unit, source=source, summary=value.get("summary") or ""
        )

    def get_searchable_content(self, value):
        # What a reader sees in words: not the unit choice or raw numbers.
        return [text for text in (value.get("title"), value.get("summary"), value.get("source")) if text]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        chart = self.build_chart(value)
        digest = hashlib.sha1(repr((chart.title, chart.points)).encode()).hexdigest()[:8]
        context["chart"] = chart
        context["chart_id"] = f"chart-{digest}"
        context["svg"] = render_bar_chart(chart, f"chart-{digest}")
        context["has_notes"] = any(p.note for p in chart.points)
        return context


class ResearchBodyBlock(BodyBlock):
    """The shared stream plus key findings and evidence charts."""

    key_finding = KeyFindingBlock()
    evidence_chart = EvidenceChartBlock()
