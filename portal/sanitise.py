"""The one HTML policy for anything a non-editor writes (applications, reports, feedback).

Editors' rich text goes through Wagtail's own whitelist; everything else comes here.

Plain text (``sanitise_text``) is characters, never markup. It holds no tags, comments or
character references: references are decoded (``&amp;`` becomes ``&``, ``&#60;`` becomes ``<``;
only complete ones, ending in ``;``, so "Fish &nothing" stays as written), then tags are
removed, and both repeat until nothing changes, so no encoding, however deep, decodes into a tag
later.
A ``<`` stays when HTML would read it as text ("age < 18", "<3", "a <= b"); one directly before a
letter, ``/``, ``!`` or ``?`` is the start of a tag, and what survives of it gets a space after
the ``<`` ("a<b" becomes "a< b"). The result is safe served raw (the JSON API, CSV exports) and
is escaped once more by templates.
"""

import html
import re

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


# Decoding and stripping repeat until the text stops changing; every pass that changes it makes it
# shorter, and real text settles in one or two. Whatever a pathological input still holds after
# this many passes is made tag-free by ``_TAG_START`` all the same.
_MAX_PASSES = 25
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode(text: str) -> str:
    return _REFERENCE.sub(lambda match: html.unescape(match.group()), text)


def _strip_tags(text: str) -> str:
    # bleach hands back escaped text; templates escape again on output, so keep characters.
    return html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True))


def sanitise_text(value: str | None) -> str:
    """Return plain text (see the module's description): decoded, then every tag removed, for
    fields shown as text, never as HTML."""
    if not value:
        return ""
    text = str(value)
    for _ in range(_MAX_PASSES):
        cleaned = _strip_tags(_decode(text))
        if cleaned == text:
            break
        text = cleaned
    return _TAG_START.sub("< ", text).strip()


def without_markup(value: str) -> str:
    """Stored text about to be served raw (JSON, CSV), whoever wrote it (an editor's field, a row
    stored before this rule): unchanged when it holds neither ``<`` nor ``&`` (it cannot hold
    markup or a reference), otherwise ``sanitise_text``."""
    if "<" not in value and "&" not in value:
        return value
    return sanitise_text(value)


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


def sanitise_single_line(value: str | None) -> str:
    """Plain text for a single-line field (a name, a title, anything that may reach an email
    header): refused, as a field error, when the text as typed or once decoded (``&#10;``) holds
    a control character."""
    validate_single_line(value)
    text = sanitise_text(value)
    validate_single_line(text)
    return text


def one_line(value: str) -> str:
    """Text about to become an email header: every control character becomes a space."""
    value = str(value)
    text = "".join(" " if char in _CONTROL_CHARACTERS else char for char in value)
    return re.sub(" {2,}", " ", text).strip() if text != value else value
