"""The one HTML policy for anything a non-editor writes (applications, reports, feedback).

Editors' rich text goes through Wagtail's own whitelist; everything else comes here.
"""

import html

import bleach

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
