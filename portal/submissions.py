"""Guards for public forms: a honeypot for every form anyone may post ("Report a problem", "Have
your say", "Join the coalition"), and, for those that email someone (the report tells the
moderators, the join form acknowledges to the address typed), a per-address limit and a daily cap
per target. "Have your say" emails nobody (its page promises so), so it has only the honeypot.

- The honeypot is a text field people never meet: hidden by CSS, inside ``aria-hidden``, out of
  the tab order, labelled "Leave this field empty". A post that fills it is a robot's: it is not
  saved and not emailed, and it gets the usual thank-you page, so the robot learns nothing.
- ``admit(request, limit, target)`` counts a submission against the sender's address (in a window)
  and against its target's day (a listing, a publication, the whole form). Over either, the
  submission is still saved for moderators; only its email is not sent, and the visitor is told
  so calmly. Nothing a person writes is lost.

Counters live in the cache under keyed hashes of the address (never the address itself) and
expire with their window; nothing is stored with the submission and no cookie is set. If the
cache is unreachable the submission is admitted.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from portal.client_address import client_address

logger = logging.getLogger(__name__)

HONEYPOT = "fax_number"


class HoneypotWidget(forms.TextInput):
    """A field people never see (hidden by CSS, skipped by keyboard and screen readers)."""

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


class HoneypotMixin(forms.Form):
    """Adds the honeypot. Render it with ``portal/includes/honeypot.html`` (``form_fields.html``
    does): it is left out of ``visible_fields``."""

    fax_number = forms.CharField(required=False, label="Leave this field empty", widget=HoneypotWidget())

    @property
    def is_bot(self) -> bool:
        return bool(str(self.data.get(HONEYPOT, "")).strip())

    @property
    def honeypot(self):
        return self[HONEYPOT]

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


@dataclass(frozen=True)
class Limit:
    """How many submissions of one form may send email: ``per_address`` from one address in
    ``window`` seconds, and ``per_target_per_day`` about one target in a calendar day."""

    name: str
    per_address: int = 5
    window: int = 3600
    per_target_per_day: int = 20


def _digest(*parts) -> str:
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    return cache.incr(key)


def _address_key(request, limit: Limit) -> str:
    return f"submissions:{limit.name}:address:{_digest(limit.name, client_address(request))}"


def admit(request, limit: Limit, target="") -> bool:
    """Count one submission; True when its email may be sent. An address over its limit does
    not use up its target's day."""
    try:
        if _count(_address_key(request, limit), limit.window) > limit.per_address:
            logger.info("%s: an address is over %d submissions in %d s; saved, not emailed",
                        limit.name, limit.per_address, limit.window)
            return False
        day = timezone.localdate()
        key = f"submissions:{limit.name}:day:{day.isoformat()}:{_digest(limit.name, target)}"
        if _count(key, int(datetime.timedelta(days=1, hours=1).total_seconds())) > limit.per_target_per_day:
            logger.info("%s: %r is over %d submissions today; saved, not emailed",
                        limit.name, str(target), limit.per_target_per_day)
            return False
    except Exception:  # noqa: BLE001 - an unreachable cache must not stop a report
        logger.warning("%s: submission counters unavailable; admitted", limit.name, exc_info=True)
    return True


def count_bot(request, limit: Limit) -> None:
    """A honeypot post: counted against its address, so the robot's later posts are limited too."""
    logger.info("%s: honeypot filled; not saved", limit.name)
    try:
        _count(_address_key(request, limit), limit.window)
    except Exception:  # noqa: BLE001
        pass
