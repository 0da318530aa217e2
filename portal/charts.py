"""The portal's one chart engine: bar charts drawn on the server as accessible SVG. No Django, no
JavaScript. Research evidence charts and the coalition's milestones per year both use it, with the
figure, words and data table of ``portal/includes/chart.html``.

A chart is a title, a list of data points and a unit. `render_bar_chart` returns SVG markup with
`role="img"`, a `<title>` and a `<desc>` (the text alternative), and every bar labelled with its
figure in text, so nothing depends on colour. Templates show the data table beside it from the
same `Chart`, so the picture, the words and the numbers cannot disagree.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

BAR_HEIGHT = 28
BAR_GAP = 14
LABEL_WIDTH = 260
PLOT_WIDTH = 340
VALUE_WIDTH = 120
TOP = 10
WIDTH = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH


@dataclass(frozen=True)
class DataPoint:
    label: str
    value: Decimal
    display: str = ""  # how readers see the value, e.g. "64% (9 of 14)"
    note: str = ""  # e.g. the sample size, shown in the table

    @property
    def shown(self) -> str:
        return self.display or format_value(self.value)


@dataclass
class Chart:
    title: str
    points: list[DataPoint] = field(default_factory=list)
    unit: str = "%"  # "%" or "" (a count)
    source: str = ""
    summary: str = ""  # the editor's own text alternative; generated when empty
    value_heading: str = "Value"
    label_heading: str = "Measure"

    @property
    def scale_max(self) -> Decimal:
        if self.unit == "%":
            return Decimal(100)
        top = max((p.value for p in self.points), default=Decimal(0))
        return top if top > 0 else Decimal(1)

    @property
    def text_alternative(self) -> str:
        if self.summary:
            return self.summary
        parts = "; ".join(f"{p.label}: {p.shown}" for p in self.points)
        text = f"{self.title}. {parts}." if parts else f"{self.title}. No data."
        if self.source:
            text += f" Source: {self.source}."
        return text


def counts_by_year(dates: Iterable[datetime.date]) -> list[tuple[int, int]]:
    """(year, count) for every year from the first to the last date, gaps included."""
    counter = Counter(d.year for d in dates)
    if not counter:
        return []
    return [(year, counter.get(year, 0)) for year in range(min(counter), max(counter) + 1)]


def format_value(value: Decimal, unit: str = "%") -> str:
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def to_decimal(value) -> Decimal | None:
    """A number from what an editor typed ("82%", "1,574", " 64.5 "), or None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(",", "").rstrip("%").strip()
    try:
        number = Decimal(text)
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def _bar_width(value: Decimal, scale_max: Decimal) -> int:
    if value <= 0:
        return 0
    ratio = min(value / scale_max, Decimal(1))
    return max(2, int(round(ratio * PLOT_WIDTH)))


def _wrap(label: str, limit: int = 34) -> list[str]:
    words, lines, line = label.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > limit and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines[:2] or [""]


def render_bar_chart(chart: Chart, chart_id: str) -> str:
    """SVG markup for a horizontal bar chart. `chart_id` makes the title/desc ids unique on a page."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    height = TOP * 2 + len(chart.points) * (BAR_HEIGHT + BAR_GAP)
    rows = []
    for index, point in enumerate(chart.points):
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        text_y = y + BAR_HEIGHT / 2
        lines = _wrap(point.label)
        if len(lines) == 1:
            label = f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" dy="0.35em" text-anchor="end">{escape(lines[0])}</text>'
        else:
            label = (
                f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end">'
                f'<tspan x="{LABEL_WIDTH - 8}" dy="-0.2em">{escape(lines[0])}</tspan>'
                f'<tspan x="{LABEL_WIDTH - 8}" dy="1.15em">{escape(lines[1])}</tspan></text>'
            )
        width = _bar_width(point.value, chart.scale_max)
        rows.append(
            f'<g class="evidence-chart__row">{label}'
            f'<rect class="evidence-chart__bar" x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}"></rect>'
            f'<text class="evidence-chart__value" x="{LABEL_WIDTH + width + 6}" y="{text_y}" dy="0.35em">'
            f"{escape(point.shown)}</text></g>"
        )
    axis = (
        f'<line class="evidence-chart__axis" x1="{LABEL_WIDTH}" y1="{TOP - 4}" '
        f'x2="{LABEL_WIDTH}" y2="{height - TOP + 4}"></line>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="evidence-chart__svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(chart.text_alternative)}</desc>'
        f"{axis}{''.join(rows)}</svg>"
    )
