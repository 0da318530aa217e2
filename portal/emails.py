"""The portal's one way to send a notification email: a plain-text body (written by the caller,
its links absolute, from ``portal.site_address``) and an HTML part made from it in the portal's
email layout (the site's name at the top, every web address a link), queued in the background.

Account emails (allauth) have their own HTML templates and the same layout; everything else the
portal sends goes through ``send_notice``."""

from __future__ import annotations

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.site_address import absolute_url
from portal.tasks import queue_email

_ADDRESS = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def html_from_text(body: str) -> str:
    """The text as HTML paragraphs: blank lines part paragraphs, line breaks stay, addresses link."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        parts, end = [], 0
        for match in _ADDRESS.finditer(block):
            address = escape(match.group(0))
            parts += [escape(block[end:match.start()]), f'<a href="{address}" style="color:#1d4f91">{address}</a>']
            end = match.end()
        parts.append(escape(block[end:]))
        paragraphs.append("<p>" + "".join(parts).replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)


def send_notice(subject: str, body: str, to: list[str], from_email: str | None = None) -> bool:
    """Queue ``body`` as an email with its HTML part; returns whether it was queued (never raises)."""
    html = render_to_string("portal/email/notice.html", {
        "site_name": settings.WAGTAIL_SITE_NAME, "site_url": absolute_url("/"),
        "content": mark_safe(html_from_text(body)), "subject": subject})
    return queue_email(subject, body, to, from_email, html_body=html)
