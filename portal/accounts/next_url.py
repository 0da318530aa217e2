"""`next`: the page a person was on when they started to sign in or create an account.

It is carried through sign-in, sign-up, the email confirmation link and MFA enrolment, so a
learner who creates an account from a course comes back to that course. Only this site's own
paths are kept (allauth's safe-URL check).
"""

from urllib.parse import urlencode

from allauth.account.utils import get_next_redirect_url
from django.contrib.auth import REDIRECT_FIELD_NAME


def safe_next(request) -> str | None:
    if request is None:
        return None
    return get_next_redirect_url(request, REDIRECT_FIELD_NAME)


def with_next(url: str, request, next_url: str | None = None) -> str:
    next_url = next_url or safe_next(request)
    if not next_url:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urlencode({REDIRECT_FIELD_NAME: next_url})}"
