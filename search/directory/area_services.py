"""The directory listings that serve a Drive delivery area, for its site page (registered with
``portal.area_services``). A listing serves the area when it names the area's police force or covers
one of its local authorities. The Idva service linked to Drive comes first (a victim-survivor looking
at a Drive site is looking for it), then Drive itself, then the rest by name."""

from __future__ import annotations

import re

from django.db.models import Q

from portal.area_services import AreaService
from search.models import Service

LIMIT = 30
_DRIVE = re.compile(r"\bdrive\b", re.IGNORECASE)


def _forces(text: str) -> set[str]:
    return {part.strip().casefold() for part in re.split(r"[,;]", text or "") if part.strip()}


def _rank(service) -> tuple:
    linked = _DRIVE.search(" ".join((service.name, service.description, service.eligibility_description)))
    is_idva, is_drive = "idva" in service.service_types, "drive" in service.service_types
    return (0 if is_idva and linked else 1 if is_drive else 2, service.name.casefold())


def services_for_area(police_force_area: str, local_authorities: list[str]) -> list[AreaService]:

    force = (police_force_area or "").strip().casefold()
    authorities = [name.strip() for name in local_authorities if name.strip()]
    if not force and not authorities:
        return []
    wanted = Q(service_areas__name__in=authorities) if authorities else Q(pk__in=[])
    if force:
        wanted |= Q(police_force_areas__icontains=force)
    candidates = (Service.objects.active().filter(is_national=False).filter(wanted).distinct()
                  .prefetch_related("service_at_locations__location", "service_areas"))
    serving = [s for s in candidates if force in _forces(s.police_force_areas)
               or {a.name for a in s.service_areas.all()} & set(authorities)]
    serving.sort(key=_rank)
    return [AreaService(name=s.name, url=s.get_absolute_url(), summary=_summary(s.description),
                        town=_town(s), labels=s.service_type_labels)
            for s in serving[:LIMIT]]


def _town(service) -> str:
    towns = [sal.location.city for sal in service.service_at_locations.all() if sal.location.city]
    return ", ".join(dict.fromkeys(towns))


def _summary(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
