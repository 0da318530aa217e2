"""Geometry of the 'milestones over time' bar chart, drawn as server-side SVG. No Django.

The template draws what this returns; the same numbers fill the data table beside the chart, so
the chart never says anything the table does not.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 40
MARGIN_BOTTOM = 30
MARGIN_TOP = 16
MARGIN_RIGHT = 8


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class BarChart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: int = MARGIN_LEFT

    @property
    def right(self) -> int:
        return self.width - MARGIN_RIGHT


def counts_by_year(dates: Iterable[datetime.date]) -> list[tuple[int, int]]:
    """(year, count) for every year from the first to the last date, gaps included."""
    counter = Counter(d.year for d in dates)
    if not counter:
        return []
    return [(year, counter.get(year, 0)) for year in range(min(counter), max(counter) + 1)]


def nice_ceiling(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5, 10, 20, 50 …)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(rows: list[tuple[object, int]]) -> BarChart:
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = nice_ceiling(max((v for _, v in rows), default=0))
    slot = plot_width / max(1, len(rows))
    bars = []
    for i, (label, value) in enumerate(rows):
        h = plot_height * value / top
        bars.append(Bar(str(label), value, MARGIN_LEFT + i * slot + slot * 0.15,
                        HEIGHT - MARGIN_BOTTOM - h, slot * 0.7, h))
    tick_values = sorted({0, top // 2, top}) if top >= 2 else [0, top]
    ticks = [Tick(v, HEIGHT - MARGIN_BOTTOM - plot_height * v / top) for v in tick_values]
    return BarChart(bars=bars, ticks=ticks)
