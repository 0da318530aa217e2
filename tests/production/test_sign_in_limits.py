"""Sign-in limits hold across gunicorn workers and behind the proxy (Redis shared by every worker)."""

import pytest

from .conftest import Browser, at_once

pytestmark = pytest.mark.django_db(databases=[])  # talks to the stack, not to the test database
# The portal's own wording of allauth's messages (portal/accounts/adapter.py).
WRONG = "The email address or password is not correct."
LIMITED = "Too many failed attempts to sign in."


def sign_in(stack, email, password, address):
    return Browser(stack.base, address=address).post_form("/accounts/login/", {"login": email, "password": password})


def outcome(response) -> str:
    text = response.body.decode()
    if response.status == 302:
        return "signed in"
    if LIMITED in text:
        return "limited"
    if WRONG in text:
        return "wrong password"
    return f"other {response.status}"


def workers_used(stack, since: int) -> set[str]:
    lines = open(stack.access_log).read().splitlines()[since:]
    return {line.split()[0] for line in lines if "/accounts/login/" in line}


def test_five_failures_are_evaluated_in_all_across_workers(stack):
    start = len(open(stack.access_log).read().splitlines())
    first = [outcome(sign_in(stack, "carol@example.org", f"wrong-{i}", "198.51.100.9")) for i in range(5)]
    assert first == ["wrong password"] * 5
    again = at_once(20, lambda i: sign_in(stack, "carol@example.org", f"again-{i}", "198.51.100.9"))
    rest = [outcome(response) for response in again]
    assert rest == ["limited"] * 20, rest
    # Answered by several workers, so the workers that refused had not seen all five failures themselves.
    assert len(workers_used(stack, start)) >= 3


def test_failures_on_one_account_do_not_lock_out_others_at_the_same_address(stack):
    shared = "203.0.113.7"  # an office or a refuge's wifi, seen through the TLS proxy
    outcomes = [outcome(sign_in(stack, "alice@example.org", f"guess-{i}", shared)) for i in range(7)]
    assert outcomes == ["wrong password"] * 5 + ["limited"] * 2
    assert outcome(sign_in(stack, "bob@example.org", stack.facts["password"], shared)) == "signed in"
    # The account's own limit still applies, from the same address and from any other.
    assert outcome(sign_in(stack, "alice@example.org", stack.facts["password"], shared)) == "limited"
    assert outcome(sign_in(stack, "alice@example.org", stack.facts["password"], "192.0.2.44")) == "limited"
