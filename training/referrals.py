"""'Need to refer someone?': the directory search for perpetrator services near the learner.

The portal keeps no separate address for a learner's workplace; the profile's free-text
organisation ("Riverside Surgery, CF10 1EP") is where learners give it, so a full postcode
written there is used. Without one, the link opens the directory's search form.
"""

from __future__ import annotations

import re

from django.http import QueryDict
from django.urls import reverse

from portal.accounts.models import Profile
from search.geo import normalise_postcode

# A full UK postcode inside other text: outward code, optional space, inward code.
_CANDIDATE_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)


def postcode_in(text: str) -> str | None:
    """The last well-formed full postcode written in ``text`` (the end of an address), or None."""
    found = None
    for match in _CANDIDATE_RE.finditer(text or ""):
        found = normalise_postcode(match.group(1) + match.group(2)) or found
    return found


def learner_postcode(user) -> str | None:
    if not user.is_authenticated:
        return None
    organisation = Profile.objects.filter(user=user).values_list("organisation", flat=True).first()
    return postcode_in(organisation or "")


def referral_search_url(postcode: str | None) -> str:
    """Services that take professional referrals, near the postcode when there is one."""
    params = QueryDict(mutable=True)
    if postcode:
        params["location"] = postcode
    params["refer"] = "professional"
    return reverse("directory:search") + "?" + params.urlencode()
