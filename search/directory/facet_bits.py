"""A bit for every facet token, so the database can filter and count facets with integer
arithmetic on ``ServicePoint.facet_mask``. Each value's bit is declared with its facet
(``search.directory.facets``), append only, so stored masks never need rewriting."""

from __future__ import annotations

from search.directory.facets import REGISTRY


def mask_of(facet_tokens: str) -> int:
    """The mask of a space-separated token list (tokens without a bit are left out)."""
    bits = REGISTRY.bits
    mask = 0
    for token in facet_tokens.split():
        mask |= bits.get(token, 0)
    return mask


def mask_of_any(tokens) -> int:
    """The bits of a set of wanted tokens: a row meets the selection when ``mask & this``."""
    return mask_of(" ".join(tokens))
