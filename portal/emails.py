"""The portal's one way to send a notification email: a plain-text body (written by the caller,
its links absolute, from ``portal.site_address``) and an HTML part made from it in the portal's
email layout (the site's name at the top, every web address a link), queued in the background.

Account emails (allauth) have their own HTML templates and the same layout; everything else the
portal sends goes through ``send_notice``."""

from __future__ import annotations

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from portal.site_address import absolute_url
from portal.tasks import queue_email

_LINK = re.compile(r'<a href="([^"]*)">')  # the links urlize makes (the text itself is escaped)


def html_from_text(body: str) -> str:
    """The text as HTML paragraphs: blank lines part paragraphs, line breaks stay, and Django's
    ``urlize`` escapes the text and makes each address a link (in the layout's link colour)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        linked = _LINK.sub(r'<a href="\1" style="color:#1d4f91">', urlize(block, autoescape=True))
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)


def send_notice(subject: str, body: str, to: list[str], from_email: str | None = None) -> bool:
    """Queue ``body`` as an email with its HTML part; returns whether it was queued (never raises)."""
    html = render_to_string("portal/email/notice.html", {
        "site_name": settings.WAGTAIL_SITE_NAME, "site_url": absolute_url("/"),
        "content": mark_safe(html_from_text(body)), "subject": subject})
    return queue_email(subject, body, to, from_email, html_body=html)
