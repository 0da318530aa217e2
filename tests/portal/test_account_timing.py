"""Sign-up and password reset give the same answer, in about the same time, for an address that has
an account and one that does not (50 tries of each, interleaved).

The tests hash passwords with PBKDF2 as production does, at fewer iterations (`TimingHasher`) so
the 200 requests stay affordable, raised on a fast machine until one hash costs at least 45 ms:
the hash costs more than the tolerance, so the test fails if either path skips it. Medians (not
means) keep one slow request on a busy machine from deciding the result. Tolerance: the larger of
25% of the slower median and 30 ms.
"""

import statistics
import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.test import Client

pytestmark = pytest.mark.django_db
TRIES = 50
PASSWORD = "Surgery-hours-2026"


class TimingHasher(PBKDF2PasswordHasher):
    iterations = 120_000


HASH_AT_LEAST = 0.045  # one hash must cost well over the 30 ms floor of the tolerance


def _one_hash() -> float:
    start = time.perf_counter()
    for _ in range(5):
        make_password(PASSWORD)
    return (time.perf_counter() - start) / 5


@pytest.fixture
def production_like_hashing(settings, monkeypatch):
    """The seconds one hash takes, with the iterations raised until it costs at least HASH_AT_LEAST on
    this machine (a fast machine hashes 120,000 iterations in about the tolerance's floor)."""
    settings.PASSWORD_HASHERS = ["tests.portal.test_account_timing.TimingHasher"]
    seconds = _one_hash()
    if seconds < HASH_AT_LEAST:
        monkeypatch.setattr(TimingHasher, "iterations", int(TimingHasher.iterations * HASH_AT_LEAST / seconds * 1.2))
        seconds = _one_hash()
    return seconds


def _within(a: float, b: float) -> float:
    return max(0.25 * max(a, b), 0.030)


def _timed(client, url, data):
    start = time.perf_counter()
    response = client.post(url, data)
    return time.perf_counter() - start, response


def test_sign_up_takes_as_long_for_an_existing_address(kernel_site, django_user_model, production_like_hashing):
    user = django_user_model.objects.create_user("existing", "existing@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email="existing@example.org", verified=True, primary=True)
    new, existing, answers = [], [], set()
    for n in range(TRIES):
        for email, times in ((f"new{n}@example.org", new), ("existing@example.org", existing)):
            client = Client()
            seconds, response = _timed(client, "/accounts/signup/", {
                "email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": "A Person"})
            times.append(seconds)
            answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/accounts/confirm-email/")}  # the same answer for both
    new_median, existing_median = statistics.median(new), statistics.median(existing)
    print(f"sign-up medians: new {new_median * 1000:.0f} ms, existing {existing_median * 1000:.0f} ms, "
          f"one hash {production_like_hashing * 1000:.0f} ms")
    assert production_like_hashing > _within(new_median, existing_median) * 0.8, "the hash must dominate"
    assert abs(new_median - existing_median) <= _within(new_median, existing_median)


def test_password_reset_takes_as_long_for_an_unknown_address(kernel_site, django_user_model,
                                                              production_like_hashing):
    user = django_user_model.objects.create_user("known", "known@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email="known@example.org", verified=True, primary=True)
    known, unknown, answers = [], [], set()
    for n in range(TRIES):
        for email, times in (("known@example.org", known), (f"nobody{n}@example.org", unknown)):
            seconds, response = _timed(Client(), "/accounts/password/reset/", {"email": email})
            times.append(seconds)
            answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/accounts/password/reset/done/")}
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    print(f"password reset medians: known {known_median * 1000:.0f} ms, unknown {unknown_median * 1000:.0f} ms")
    assert abs(known_median - unknown_median) <= _within(known_median, unknown_median)
