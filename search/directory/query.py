"""What a directory search asks for, and what it answers. Plain data, shared by both backends."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from search.directory.facets import REGISTRY

DISTANCES = [("1", "Within 1 mile"), ("5", "Within 5 miles"), ("10", "Within 10 miles"),
             ("25", "Within 25 miles"), ("50", "Within 50 miles"),
             ("area", "Only services that cover my area")]
DEFAULT_DISTANCE = "25"
PER_PAGE = 10
MAX_PAGE = 500


class DirectoryQuery:
    """A directory search: where, what words, how far, which page, and the codes chosen for each
    facet and flag in ``search.directory.facets.REGISTRY`` (one attribute each, named as the facet:
    ``query.service_type`` is a list of codes, ``query.free`` a bool)."""

    def __init__(self, location: str = "", keywords: str = "", distance: str = DEFAULT_DISTANCE, page: int = 1,
                 per_page: int = PER_PAGE, **chosen):
        self.location, self.keywords, self.distance = location, keywords, distance
        self.page, self.per_page = page, per_page
        for facet in REGISTRY.facets:
            setattr(self, facet.name, list(chosen.pop(facet.name, None) or ()))
        for flag in REGISTRY.flags:
            setattr(self, flag.name, bool(chosen.pop(flag.name, False)))
        if chosen:
            raise TypeError(f"DirectoryQuery has no facet named {', '.join(sorted(chosen))}")

    def __eq__(self, other):
        return isinstance(other, DirectoryQuery) and vars(self) == vars(other)

    def __repr__(self):
        chosen = ", ".join(f"{key}={value!r}" for key, value in vars(self).items() if value)
        return f"DirectoryQuery({chosen})"

    @property
    def radius_miles(self) -> float | None:
        """None means "only services that cover my area"."""
        return None if self.distance == "area" else float(self.distance)

    def selected_tokens(self) -> dict[str, set[str]]:
        """Facet name -> the tokens chosen for it (a service needs any one of them)."""
        selected = {}
        for facet in REGISTRY.facets:
            codes = getattr(self, facet.name)
            if codes:
                selected[facet.name] = set(facet.tokens(codes))
        for flag in REGISTRY.flags:
            if getattr(self, flag.name):
                selected[flag.name] = {flag.token}
        return selected

    def selected_count(self) -> int:
        """How many filter values are chosen (each code and each flag turned on counts one)."""
        return sum(len(tokens) for tokens in self.selected_tokens().values())


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    service: Any  # a search.models.Service
    distance_miles: float | None = None
    covers_area: bool = False


@dataclass
class Results:
    query: DirectoryQuery
    place: Any = None  # search.geo.Place
    place_error: str = ""
    place_unavailable: bool = False  # the place lookup itself could not answer (its file is missing)
    hits: list[Hit] = field(default_factory=list)  # this page of local services
    total: int = 0  # local services matching
    national: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    corrections: tuple = ()
    backend: str = "database"
    fell_back: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def page(self) -> int:
        return min(self.query.page, self.num_pages)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.query.per_page + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.total, self.page * self.query.per_page)

    def ids(self) -> list:
        return [h.service.pk for h in self.hits]

    def national_ids(self) -> list:
        return [h.service.pk for h in self.national]


def facet_values(counts: dict[str, dict[str, int]], query: DirectoryQuery) -> dict[str, list[FacetValue]]:
    """Turn per-token counts into labelled facet values, in vocabulary order. A facet lists the
    values some result has or the searcher chose; a flag always has its one value."""
    facets: dict[str, list[FacetValue]] = {}
    for facet in REGISTRY.facets:
        chosen = set(getattr(query, facet.name))
        found = counts.get(facet.name, {})
        values = [FacetValue(value.code, value.label, found.get(facet.token(value.code), 0), value.code in chosen)
                  for value in facet.values]
        facets[facet.name] = [fv for fv in values if fv.count or fv.selected]
    for flag in REGISTRY.flags:
        facets[flag.name] = [FacetValue("1", flag.label, counts.get(flag.name, {}).get(flag.token, 0),
                                        getattr(query, flag.name))]
    return facets


def _facet_of(token: str) -> str | None:
    for name, prefix in REGISTRY.prefixes.items():
        if token.startswith(prefix):
            return name
    return None


def count_facets(rows, selected: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    """Disjunctive counts over ``rows`` (each a set of facet tokens).

    A facet's counts apply every *other* facet's selection, so choosing "Self-referral" does not
    hide the count for "Professional referral". Rows that pass every selection count in full
    (one C-speed Counter update); rows failing exactly one facet count only for that facet.
    """
    passing = []
    partial: Counter = Counter()
    for tokens in rows:
        failing = None
        for name, wanted in selected.items():
            if not (tokens & wanted):
                if failing is not None:
                    break
                failing = name
        else:
            if failing is None:
                passing.append(tokens)
            else:
                prefix = REGISTRY.prefixes[failing]
                partial.update(t for t in tokens if t.startswith(prefix))
    total = Counter(chain.from_iterable(passing))
    total.update(partial)
    counts: dict[str, dict[str, int]] = {name: {} for name in REGISTRY.prefixes}
    for token, n in total.items():
        name = _facet_of(token)
        if name is not None:
            counts[name][token] = n
    return counts


def passes(tokens: set[str], selected: dict[str, set[str]]) -> bool:
    return all(tokens & wanted for wanted in selected.values())
