"""The one HTML policy for anything a non-editor writes (applications, reports, feedback).

Editors' rich text goes through Wagtail's own whitelist; everything else comes here.
"""

import html

import bleach
from django.core.exceptions import ValidationError

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote", "h2", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"https", "http", "mailto", "tel"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def _harden_links(attrs, new=False):
    """Outbound links never leak the page they came from and never open a window we control."""
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


_linkifier = bleach.Linker(callbacks=[_harden_links], skip_tags={"pre", "code"}, parse_email=False)


def sanitise_html(value: str | None) -> str:
    """Return safe HTML: unknown tags stripped, scripts and handlers removed, links hardened."""
    if not value:
        return ""
    cleaned = _cleaner.clean(str(value))
    return _linkifier.linkify(cleaned)


def sanitise_text(value: str | None) -> str:
    """Return plain text with every tag removed (for fields shown as text, never as HTML)."""
    if not value:
        return ""
    stripped = bleach.clean(str(value), tags=set(), attributes={}, strip=True, strip_comments=True)
    # Templates escape text again on output, so hand back the characters, not entities.
    return html.unescape(stripped).strip()


# Characters that must never reach a single-line field: C0/C1 controls (CR and LF included, which
# would let text reach an email header), DEL, and the Unicode line and paragraph separators.
_CONTROL_CHARACTERS = frozenset(
    [chr(c) for c in range(0x00, 0x20)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u2028", "\u2029"]
)


def control_characters_in(value: str | None) -> list[str]:
    """The distinct control characters in a single-line value, as readable names (e.g. 'line feed')."""
    if not value:
        return []
    names = {"\n": "line feed", "\r": "carriage return", "\t": "tab", "\x00": "null"}
    found = []
    for char in dict.fromkeys(value):
        if char in _CONTROL_CHARACTERS:
            found.append(names.get(char, f"U+{ord(char):04X}"))
    return found


def validate_single_line(value: str | None) -> None:
    """Django validator for single-line fields (names, subjects, titles): no control characters."""
    found = control_characters_in(value)
    if found:
        raise ValidationError(
            "Enter this on one line, without %(chars)s.",
            code="control_characters",
            params={"chars": ", ".join(found)},
        )
