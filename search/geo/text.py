"""Text helpers: recognising and normalising UK postcodes, outcodes and town names."""

from __future__ import annotations

import re
import unicodedata

# Outward code (area letters, district digit, optional digit/letter) + inward code.
_OUTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_POSTCODE_RE = re.compile(rf"^({_OUTCODE})([0-9][A-Z]{{2}})$|^(GIR)(0AA)$")
_OUTCODE_RE = re.compile(rf"^{_OUTCODE}$")
# A postcode already in canonical form: one space, upper case.
CANONICAL_POSTCODE_RE = re.compile(rf"^{_OUTCODE} [0-9][A-Z]{{2}}$|^GIR 0AA$")
_AREA_RE = re.compile(r"^[A-Z]+")
_SPACE_RE = re.compile(r"\s+")
# Letters (any script), spaces and the punctuation found in place names; no digits.
_TOWN_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[\s'\u2019.,&()!-])*$")


def _compact(text: str) -> str:
    return _SPACE_RE.sub("", text).upper()


def normalise_postcode(text: str) -> str | None:
    """Return ``text`` as a canonical full postcode ("CF10 1EP"), or None if it is not one."""
    match = _POSTCODE_RE.match(_compact(text)) if isinstance(text, str) else None
    if not match:
        return None
    outward, inward = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
    return f"{outward} {inward}"


def is_postcode(text: str) -> bool:
    """True if ``text`` is a well-formed full postcode (any spacing or case)."""
    return normalise_postcode(text) is not None


def is_outcode(text: str) -> bool:
    """True if ``text`` is a well-formed outward code such as "CF10" or "EC1A"."""
    return isinstance(text, str) and bool(_OUTCODE_RE.match(_compact(text)))


def outcode_of(text: str) -> str | None:
    """Outward code of a full postcode or outcode ("cf10 1ep" -> "CF10"), else None."""
    postcode = normalise_postcode(text)
    if postcode:
        return postcode.split(" ")[0]
    return _compact(text) if is_outcode(text) else None


def area_of(outcode: str) -> str:
    """Postcode area (leading letters) of an outcode: "CF10" -> "CF"."""
    match = _AREA_RE.match(outcode)
    return match.group(0) if match else ""


def looks_like_town(text: str) -> bool:
    """True if ``text`` could be a place name: letters and name punctuation, no digits."""
    return isinstance(text, str) and len(text) <= 80 and bool(_TOWN_RE.match(text.strip()))


def town_key(name: str) -> str:
    """Matching key for a place name: case, accents, apostrophes and punctuation ignored.

    "King's Lynn", "kings lynn" and "KINGS-LYNN" all give "kings lynn".
    """
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"['\u2019`]", "", folded)
    folded = re.sub(r"[^\w]+|_", " ", folded)
    return _SPACE_RE.sub(" ", folded).strip()
