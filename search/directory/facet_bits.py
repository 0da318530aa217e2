"""A bit for every facet token, so the database can filter and count facets with integer
arithmetic on ``ServicePoint.facet_mask``.

Append only: a token keeps its bit for ever and a new vocabulary code takes the next free bit
(at most 63), so stored masks never need rewriting when the vocabulary grows.
"""

from __future__ import annotations

TOKENS = (
    "type:drive", "type:behaviour-change-group", "type:behaviour-change-121", "type:early-intervention",
    "type:young-people", "type:helpline", "type:idva", "type:housing", "type:other",
    "refer:self", "refer:professional", "refer:panel",
    "risk:standard", "risk:medium", "risk:high",
    "deliver:in_person", "deliver:phone", "deliver:online",
    "lang:en", "lang:cy", "lang:pl", "lang:ur", "lang:pa", "lang:bn", "lang:ar", "lang:ro", "lang:pt",
    "lang:bfi",
    "flag:accredited", "flag:free",
)
BITS = {token: 1 << i for i, token in enumerate(TOKENS)}


def mask_of(facet_tokens: str) -> int:
    """The mask of a space-separated token list (tokens without a bit are left out)."""
    mask = 0
    for token in facet_tokens.split():
        mask |= BITS.get(token, 0)
    return mask


def mask_of_any(tokens) -> int:
    """The bits of a set of wanted tokens: a row meets the selection when ``mask & this``."""
    return mask_of(" ".join(tokens))
