"""Certificate numbers, issue, verification and revocation.

A number is "DP-" and 16 characters of Crockford base32 from the operating system's random
source: 80 bits, so numbers cannot be guessed or enumerated. Input is normalised the way people
mistype it (case, spaces, O for 0, I and L for 1).
"""

from __future__ import annotations

import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.accounts.models import Profile

from .records import Certificate

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
PREFIX = "DP"
GROUPS, GROUP_LEN = 4, 4
NUMBER_RE = re.compile(rf"^{PREFIX}-(?:[{ALPHABET}]{{{GROUP_LEN}}}-){{{GROUPS - 1}}}[{ALPHABET}]{{{GROUP_LEN}}}$")


def new_number() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    groups = [chars[i:i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN)]
    return "-".join([PREFIX, *groups])


def normalise(raw: str) -> str | None:
    """The canonical form of a typed number, or None if it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    text = re.sub(r"[\s\-_.]", "", raw.upper())
    if text.startswith(PREFIX):
        text = text[len(PREFIX):]
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(text) != GROUPS * GROUP_LEN or any(ch not in ALPHABET for ch in text):
        return None
    groups = [text[i:i + GROUP_LEN] for i in range(0, len(text), GROUP_LEN)]
    return "-".join([PREFIX, *groups])


def learner_name(user) -> str:
    profile = Profile.objects.filter(user=user).first()
    return (profile.display_name if profile else "") or user.get_full_name() or user.email or user.get_username()


def issue_certificate(user, course):
    """The learner's live certificate for the course, issuing one if there is none."""
    existing = Certificate.objects.filter(user=user, course=course, revoked_at__isnull=True).first()
    if existing:
        return existing
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=new_number(), user=user, course=course, learner_name=learner_name(user),
                    course_title=course.title, cpd_hours=course.cpd_hours,
                )
        except IntegrityError:
            existing = Certificate.objects.filter(user=user, course=course, revoked_at__isnull=True).first()
            if existing:  # issued by a concurrent request
                return existing
    raise RuntimeError("could not issue a unique certificate number")


def find(number: str):
    """The certificate with this number, or None (also for malformed input)."""
    canonical = normalise(number)
    if canonical is None:
        return None
    return Certificate.objects.filter(number=canonical).first()


def revoke(certificate, by, reason: str) -> bool:
    """Revoke once; returns False if it was already revoked."""
    return bool(
        Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, revoked_reason=reason[:300]
        )
    )
