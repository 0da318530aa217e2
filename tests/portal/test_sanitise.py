"""Anything a non-editor writes is cleaned by one policy before it is stored or shown."""

import pytest

from portal.sanitise import sanitise_html, sanitise_text


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
