"""Background email, shared by every app: one task that sends a message (plain text, with an
optional HTML part) and retries it.

Callers save the record first and queue the email after the commit (from ``transaction.on_commit``,
or outside any transaction), so nothing a visitor or member submits depends on the mail server.

An attempt that fails is logged. When the task backend can defer work (the database backend in
production, run by ``manage.py db_worker``), the task queues its next attempt with a growing delay,
up to ``MAX_ATTEMPTS`` in all. The immediate backend (development and tests) cannot defer: the
failure is logged and the request that queued the email carries on as usual.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from portal.sanitise import control_characters_in, one_line

logger = logging.getLogger(__name__)

RETRY_DELAYS = (60, 300, 1800, 7200)  # seconds before the 2nd, 3rd, 4th and 5th attempts
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def header_safe_subject(subject) -> str:
    """A subject that cannot break the message's headers (Django refuses CR or LF there with
    BadHeaderError, and the email would never go): control characters become spaces, and the
    change is logged, so text that should have been refused when it was typed is found."""
    subject = str(subject)
    found = control_characters_in(subject)
    if found:
        logger.warning("email subject %r held %s: sent as one line", subject, ", ".join(found))
        return one_line(subject)
    return subject


def retry_delay(attempt: int) -> int | None:
    """Seconds to wait after failed attempt number `attempt`; None when it was the last one."""
    if attempt < 1 or attempt >= MAX_ATTEMPTS:
        return None
    return RETRY_DELAYS[attempt - 1]


@task()
def send_email(subject: str, body: str, to: list[str], from_email: str | None = None, attempt: int = 1,
               html_body: str = "") -> int:
    """Send one message. A failed attempt queues the next one when it can, then raises, so the
    backend records this attempt as failed."""
    subject = header_safe_subject(subject)  # also for messages queued before it was checked
    message = EmailMultiAlternatives(subject, body, from_email or settings.DEFAULT_FROM_EMAIL, list(to))
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        return message.send()
    except Exception as exc:
        retry_at = _queue_retry(subject, body, to, from_email, attempt, html_body)
        if retry_at is None:
            logger.error("email %r to %d recipient(s) not sent after attempt %d of %d, giving up: %s",
                         subject, len(to), attempt, MAX_ATTEMPTS, exc)
        else:
            logger.warning("email %r to %d recipient(s) not sent (attempt %d of %d): %s; next attempt at %s",
                           subject, len(to), attempt, MAX_ATTEMPTS, exc, retry_at.isoformat())
        raise


def _queue_retry(subject, body, to, from_email, attempt, html_body="") -> datetime.datetime | None:
    delay = retry_delay(attempt)
    if delay is None or not send_email.get_backend().supports_defer:
        return None
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    try:
        send_email.using(run_after=run_after).enqueue(
            subject=subject, body=body, to=list(to), from_email=from_email, attempt=attempt + 1,
            html_body=html_body)
    except Exception:
        logger.exception("could not queue another attempt at email %r", subject)
        return None
    return run_after


def queue_email(subject: str, body: str, to: list[str], from_email: str | None = None, html_body: str = "") -> bool:
    """Queue one email now. Call it once the records it describes are committed. Never raises:
    returns whether the email was queued."""
    recipients = [address for address in to if address]
    if not recipients:
        return False
    subject = header_safe_subject(subject)
    try:
        send_email.enqueue(subject=str(subject), body=str(body), to=recipients, from_email=from_email,
                           html_body=str(html_body))
    except Exception:
        logger.exception("could not queue email %r", subject)
        return False
    return True
