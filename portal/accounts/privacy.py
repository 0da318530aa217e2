"""What the portal holds about a person, as one JSON document, and how to erase it.

Feature apps add their own records with `register_exporter("training", func)`, where `func(user)`
returns JSON-serialisable data. Deleting the user cascades to every record that belongs to them.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress

from .models import Profile

_exporters: dict[str, Callable[[Any], Any]] = {}


def register_exporter(name: str, func: Callable[[Any], Any]) -> None:
    _exporters[name] = func


def export_user_data(user) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "profile": {
            "display_name": profile.display_name,
            "role": profile.get_role_display() if profile.role else "",
            "organisation": profile.organisation,
        }
        if profile
        else None,
    }
    for name, func in sorted(_exporters.items()):
        data[name] = func(user)
    return data


def delete_user(user) -> None:
    user.delete()
