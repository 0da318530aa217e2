"""Sign-up and password reset answer the same way, in about the same time, whether or not an
account exists for the address (issue: timing revealed existing accounts).

allauth already gives the same page and sends one email either way (`ACCOUNT_PREVENT_ENUMERATION`).
What differed was the work: a new account hashes its password (PBKDF2, hundreds of milliseconds
in production) and writes the user, its email address, profile, groups and confirmation; an
existing address did neither. Here the existing-address path hashes the password it was given
with the same hasher (and throws the hash away), then waits until it has taken as long as new
accounts have recently taken for the same step (a running average kept in the cache; never more
than `MAX_PAD_SECONDS`). Both then send their one email. `tests/portal/test_account_timing.py`
measures both paths.
"""

import time

from django.contrib.auth.hashers import make_password
from django.core.cache import cache

CACHE_KEY = "portal:accounts:new-signup-seconds"
MAX_PAD_SECONDS = 2.0


def record_new_signup(seconds: float) -> None:
    previous = cache.get(CACHE_KEY)
    average = seconds if previous is None else 0.8 * previous + 0.2 * seconds
    cache.set(CACHE_KEY, average, 24 * 3600)


def equalise_existing_signup(form, started: float) -> None:
    make_password(form.cleaned_data.get("password1") or "")
    target = cache.get(CACHE_KEY)
    if target:
        remaining = min(target, MAX_PAD_SECONDS) - (time.perf_counter() - started)
        if remaining > 0:
            time.sleep(remaining)
