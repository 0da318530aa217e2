"""The directory's controlled vocabularies and its facets: one declaration per facet.

A ``Facet`` says everything the portal needs to know about one way of narrowing a directory
search: its name (the ``DirectoryQuery`` attribute and the results' key), its URL parameter and
legend on the search form, the ``Service`` field and CSV column that hold its codes, the token
prefix under which its codes are stored in ``Service.facet_tokens`` and the Elasticsearch
``facets`` field, its values with their labels and their bit in ``ServicePoint.facet_mask``, and
the Open Referral taxonomy it is published as. A ``Flag`` is a yes/no filter ("Free services
only") declared the same way. ``REGISTRY`` holds them; the search form, the query, the importer,
the facet bits, the search backends, the taxonomy and the templates all read it.

Adding a facet is one ``Facet`` in ``FACETS`` and a migration adding its ``MultiChoiceField``
to ``Service`` (``tests/search/directory/test_facet_registry.py`` adds one). Bits are append only: a value
keeps its bit for ever and a new value takes a free one (at most 62), so stored masks never need
rewriting when a vocabulary grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

MAX_BIT = 62  # ServicePoint.facet_mask is a signed 64-bit integer


@dataclass(frozen=True, slots=True)
class Value:
    code: str
    label: str
    bit: int


@dataclass(frozen=True)
class Facet:
    name: str  # DirectoryQuery attribute and results.facets key
    param: str  # URL parameter of the search form
    legend: str  # the search form's legend for its checkboxes
    field: str  # Service field (a MultiChoiceField) and the CSV column of the import and export
    prefix: str  # token prefix: "type" gives "type:drive"
    values: tuple[Value, ...]
    taxonomy: str = ""  # the Open Referral taxonomy it is published as ("" for none)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(value.code, value.label) for value in self.values]

    def token(self, code: str) -> str:
        return f"{self.prefix}:{code}"

    @property
    def token_prefix(self) -> str:
        return f"{self.prefix}:"

    def tokens(self, codes: Iterable[str]) -> list[str]:
        return [self.token(code) for code in codes]

    def bits(self) -> Iterator[tuple[str, int]]:
        for value in self.values:
            yield self.token(value.code), value.bit

    def labels(self, codes: Iterable[str]) -> list[str]:
        return labels(self.choices, codes)


@dataclass(frozen=True)
class Flag:
    name: str  # DirectoryQuery attribute and results.facets key
    param: str  # URL parameter: "1" turns it on
    label: str  # the checkbox's label
    field: str  # the Service boolean it reads
    token: str
    bit: int

    @property
    def token_prefix(self) -> str:
        return self.token  # a flag's only token

    def bits(self) -> Iterator[tuple[str, int]]:
        yield self.token, self.bit


def _values(*rows: tuple[str, str, int]) -> tuple[Value, ...]:
    return tuple(Value(code, label, bit) for code, label, bit in rows)


SERVICE_TYPE = Facet(
    name="service_type", param="type", legend="Type of service", field="service_types", prefix="type",
    taxonomy="Drive Partnership service types", values=_values(
        ("drive", "Drive high-harm case management", 0),
        ("behaviour-change-group", "Behaviour-change programme (group)", 1),
        ("behaviour-change-121", "Behaviour-change programme (one-to-one)", 2),
        ("early-intervention", "Early intervention", 3),
        ("young-people", "Young people who harm", 4),
        ("helpline", "Helpline or webchat", 5),
        ("idva", "Linked victim-survivor support (Idva)", 6),
        ("housing", "Housing support for perpetrators", 7),
        ("other", "Other", 8),
    ))
REFERRAL = Facet(
    name="referral", param="refer", legend="Who can refer", field="referral_routes", prefix="refer",
    taxonomy="Drive Partnership referral routes", values=_values(
        ("self", "Self-referral", 9),
        ("professional", "Professional referral", 10),
        ("panel", "Marac, MATAC or DAPP panel only", 11),
    ))
RISK = Facet(
    name="risk", param="risk", legend="Risk level", field="risk_levels", prefix="risk",
    taxonomy="Drive Partnership risk levels", values=_values(
        ("standard", "Standard risk", 12),
        ("medium", "Medium risk", 13),
        ("high", "High risk", 14),
    ))
DELIVERY = Facet(  # the codes are HSDS ``attending_type`` values
    name="delivery", param="delivery", legend="How it is delivered", field="attending_type", prefix="deliver",
    values=_values(
        ("in_person", "In person", 15),
        ("phone", "By phone", 16),
        ("online", "Online", 17),
    ))
LANGUAGE = Facet(
    name="language", param="lang", legend="Language", field="languages", prefix="lang", values=_values(
        ("en", "English", 18),
        ("cy", "Welsh", 19),
        ("pl", "Polish", 20),
        ("ur", "Urdu", 21),
        ("pa", "Punjabi", 22),
        ("bn", "Bengali", 23),
        ("ar", "Arabic", 24),
        ("ro", "Romanian", 25),
        ("pt", "Portuguese", 26),
        ("bfi", "British Sign Language", 27),
    ))
FACETS = (SERVICE_TYPE, REFERRAL, RISK, DELIVERY, LANGUAGE)

ACCREDITED = Flag(name="accredited", param="accredited", label="Respect accredited only",
                  field="respect_accredited", token="flag:accredited", bit=28)
FREE = Flag(name="free", param="free", label="Free services only", field="is_free", token="flag:free", bit=29)
FLAGS = (ACCREDITED, FREE)

# The vocabularies by name, for model field choices and demo data.
SERVICE_TYPES = SERVICE_TYPE.choices
REFERRAL_ROUTES = REFERRAL.choices
RISK_LEVELS = RISK.choices
ATTENDING_TYPES = DELIVERY.choices
LANGUAGES = LANGUAGE.choices

STATUSES = [
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("defunct", "Defunct"),
    ("temporarily closed", "Temporarily closed"),
]


class Registry:
    """The facets and flags in force. Everything derived from them is computed here, once."""

    def __init__(self, facets: Iterable[Facet], flags: Iterable[Flag]):
        self._set(tuple(facets), tuple(flags))

    def _set(self, facets: tuple[Facet, ...], flags: tuple[Flag, ...]) -> None:
        _check(facets, flags)
        self.facets, self.flags = facets, flags
        for name in ("bits", "prefixes", "by_name", "published"):
            self.__dict__.pop(name, None)

    @property
    def filters(self) -> tuple[Facet | Flag, ...]:
        """Every facet, then every flag: the order the search form shows them in."""
        return self.facets + self.flags

    @cached_property
    def by_name(self) -> dict[str, Facet | Flag]:
        return {f.name: f for f in self.filters}

    @cached_property
    def bits(self) -> dict[str, int]:
        """Token -> its bit's value in ``ServicePoint.facet_mask``."""
        return {token: 1 << bit for f in self.filters for token, bit in f.bits()}

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Facet or flag name -> the prefix every one of its tokens starts with."""
        return {f.name: f.token_prefix for f in self.filters}

    @cached_property
    def published(self) -> dict[str, Facet]:
        """Open Referral taxonomy name -> the facet published as it."""
        return {f.taxonomy: f for f in self.facets if f.taxonomy}

    @contextmanager
    def extended(self, *facets: Facet):
        """These facets in force as well, for as long as the block runs."""
        before = self.facets, self.flags
        self._set(self.facets + facets, self.flags)
        try:
            yield self
        finally:
            self._set(*before)


def _check(facets: tuple[Facet, ...], flags: tuple[Flag, ...]) -> None:
    """Names, parameters, prefixes and bits must not collide: a collision would mix two facets up."""
    everything = facets + flags
    for attribute in ("name", "param", "token_prefix"):
        seen = [getattr(f, attribute) for f in everything]
        if len(seen) != len(set(seen)):
            raise ValueError(f"two facets share a {attribute}: {seen}")
    bits = [bit for f in everything for _token, bit in f.bits()]
    if len(bits) != len(set(bits)) or not all(0 <= bit <= MAX_BIT for bit in bits):
        raise ValueError(f"facet bits must be distinct and between 0 and {MAX_BIT}: {sorted(bits)}")


REGISTRY = Registry(FACETS, FLAGS)


def label(vocabulary, code: str) -> str:
    return dict(vocabulary).get(code, code)


def labels(vocabulary, codes) -> list[str]:
    lookup = dict(vocabulary)
    return [lookup[c] for c in codes if c in lookup]
