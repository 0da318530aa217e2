"""How far each ask of the Call to Action has got: plain functions, no Django.

Every status carries a default percentage; editors may override it for a single ask. An ask with
sub-asks takes the weighted average of its sub-asks' progress (as accountability tools such as
Decidim do), so an override on a parent is ignored while it has sub-asks.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
PARTLY_ACHIEVED = "partly_achieved"
ACHIEVED = "achieved"
STALLED = "stalled"

STATUS_CHOICES = [
    (NOT_STARTED, "Not started"),
    (IN_PROGRESS, "In progress"),
    (PARTLY_ACHIEVED, "Partly achieved"),
    (ACHIEVED, "Achieved"),
    (STALLED, "Stalled"),
]
STATUS_LABELS = dict(STATUS_CHOICES)

DEFAULT_PROGRESS = {
    NOT_STARTED: 0,
    STALLED: 20,
    IN_PROGRESS: 40,
    PARTLY_ACHIEVED: 70,
    ACHIEVED: 100,
}


@dataclass
class AskNode:
    status: str
    override: int | None = None
    weight: int = 1
    children: list["AskNode"] = field(default_factory=list)


def default_progress(status: str) -> int:
    try:
        return DEFAULT_PROGRESS[status]
    except KeyError:
        raise ValueError(f"unknown status {status!r}") from None


def clamp_percent(value: float) -> float:
    return max(0.0, min(100.0, float(value)))


def weighted_average(pairs: Iterable[tuple[float, int]]) -> float:
    """Average of (value, weight) pairs; if every weight is zero, the plain average."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    total_weight = sum(max(0, w) for _, w in pairs)
    if total_weight == 0:
        return sum(v for v, _ in pairs) / len(pairs)
    return sum(v * max(0, w) for v, w in pairs) / total_weight


def ask_progress(node: AskNode) -> float:
    """Progress of one ask, 0–100."""
    if node.children:
        return clamp_percent(weighted_average((ask_progress(child), child.weight) for child in node.children))
    if node.override is not None:
        return clamp_percent(node.override)
    return float(default_progress(node.status))


def overall_progress(nodes: Sequence[AskNode]) -> float:
    """Progress of the whole Call to Action: the weighted average of its top-level asks."""
    return clamp_percent(weighted_average((ask_progress(n), n.weight) for n in nodes)) if nodes else 0.0


@dataclass
class Summary:
    total: int
    counts: dict[str, int]
    overall: float

    @property
    def achieved(self) -> int:
        return self.counts.get(ACHIEVED, 0)

    @property
    def under_way(self) -> int:
        return self.counts.get(IN_PROGRESS, 0) + self.counts.get(PARTLY_ACHIEVED, 0)

    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(code, 0)) for code, label in STATUS_CHOICES]


def summarise(nodes: Sequence[AskNode]) -> Summary:
    counts = Counter(n.status for n in nodes)
    return Summary(total=len(nodes), counts=dict(counts), overall=overall_progress(nodes))
