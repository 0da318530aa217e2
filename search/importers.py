"""CSV import and export of directory services: the Open Referral UK tables flattened into one row
per service (see README, "Services directory CSV").

Import is all or nothing: every row is validated first (streaming, so a 100 MB file is never held
in memory); if any row is bad, nothing is written and the report lists each bad row with its line
number. ``dry_run`` validates and reports without writing. Rows are matched on ``external_id``, so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from portal.sanitise import sanitise_text

from . import vocabulary as v

COLUMNS = [
    "external_id", "organisation_external_id", "organisation_name", "name", "description", "status",
    "service_types", "referral_routes", "risk_levels", "attending_type", "languages",
    "eligibility_description", "minimum_age", "maximum_age", "application_process", "fees_description",
    "is_free", "respect_accredited", "assured_date", "is_national", "police_force_areas",
    "service_area_codes", "phone", "email", "url", "location_name", "address_1", "city", "postal_code",
    "location_confidential", "last_reviewed",
]
REQUIRED = ["external_id", "organisation_name", "name", "description", "service_types"]
MULTI = {"service_types": v.SERVICE_TYPES, "referral_routes": v.REFERRAL_ROUTES,
         "risk_levels": v.RISK_LEVELS, "attending_type": v.ATTENDING_TYPES, "languages": v.LANGUAGES}
TEXT_LIMITS = {"external_id": 100, "organisation_external_id": 100, "organisation_name": 255, "name": 255,
               "fees_description": 255, "police_force_areas": 255, "phone": 30, "location_name": 255,
               "address_1": 255, "city": 120, "email": 254, "url": 200}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
MAX_FIELD = 10_000


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        out = [f"line {line}: {message}" for line, message in self.errors]
        if self.errors:
            out.append(f"{len(self.errors)} problem(s) in {self.rows} row(s): nothing was imported.")
        elif self.dry_run:
            out.append(f"{self.rows} row(s) are valid (dry run: nothing was written).")
        else:
            out.append(f"{self.rows} row(s) imported: {self.created} created, {self.updated} updated, "
                       f"{self.unchanged} unchanged.")
        return out


class RowError(ValueError):
    pass


def _bool(value: str, name: str) -> bool:
    folded = value.strip().casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise RowError(f'{name} must be "yes" or "no", not "{value}"')


def _int(value: str, name: str) -> int | None:
    if not value.strip():
        return None
    try:
        number = int(value)
    except ValueError:
        raise RowError(f'{name} must be a whole number, not "{value}"') from None
    if not 0 <= number <= 120:
        raise RowError(f"{name} must be between 0 and 120")
    return number


def _date(value: str, name: str) -> datetime.date | None:
    if not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise RowError(f'{name} must be a date like 2025-03-31, not "{value}"') from None


def _codes(value: str, name: str) -> list[str]:
    codes = [c.strip() for c in value.replace(",", ";").split(";") if c.strip()]
    allowed = dict(MULTI[name])
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise RowError(f"{name}: unknown value(s) {', '.join(bad)} (allowed: {', '.join(allowed)})")
    return codes


def clean_row(raw: dict) -> dict:
    """Validate and sanitise one row; raises RowError with a reason people can act on."""
    from search.areas import authority_name
    from search.geo import is_outcode, lookup, normalise_postcode, outcode_of

    row = {}
    for name in COLUMNS:
        value = raw.get(name) or ""
        if len(value) > MAX_FIELD:
            raise RowError(f"{name} is longer than {MAX_FIELD} characters")
        row[name] = sanitise_text(value) if name != "application_process" else "\n".join(
            sanitise_text(line) for line in value.splitlines() if sanitise_text(line))
        limit = TEXT_LIMITS.get(name)
        if limit and len(row[name]) > limit:
            raise RowError(f"{name} is longer than {limit} characters")
    for name in REQUIRED:
        if not row[name]:
            raise RowError(f"{name} is empty")
    for name in MULTI:
        row[name] = _codes(row[name], name)
    if not row["service_types"]:
        raise RowError("service_types is empty")
    row["status"] = row["status"] or "active"
    if row["status"] not in dict(v.STATUSES):
        raise RowError(f'status must be one of {", ".join(dict(v.STATUSES))}, not "{row["status"]}"')
    for name in ("is_free", "respect_accredited", "is_national", "location_confidential"):
        row[name] = _bool(row[name], name) if name != "is_free" or row[name] else True
    row["minimum_age"] = _int(row["minimum_age"], "minimum_age")
    row["maximum_age"] = _int(row["maximum_age"], "maximum_age")
    if row["minimum_age"] and row["maximum_age"] and row["minimum_age"] > row["maximum_age"]:
        raise RowError("minimum_age is more than maximum_age")
    row["assured_date"] = _date(row["assured_date"], "assured_date")
    row["last_reviewed"] = _date(row["last_reviewed"], "last_reviewed")
    areas = [c.strip().upper() for c in row["service_area_codes"].replace(",", ";").split(";") if c.strip()]
    unknown = [c for c in areas if authority_name(c) is None]
    if unknown:
        raise RowError(f"service_area_codes: unknown local authority code(s) {', '.join(unknown)}")
    row["service_area_codes"] = areas
    if row["email"] and ("@" not in row["email"] or " " in row["email"]):
        raise RowError(f'email "{row["email"]}" is not an email address')
    if row["url"] and not row["url"].startswith(("https://", "http://")):
        raise RowError(f'url "{row["url"]}" must start with https://')
    if row["postal_code"]:
        postcode = normalise_postcode(row["postal_code"])
        if not postcode and not (row["location_confidential"] and is_outcode(row["postal_code"])):
            raise RowError(f'postal_code "{row["postal_code"]}" is not a UK postcode')
        place = lookup(postcode or outcode_of(row["postal_code"]))
        if not place:
            raise RowError(f'postal_code "{row["postal_code"]}": {place.message}')
        row["postal_code"] = postcode or place.label
        row["_place"] = place
        if not row["city"]:
            raise RowError("city is empty (needed with a postcode)")
    elif not row["is_national"] and not areas:
        raise RowError("a local service needs a postal_code or service_area_codes")
    return row


def _decoded_rows(stream) -> Iterator[tuple[int, dict | None, str | None]]:
    """Yield (line number, row, error) from a binary stream, reading it lazily."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.DictReader(text)
    try:
        header = reader.fieldnames or []
    except UnicodeDecodeError:
        yield 1, None, "the file is not UTF-8 text (save it as \"CSV UTF-8\")"
        return
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield 1, None, f"missing column(s): {', '.join(missing)}"
        return
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        yield 1, None, f"unknown column(s): {', '.join(unknown)}"
        return
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield reader.line_num + 1, None, "the file is not UTF-8 text from here on (save it as \"CSV UTF-8\")"
            return
        except csv.Error as exc:
            yield reader.line_num, None, f"the CSV is malformed ({exc})"
            return
        if None in raw:
            yield reader.line_num, None, "this row has more cells than the header"
            continue
        yield reader.line_num, raw, None


def import_services(open_stream: Callable[[], Iterable], *, dry_run: bool = False, user=None,
                    progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import from ``open_stream()`` (called once to validate and once to write; returns a binary
    file object). Returns the report; writes only if every row is valid and not ``dry_run``."""
    report = ImportReport(dry_run=dry_run)
    seen: dict[str, int] = {}
    with open_stream() as stream:
        for line, raw, error in _decoded_rows(stream):
            if error:
                report.errors.append((line, error))
                continue
            report.rows += 1
            if progress and report.rows % 1000 == 0:
                progress(report.rows)
            try:
                row = clean_row(raw)
            except RowError as exc:
                report.errors.append((line, str(exc)))
                continue
            key = row["external_id"]
            if key in seen:
                report.errors.append((line, f'external_id "{key}" is already used on line {seen[key]}'))
                continue
            seen[key] = line
    if report.errors or dry_run:
        return report
    with transaction.atomic(), open_stream() as stream:
        done = 0
        for _line, raw, _error in _decoded_rows(stream):
            outcome = _write(clean_row(raw), user)
            setattr(report, outcome, getattr(report, outcome) + 1)
            done += 1
            if progress and done % 1000 == 0:
                progress(done)
    report.written = True
    return report


def _write(row: dict, user) -> str:
    from .models import ListingChange, Location, Organisation, Phone, Service, ServiceArea, ServiceAtLocation

    org_key = row["organisation_external_id"] or None
    org = (Organisation.objects.filter(external_id=org_key).first() if org_key
           else Organisation.objects.filter(name=row["organisation_name"], external_id__isnull=True).first())
    if org is None:
        org = Organisation.objects.create(name=row["organisation_name"], external_id=org_key)
    elif org.name != row["organisation_name"]:
        org.name = row["organisation_name"]
        org.save()
    fields = {name: row[name] for name in (
        "name", "description", "status", "eligibility_description", "minimum_age", "maximum_age",
        "application_process", "fees_description", "is_free", "respect_accredited", "assured_date",
        "is_national", "police_force_areas", "email", "url", "last_reviewed")}
    fields.update(service_types=row["service_types"], referral_routes=row["referral_routes"],
                  risk_levels=row["risk_levels"], attending_type=row["attending_type"],
                  languages=row["languages"], organization=org)
    service = Service.objects.filter(external_id=row["external_id"]).first()
    outcome = "created"
    changes = {}
    if service is None:
        service = Service(external_id=row["external_id"], **fields)
        service.save()
    else:
        for name, value in fields.items():
            old = getattr(service, name)
            if old != value:
                changes[name] = [_jsonable(old), _jsonable(value)]
                setattr(service, name, value)
        outcome = "updated" if changes else "unchanged"
        if changes:
            service.save()
    if row["phone"] and not service.phones.filter(number=row["phone"]).exists():
        service.phones.all().delete()
        Phone.objects.create(service=service, number=row["phone"])
        outcome = "updated" if outcome == "unchanged" else outcome
    existing_areas = set(service.service_areas.values_list("la_code", flat=True))
    if existing_areas != set(row["service_area_codes"]):
        from .areas import authority_name

        service.service_areas.all().delete()
        for code in row["service_area_codes"]:
            ServiceArea.objects.create(service=service, la_code=code, name=authority_name(code))
        outcome = "updated" if outcome == "unchanged" else outcome
    if row["postal_code"]:
        loc_key = f"{row['external_id']}:location"
        place = row["_place"]
        loc = Location.objects.filter(external_id=loc_key).first() or Location(external_id=loc_key)
        wanted = dict(organization=org, name=row["location_name"] or row["name"], address_1=row["address_1"],
                      city=row["city"], postal_code=row["postal_code"],
                      is_confidential=row["location_confidential"])
        if loc._state.adding or any(getattr(loc, k) != val for k, val in wanted.items()):
            for k, val in wanted.items():
                setattr(loc, k, val)
            loc.latitude, loc.longitude = place.latitude, place.longitude
            loc.save()
            ServiceAtLocation.objects.get_or_create(service=service, location=loc)
            outcome = "updated" if outcome == "unchanged" else outcome
    if outcome != "unchanged":
        ListingChange.objects.create(service=service, user=user, source=ListingChange.Source.IMPORT,
                                     changes=changes, note="Created by CSV import" if outcome == "created" else "")
    return outcome


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


# --- export -----------------------------------------------------------------------------------
def export_rows(queryset=None) -> Iterator[list[str]]:
    """Header, then one row per service; confidential locations are masked (outcode only)."""
    from .models import Service

    qs = queryset if queryset is not None else Service.objects.all()
    qs = qs.select_related("organization").prefetch_related(
        "phones", "service_areas", "service_at_locations__location").order_by("name", "id")
    yield COLUMNS
    for s in qs.iterator(chunk_size=500):
        locations = [sal.location for sal in s.service_at_locations.all()]
        loc = locations[0] if locations else None
        phones = list(s.phones.all())
        yes = lambda b: "yes" if b else "no"  # noqa: E731
        yield [
            s.external_id or str(s.pk), s.organization.external_id or "", s.organization.name, s.name,
            s.description, s.status, ";".join(s.service_types), ";".join(s.referral_routes),
            ";".join(s.risk_levels), ";".join(s.attending_type), ";".join(s.languages),
            s.eligibility_description, s.minimum_age or "", s.maximum_age or "", s.application_process,
            s.fees_description, yes(s.is_free), yes(s.respect_accredited),
            s.assured_date.isoformat() if s.assured_date else "", yes(s.is_national), s.police_force_areas,
            ";".join(a.la_code for a in s.service_areas.all()), phones[0].number if phones else "",
            s.email, s.url, loc.name if loc else "",
            ("" if loc.is_confidential else loc.address_1) if loc else "", loc.city if loc else "",
            (loc.outcode if loc.is_confidential else loc.postal_code) if loc else "",
            yes(loc.is_confidential) if loc else "no",
            s.last_reviewed.isoformat() if s.last_reviewed else "",
        ]


class _Echo:
    def write(self, value):
        return value


def export_csv_lines(queryset=None) -> Iterator[str]:
    """CSV text, one line at a time (for a StreamingHttpResponse or a file)."""
    writer = csv.writer(_Echo())
    for row in export_rows(queryset):
        yield writer.writerow(row)
