"""The coverage as people read it: one row per local authority for the map, the table and the
downloads (for one service type, or a summary of all of them), sorted as asked."""

from __future__ import annotations

from dataclasses import dataclass

from search.directory.coverage import (
    AREA,
    FORCE,
    LOCAL,
    NATIONAL_ONLY,
    NEARBY,
    NONE,
    STATUS_LABELS,
    Authority,
    Coverage,
    Nearest,
)
from search.directory.facets import SERVICE_TYPE

SUMMARY_LABELS = {LOCAL: "Every type local", NATIONAL_ONLY: "Some types local", NONE: "No type local"}
DESCRIPTIONS = {LOCAL: "covered by a local service", NATIONAL_ONLY: "national services only", NONE: "no service"}
SORTS = {
    "name": "Local authority", "force": "police force area", "status": "Coverage", "local": "Local",
    "nearest": "Nearest of the type",
}
ORDERS = ("asc", "desc")


@dataclass(frozen=True)
class Row:
    authority: Authority
    status: str
    status_label: str
    local: int  # local services (of the type, or of any type)
    national: int
    by_area: int
    by_force: int
    by_location: int
    nearest: Nearest | None  # type rows only, when no local service covers it
    types_local: int  # summary rows: how many types have a local service

    @property
    def nearest_miles(self) -> float | None:
        return round(self.nearest.miles, 1) if self.nearest else None

    @property
    def summary(self) -> str:
        """The figures in one sentence: the map square's accessible name."""
        name = self.authority.name
        if self.types_local >= 0:
            return (f"{name}: {self.types_local} of {len(SERVICE_TYPE.values)} service types have a local service; "
                    f"{self.local} local and {self.national} national services")
        text = f"{name}: {DESCRIPTIONS[self.status]}; {self.local} local and {self.national} national services"
        if self.nearest:
            text += f"; nearest {self.nearest.listing.name}, {self.nearest_miles:g} miles"
        return text


def type_rows(found: Coverage, type_code: str, codes=None) -> list[Row]:
    rows = []
    for cell in found.cells(type_code):
        if codes is not None and cell.authority.code not in codes:
            continue
        rows.append(Row(cell.authority, cell.status, STATUS_LABELS[cell.status], cell.local, cell.national,
                        cell.by_rule["area"], cell.by_rule["force"], cell.by_rule["nearby"],
                        cell.nearest if cell.status != LOCAL else None, -1))
    return rows


def summary_rows(found: Coverage, codes=None) -> list[Row]:
    rows = []
    n_types = len(found.type_codes)
    for i, authority in enumerate(found.authorities):
        if codes is not None and authority.code not in codes:
            continue
        types_local = int((found.counts[i, :, 0] > 0).sum())
        status = LOCAL if types_local == n_types else NONE if types_local == 0 else NATIONAL_ONLY
        rules = found.rules[i]
        rows.append(Row(authority, status, SUMMARY_LABELS[status], len(found.covering[i]), len(found.national),
                        *(int(((rules & bit) > 0).sum()) for bit in (AREA, FORCE, NEARBY)),
                        None, types_local))
    return rows


_STATUS_ORDER = {NONE: 0, NATIONAL_ONLY: 1, LOCAL: 2}


def sort_rows(rows: list[Row], sort: str = "name", order: str = "asc") -> list[Row]:
    keys = {
        "name": lambda r: r.authority.name.casefold(),
        "force": lambda r: (r.authority.force.casefold(), r.authority.name.casefold()),
        "status": lambda r: (_STATUS_ORDER[r.status], r.types_local, r.authority.name.casefold()),
        "local": lambda r: (r.local, r.authority.name.casefold()),
        "nearest": lambda r: (r.nearest is None, r.nearest.miles if r.nearest else 0.0, r.authority.name.casefold()),
    }
    ordered = sorted(rows, key=keys.get(sort, keys["name"]))
    if order == "desc":
        if sort == "nearest":  # authorities with no nearest figure stay last
            with_figure = [r for r in ordered if r.nearest]
            return with_figure[::-1] + [r for r in ordered if not r.nearest]
        ordered.reverse()
    return ordered


CSV_HEADER = ["la_code", "local_authority", "police_force_area", "service_type", "coverage", "local_services",
              "by_service_area", "by_police_force_area", "by_location", "national_services", "nearest_service",
              "nearest_town", "nearest_miles", "computed_at", "distance_miles"]


def records(found: Coverage, type_code: str | None, codes=None) -> list[dict]:
    """The downloads' rows: one per authority for a type, or per authority and type for all types."""
    out = []
    for code in [type_code] if type_code else found.type_codes:
        label = SERVICE_TYPE.labels([code])[0]
        for row in type_rows(found, code, codes):
            out.append({
                "la_code": row.authority.code, "local_authority": row.authority.name,
                "police_force_area": row.authority.force, "service_type": label, "coverage": row.status_label,
                "local_services": row.local, "by_service_area": row.by_area, "by_police_force_area": row.by_force,
                "by_location": row.by_location, "national_services": row.national,
                "nearest_service": row.nearest.listing.name if row.nearest else "",
                "nearest_town": row.nearest.town if row.nearest else "",
                "nearest_miles": row.nearest_miles if row.nearest else None,
                "computed_at": found.computed_at.isoformat(timespec="seconds"),
                "distance_miles": found.distance_miles,
            })
    return out
