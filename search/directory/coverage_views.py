"""Where services are missing: the coverage map and table, its CSV and JSON, and one page per
local authority. The figures come from ``search.directory.coverage``; these views only choose and
show them. No view here sets a cookie: the filter is a GET form."""

from __future__ import annotations

import csv

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from portal.cache import cacheable_for_visitors
from portal.spreadsheet import safe_row
from search.directory.coverage import DISTANCE_MILES, NONE, RULES, STATUS_LABELS, coverage
from search.directory.coverage_map import TILE, authority_layout
from search.directory.coverage_report import (
    CSV_HEADER,
    SORTS,
    SUMMARY_LABELS,
    records,
    sort_rows,
    summary_rows,
    type_rows,
)
from search.directory.facets import SERVICE_TYPE
from search.directory.forms import CoverageForm
from search.directory.police_forces import authorities_of


def _choice(request):
    form = CoverageForm(request.GET)
    chosen = form.chosen()
    codes = authorities_of(chosen["force"]) if chosen["force"] else None
    return form, chosen, codes


def _query(chosen: dict, **changes) -> str:
    values = {**chosen, **changes}
    return urlencode([(k, v) for k, v in values.items() if v])


def _headers(chosen: dict) -> dict[str, dict]:
    """The table's column headings, each a link that sorts by it (again: the other way round)."""
    out = {}
    for key, label in SORTS.items():
        current = chosen["sort"] == key or (key == "name" and not chosen["sort"])
        order = "desc" if current and chosen["order"] != "desc" else "asc"
        out[key] = {"label": label, "url": "?" + _query(chosen, sort=key, order=order),
                    "sorted": ("descending" if chosen["order"] == "desc" else "ascending") if current else ""}
    return out


SQUARE = TILE - 2


def shape(status: str, x: float, y: float, size: float = SQUARE) -> dict:
    """A map square: solid for local cover, striped for national only, crossed out for none."""
    inset = 2
    cross = (f"M{x + inset:g} {y + inset:g}L{x + size - inset:g} {y + size - inset:g}"
             f"M{x + size - inset:g} {y + inset:g}L{x + inset:g} {y + size - inset:g}") if status == NONE else ""
    return {"status": status, "x": f"{x:g}", "y": f"{y:g}", "size": f"{size:g}", "cross": cross}


def _map(rows, chosen: dict) -> dict:
    layout = authority_layout()
    suffix = "?" + _query({"type": chosen["type"]}) if chosen["type"] else ""
    tiles = []
    for row in rows:
        tile = layout.tiles.get(row.authority.code)
        if tile:
            tiles.append({"row": row, "shape": shape(row.status, tile.x, tile.y),
                          "url": reverse("directory:coverage_authority", args=[row.authority.code]) + suffix})
    return {"tiles": tiles, "width": f"{layout.width:g}", "height": f"{layout.height:g}"}


@cacheable_for_visitors  # purged when listings change (search/signals.py), as the figures are
def coverage_page(request):
    form, chosen, codes = _choice(request)
    found = coverage()
    type_code = chosen["type"]
    rows = type_rows(found, type_code, codes) if type_code else summary_rows(found, codes)
    rows = sort_rows(rows, chosen["sort"] or "name", chosen["order"] or "asc")
    labels = STATUS_LABELS if type_code else SUMMARY_LABELS
    counts = {status: sum(1 for r in rows if r.status == status) for status in labels}
    query = _query({"type": type_code, "force": chosen["force"]})
    context = {
        "form": form, "ignored": form.ignored, "chosen": chosen, "coverage": found, "rows": rows,
        "type_label": SERVICE_TYPE.labels([type_code])[0] if type_code else "",
        "legend": [{"status": s, "label": label, "count": counts[s], "shape": shape(s, 1.5, 1.5, 17)}
                   for s, label in labels.items()],
        "headers": _headers(chosen), "map": _map(rows, chosen), "distance": DISTANCE_MILES,
        "rules": [label for _bit, _key, label in RULES], "missing": counts.get(NONE, 0),
        "national": len([s for s in found.national if not type_code or type_code in found.listings[s].types]),
        "without_local": sum(1 for r in rows if not r.local) if type_code else counts.get(NONE, 0),
        "csv_url": reverse("directory:coverage_csv") + ("?" + query if query else ""),
        "json_url": reverse("directory:coverage_json") + ("?" + query if query else ""),
    }
    return render(request, "search/directory/coverage.html", context)


def _filename(chosen: dict, found, extension: str) -> str:
    parts = ["directory-coverage", chosen["type"], chosen["force"].lower().replace(" ", "-"),
             found.computed_at.date().isoformat()]
    return "-".join(p for p in parts if p) + "." + extension


@cacheable_for_visitors
def coverage_csv(request):
    _form, chosen, codes = _choice(request)
    found = coverage()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(chosen, found, "csv")}"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for record in records(found, chosen["type"] or None, codes):
        writer.writerow(safe_row("" if record[k] is None else record[k] for k in CSV_HEADER))
    return response


@cacheable_for_visitors
def coverage_json(request):
    _form, chosen, codes = _choice(request)
    found = coverage()
    response = JsonResponse({
        "computed_at": found.computed_at.isoformat(timespec="seconds"),
        "distance_miles": found.distance_miles,
        "covering_rules": [label for _bit, _key, label in RULES],
        "service_type": chosen["type"] or None, "police_force_area": chosen["force"] or None,
        "rows": records(found, chosen["type"] or None, codes),
    }, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{_filename(chosen, found, "json")}"'
    return response


@cacheable_for_visitors
def coverage_authority(request, code: str):
    found = coverage()
    authority = found.authority(code.upper())
    if authority is None:
        raise Http404("No such local authority")
    _form, chosen, _codes = _choice(request)
    types = []
    for value in SERVICE_TYPE.values:
        cell = found.cell(authority.code, value.code)
        types.append({"code": value.code, "label": value.label, "cell": cell,
                      "services": found.covering_services(authority.code, value.code)})
    context = {
        "authority": authority, "coverage": found, "types": types, "distance": DISTANCE_MILES,
        "missing": [t for t in types if t["cell"].status == NONE],
        "without_local": [t for t in types if not t["cell"].local],
        "back_url": reverse("directory:coverage") + ("?" + _query({"type": chosen["type"]}) if chosen["type"] else ""),
        "rules": [label for _bit, _key, label in RULES],
    }
    return render(request, "search/directory/coverage_authority.html", context)
