"""Services that serve a Drive delivery area, for its site page.

The kernel knows nothing of the directory: a feature app registers the function that finds them
(the directory does, in ``search/apps.py``), as apps register demo loaders and backup hooks. With
no app registered, site pages simply list none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AreaService:
    name: str
    url: str
    summary: str = ""
    town: str = ""  # where it is (a confidential location gives its town only)
    labels: list[str] = field(default_factory=list)  # e.g. its service types


Finder = Callable[[str, list[str]], list[AreaService]]
_finders: dict[str, Finder] = {}


def register_area_services(app_label: str, finder: Finder) -> None:
    """``finder(police_force_area, local_authority_names)`` returns the area's services, best first."""
    _finders[app_label] = finder


def area_services(police_force_area: str, local_authorities: list[str]) -> list[AreaService]:
    found = []
    for app_label, finder in _finders.items():
        try:
            found += finder(police_force_area, local_authorities)
        except Exception:  # a site page must still render if the directory cannot answer
            logger.exception("could not list the services of %s from %s", police_force_area, app_label)
    return found
