"""Anything a non-editor writes is cleaned by one policy before it is stored or shown."""

import re

import pytest

from portal.sanitise import sanitise_html, sanitise_text, without_markup


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>Hello",
        '<img src=x onerror="alert(1)">Hello',
        '<a href="javascript:alert(1)">Hello</a>',
        '<a href="JaVaScRiPt:alert(1)">Hello</a>',
        '<p onclick="steal()">Hello</p>',
        "<svg><script>alert(1)</script></svg>Hello",
        '<iframe src="https://evil.example"></iframe>Hello',
        "<style>body{display:none}</style>Hello",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">Hello</a>',
    ],
)
def test_dangerous_markup_is_removed(dirty):
    clean = sanitise_html(dirty)
    lowered = clean.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "data:text", "<svg"):
        assert bad not in lowered
    assert "Hello" in clean


def test_safe_formatting_and_links_survive_with_hardened_rel():
    clean = sanitise_html('<p>See <a href="https://example.org/page">this</a> <strong>now</strong></p>')
    assert '<a href="https://example.org/page" rel="nofollow noopener noreferrer">this</a>' in clean
    assert "<strong>now</strong>" in clean


def test_malformed_markup_is_closed_and_comments_dropped():
    clean = sanitise_html("<p><strong>unclosed <em>tags<!-- secret --></p>")
    assert "secret" not in clean
    assert clean.count("<strong>") == clean.count("</strong>")


def test_plain_text_loses_every_tag_but_keeps_characters():
    assert sanitise_text("<b>Tom & Jerry</b> <script>x</script>") == "Tom & Jerry x"
    assert sanitise_text(None) == ""
    assert sanitise_html("") == ""


# Payloads that try to become markup after cleaning: encoded once, twice, numerically, mixed with
# real tags, or split so that removing one tag joins the halves of another.
PAYLOADS = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "&amp;amp;amp;lt;script&amp;amp;amp;gt;alert(1)&amp;amp;amp;lt;/script&amp;amp;amp;gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "<b>&lt;script&gt;</b>alert(1)&amp;lt;/script&gt;",
    "<<b>script>alert(1)<</b>/script>",
    "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;",
    "<\x00script>alert(1)</script>",
    "&lt;!-- a comment --&gt;alert(1)",
    "&lt;a href=&quot;javascript:alert(1)&quot;&gt;alert(1)&lt;/a&gt;",
]
TAG_START = re.compile(r"<[A-Za-z/!?]")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plain_text_decodes_then_cleans_so_it_never_holds_markup(payload):
    clean = sanitise_text(payload)
    assert not TAG_START.search(clean), clean
    assert "&lt;" not in clean and "&#" not in clean and "&amp;" not in clean
    assert sanitise_text(clean) == clean  # cleaning again finds nothing more to do
    assert "alert(1)" in clean or clean == ""


@pytest.mark.parametrize("text, kept", [
    ("Open to anyone aged < 18 with a parent", "Open to anyone aged < 18 with a parent"),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("Fish &nothing", "Fish &nothing"),  # not a complete reference: left as written
    ("<3 our volunteers", "<3 our volunteers"),
    ("a <= b and c > d", "a <= b and c > d"),
    ("Caf&eacute; &#8211; open", "Café – open"),
])
def test_plain_text_keeps_what_is_not_markup(text, kept):
    assert sanitise_text(text) == kept


def test_a_lone_tag_start_that_html_would_read_as_a_tag_is_opened_up():
    assert sanitise_text("a<b") == "a< b"


def test_text_served_raw_loses_markup_whoever_stored_it():
    assert without_markup("Plain words, unchanged") == "Plain words, unchanged"
    assert without_markup("<script>alert(1)</script>Hello") == "alert(1)Hello"
    assert not TAG_START.search(without_markup("&lt;img src=x onerror=alert(1)&gt;"))
