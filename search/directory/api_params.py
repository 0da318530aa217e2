"""Query parameters of the Open Referral UK API: one table that the views parse with and the
OpenAPI document describes.

Every parameter an endpoint accepts is listed here with its JSON Schema; anything else in the query
string, or a value that does not parse, is a ``BadRequest`` naming the parameter.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from django.utils.dateparse import parse_date, parse_datetime, parse_time

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
DAY_CODES = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday",
             "SA": "saturday", "SU": "sunday"}


class BadRequest(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


def _whole_number(low: int, high: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise BadRequest(name, f"{name} must be a whole number.") from None
        if not low <= value <= high:
            raise BadRequest(name, f"{name} must be between {low} and {high}.")
        return value
    return parse


def _uuid(name: str, raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise BadRequest(name, f"{name} must be a UUID.") from None


def _text(name: str, raw: str) -> str:
    return raw.strip()[:200]


def _boolean(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise BadRequest(name, f"{name} must be true or false.")


def _moment(name: str, raw: str) -> datetime.datetime:
    """An ISO 8601 date or date-time; a date means its first moment (UTC)."""
    raw = raw.strip()
    try:
        moment = parse_datetime(raw)
        if moment is None and (day := parse_date(raw)):
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:  # well formed but impossible, e.g. 2026-13-01 or 2025-02-30
        raise BadRequest(name, f"{name} is not a real date: {raw[:40]!r}.") from None
    if moment is None:
        raise BadRequest(name, f"{name} must be an ISO 8601 date or date-time, like 2026-01-31.")
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _time(name: str, raw: str) -> datetime.time:
    try:
        value = parse_time(raw.strip())
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(name, f"{name} must be a time of day, like 09:30.")
    return value


def _day(name: str, raw: str) -> str:
    value = raw.strip().lower()
    for code, day in DAY_CODES.items():
        if value in (code.lower(), day):
            return code
    raise BadRequest(name, f"{name} must be a day of the week (MO–SU or its English name).")


def _age(name: str, raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise BadRequest(name, f"{name} must be a number of years.") from None
    if not 0 <= value <= 150:
        raise BadRequest(name, f"{name} must be between 0 and 150.")
    return value


def _format(name: str, raw: str) -> str:
    if raw.strip().lower() != "json":
        raise BadRequest(name, f"{name}: only json is offered.")
    return "json"


@dataclass(frozen=True)
class Param:
    name: str
    schema: dict
    description: str
    parse: Callable[[str, str], Any]


_PARAMS = [
    Param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}, "Page number, from 1.",
          _whole_number(1, 100_000)),
    Param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
          f"Items a page (default {DEFAULT_PER_PAGE}, at most {MAX_PER_PAGE}).",
          _whole_number(1, MAX_PER_PAGE)),
    Param("format", {"type": "string", "enum": ["json"]}, "Only json is offered.", _format),
    Param("search", {"type": "string"}, "Words the record must contain.", _text),
    Param("taxonomy_term_id", {"type": "string", "format": "uuid"},
          "Only services tagged with this taxonomy term.", _uuid),
    Param("taxonomy_id", {"type": "string", "format": "uuid"},
          "Only services (or terms) with a term from this taxonomy.", _uuid),
    Param("organization_id", {"type": "string", "format": "uuid"},
          "Only services of this organisation.", _uuid),
    Param("modified_after", {"anyOf": [{"type": "string", "format": "date"},
                                       {"type": "string", "format": "date-time"}]},
          "Only records modified on or after this ISO 8601 date or date-time (UTC if no offset).",
          _moment),
    Param("minimal", {"type": "boolean"}, "Only id, name, status and last_modified of each service.",
          _boolean),
    Param("full", {"type": "boolean"},
          "Fully nested records (the default); false leaves out the nested lists.", _boolean),
    Param("minimum_age", {"type": "number", "minimum": 0, "maximum": 150},
          "Services whose minimum age is at least this value.", _age),
    Param("maximum_age", {"type": "number", "minimum": 0, "maximum": 150},
          "Services whose maximum age is this value or below.", _age),
    Param("start_time", {"type": "string", "pattern": TIME_PATTERN},
          "Services with opening hours that start at or after this time (HH:MM).", _time),
    Param("end_time", {"type": "string", "pattern": TIME_PATTERN},
          "Services with opening hours that end at or before this time (HH:MM).", _time),
    Param("day", {"type": "string", "enum": [*DAY_CODES, *(d.capitalize() for d in DAY_CODES.values())]},
          "Services open on this day (MO–SU or the English name).", _day),
    Param("postcode", {"type": "string"}, "A UK postcode: results within `proximity` of its centre.",
          _text),
    Param("proximity", {"type": "integer", "minimum": 1, "maximum": 500_000},
          "Distance from the postcode in metres (default 16093, ten miles); needs `postcode`.",
          _whole_number(1, 500_000)),
    Param("top_only", {"type": "boolean"}, "Only terms with no parent.", _boolean),
    Param("parent_id", {"type": "string", "format": "uuid"}, "Only the children of this term.", _uuid),
]
PARAMS = {p.name: p for p in _PARAMS}

_PAGED = ("page", "per_page", "format")
_SERVICE_FILTERS = ("search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
                    "minimum_age", "maximum_age", "start_time", "end_time", "day")
# The query parameters each endpoint accepts, by the name of its URL pattern.
ENDPOINT_PARAMS: dict[str, tuple[str, ...]] = {
    "api_root": (),
    "api_openapi": (),
    "api_services": (*_PAGED, *_SERVICE_FILTERS, "minimal", "full"),
    "api_service": (),
    "api_service_at_locations": (*_PAGED, *_SERVICE_FILTERS, "full", "postcode", "proximity"),
    "api_service_at_location": (),
    "api_taxonomies": (*_PAGED, "search"),
    "api_taxonomy": (),
    "api_taxonomy_terms": (*_PAGED, "search", "taxonomy_id", "top_only", "parent_id"),
    "api_taxonomy_term": (),
}


def parse_query(endpoint: str, query) -> dict[str, Any]:
    """The endpoint's parameters from ``query`` (a QueryDict), parsed. An empty text parameter
    (``search``, ``postcode``) counts as absent; any other empty value is an error."""
    allowed = ENDPOINT_PARAMS[endpoint]
    values: dict[str, Any] = {}
    for name in query:
        if name not in allowed:
            accepted = ", ".join(allowed) or "none"
            raise BadRequest(name, f"{name[:60]} is not a parameter of this endpoint (accepted: {accepted}).")
        raw_values = query.getlist(name)
        if len(raw_values) > 1:
            raise BadRequest(name, f"{name} may be given only once.")
        param = PARAMS[name]
        if raw_values[0].strip() == "":
            if param.parse is _text:  # an empty search box or postcode field means no filter
                continue
            raise BadRequest(name, f"{name} is empty; leave it out or give a value.")
        values[name] = param.parse(name, raw_values[0])
    if "proximity" in values and "postcode" not in values:
        raise BadRequest("proximity", "proximity needs a postcode.")
    return values
