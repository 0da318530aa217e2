"""Every notification the portal sends has a plain-text part and an HTML part in the portal's
layout: the site's name at the top, every web address a link, nothing the text did not say."""

import pytest
from django.core import mail

from portal.emails import html_from_text, send_notice

pytestmark = pytest.mark.django_db


def test_a_notice_has_both_parts_and_its_addresses_are_links(settings):
    settings.WAGTAIL_SITE_NAME = "Drive Partnership"
    body = ("Hello,\n\nYour meeting is on Tuesday.\nAgenda: https://portal.example.org/coalition/meeting/.\n\n"
            "Reply <soon> & thanks")
    assert send_notice("Meeting", body, ["amira@example.org"])
    message = mail.outbox[0]
    assert message.body == body and message.to == ["amira@example.org"]
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<a href="https://portal.example.org/coalition/meeting/"' in html  # the full stop stays outside
    assert "Your meeting is on Tuesday.<br>" in html and "Reply &lt;soon&gt; &amp; thanks" in html
    assert html.index("Drive Partnership") < html.index("Hello,")


def test_text_that_looks_like_markup_stays_text():
    html = html_from_text('<a href="https://evil.example">x</a> javascript:alert(1)')
    assert html.startswith("<p>&lt;a href=&quot;") and "<a href=\"https://evil.example\">" not in html
    assert '<a href="https://evil.example"' in html  # the address itself, as a link and nothing more
    assert 'href="javascript' not in html and html.count("<a ") == 1
