"""Sign-up and password reset answer the same way, in about the same time, whether or not an
account exists for the address (issue: timing revealed existing accounts).

allauth already gives the same page and sends one email either way (`ACCOUNT_PREVENT_ENUMERATION`).
What differed was the work: a new account hashes its password (PBKDF2, hundreds of milliseconds
in production) and writes the user, its email address and profile; an existing address did
neither. Here the existing-address path does the same expensive part: it hashes the password it
was given with the same hasher, and throws the hash away. The remaining difference (a few
database rows) is small beside it; `tests/portal/test_account_timing.py` measures both paths.
"""

from django.contrib.auth.hashers import make_password


def equalise_existing_signup(request, form) -> None:
    make_password(form.cleaned_data.get("password1") or "")

