"""CSV import and export of directory services: the Open Referral UK tables flattened into one row
per service and location (see README, "Services directory CSV").

- **Round trip is the identity.** Exporting, importing that file and exporting again gives the same
  bytes and changes no row. Services, organisations and locations are matched on their ids (the
  export writes ``external_id``, or the database id of a record that has none), so nothing is
  duplicated. A service with several locations has one row per location; its own columns repeat.
- **Confidential locations** are exported with the town only. Importing such a row keeps the full
  address, postcode and coordinates stored for that location.
- **Spreadsheet safe.** Every exported cell goes through ``portal.spreadsheet``; the importer turns a
  neutralised cell back into its text and otherwise keeps leading characters as given.
- **All or nothing.** Every row is checked first (streamed: the file is never held in memory) and
  each problem is reported with its physical line and its column; if any row is bad nothing is
  written. ``dry_run`` checks and reports without writing.
- **Bulk writes.** Services are written 500 at a time with a few queries per batch; their derived
  search data is refreshed once per batch that changes it, not per row (``search.directory.derived``).
"""

from __future__ import annotations

import csv
import datetime
import pickle
import re
import tempfile
import uuid
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.sanitise import control_characters_in, sanitise_text
from portal.spreadsheet import from_spreadsheet, safe_row
from search.directory import facets as v
from search.directory.areas import authorities
from search.directory.bulk import insert_rows, insert_values, update_rows
from search.directory.derived import (
    Written,
    purge_listing_pages,
    refresh_services,
    services_of_organisation,
    set_text,
)
from search.geo import PlaceKind, is_outcode, lookup, normalise_postcode
from search.models import ListingChange, Location, Organisation, Phone, Service, ServiceArea, ServiceAtLocation

# Each facet's codes are one column, named as its Service field, separated by ";" (search.directory.facets).
FACET_COLUMNS = {facet.field: facet for facet in v.REGISTRY.facets}
SERVICE_COLUMNS = [
    "external_id", "organisation_external_id", "organisation_name", "name", "description", "status",
    *FACET_COLUMNS,
    "eligibility_description", "minimum_age", "maximum_age", "application_process", "fees_description",
    "is_free", "respect_accredited", "assured_date", "is_national", "police_force_areas",
    "service_area_codes", "phone", "email", "url",
]
LOCATION_COLUMNS = ["location_external_id", "location_name", "address_1", "city", "postal_code",
                    "location_confidential"]
COLUMNS = SERVICE_COLUMNS + LOCATION_COLUMNS + ["last_reviewed"]
# Columns that describe the service (the same on each of its rows) rather than one location.
PER_SERVICE = [c for c in COLUMNS if c not in LOCATION_COLUMNS]
REQUIRED = ["external_id", "organisation_name", "name", "description", "service_types"]
MULTILINE = {"description", "eligibility_description", "application_process"}
# Identifiers, codes, numbers and dates: surrounding spaces mean nothing and are dropped. Text
# columns keep every character as given.
TRIMMED = {"external_id", "organisation_external_id", "status", "minimum_age", "maximum_age", "is_free",
           "respect_accredited", "assured_date", "is_national", "service_area_codes", "phone", "email", "url",
           "location_external_id", "postal_code", "location_confidential", "last_reviewed", *FACET_COLUMNS}
TEXT_LIMITS = {"external_id": 100, "organisation_external_id": 100, "organisation_name": 255, "name": 255,
               "fees_description": 255, "police_force_areas": 255, "phone": 255, "location_external_id": 100,
               "location_name": 255, "address_1": 255, "city": 120, "email": 254, "url": 200}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
MAX_FIELD = 10_000
EARLIEST_DATE = datetime.date(1990, 1, 1)
BATCH = 500
READ_SIZE = 32 * 1024
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,3}")
# The usual "dot-atom" form of an address's local part; no quoted forms such as ""@example.org.
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_validate_url = URLValidator(schemes=["http", "https"])
# A quick test before naming the characters with portal.sanitise.control_characters_in (the rule).
_MAYBE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # "" when the problem is the whole row or file
    message: str

    def __str__(self):
        where = f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    services: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        out = [str(problem) for problem in self.errors]
        if self.errors:
            out.append(f"{len(self.errors)} problem(s) in {self.rows} row(s): nothing was imported.")
        elif self.dry_run:
            out.append(f"{self.rows} row(s) for {self.services} service(s) are valid: importing would create "
                       f"{self.created}, update {self.updated} and leave {self.unchanged} unchanged "
                       "(dry run: nothing was written).")
        else:
            out.append(f"{self.rows} row(s) for {self.services} service(s) imported: {self.created} created, "
                       f"{self.updated} updated, {self.unchanged} unchanged.")
        return out


class RowError(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


class _WriteProblem(Exception):
    """A row that only the database can show to be wrong; the whole import is rolled back."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class FileError(Exception):
    """The file cannot be read any further (bad bytes, broken quoting); reported at ``line``."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


# --- reading ----------------------------------------------------------------------------------
class _Lines:
    """The stream's physical lines, decoded as UTF-8 one line at a time, so a bad byte is reported
    on its own line. Reads fixed-size chunks; ``fraction`` is how far through the file it is."""

    def __init__(self, stream, size: int | None = None):
        self.stream, self.size, self.number, self.consumed = stream, size, 0, 0

    def __iter__(self):
        pending = b""
        while True:
            chunk = self.stream.read(READ_SIZE)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                yield self._decode(raw + b"\n")
        if pending:
            yield self._decode(pending)

    def _decode(self, raw: bytes) -> str:
        self.number += 1
        self.consumed += len(raw)
        if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            character = len(raw[:exc.start].decode("utf-8", errors="replace")) + 1
            raise FileError(self.number, f"byte 0x{raw[exc.start]:02X} at character {character} is not UTF-8 "
                            'text: save the file as "CSV UTF-8" (the rest of the file was not checked)') from None

    @property
    def fraction(self) -> float | None:
        return min(self.consumed / self.size, 1.0) if self.size else None


@dataclass
class Record:
    line: int  # physical line the row starts on
    end_line: int
    cells: dict[str, str]
    columns: frozenset = frozenset(COLUMNS)  # the columns the file has


def _records(stream, size=None, lines: _Lines | None = None) -> Iterator[Record | Problem]:
    """Rows of the file as column -> cell, each with the physical line it starts on; or Problems.
    Blank lines are skipped. A broken file (bad bytes, an unclosed quote) ends with one Problem."""
    lines = lines or _Lines(stream, size)
    reader = csv.reader(lines, strict=True)
    header = None
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except FileError as exc:
            yield Problem(exc.line, "", str(exc))
            return
        except csv.Error as exc:
            yield Problem(start, "", _csv_problem(exc, start, reader.line_num))
            return
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            problem = _header_problem(header)
            if problem:
                yield Problem(start, "", problem)
                return
            present = frozenset(header)
            continue
        if len(cells) != len(header):
            what = "more" if len(cells) > len(header) else "fewer"
            yield Problem(start, "", f"this row has {len(cells)} cells, {what} than the {len(header)} columns of "
                          "the header (a cell may be missing, or a quote \" not closed)")
            continue
        yield Record(start, reader.line_num, dict(zip(header, cells, strict=True)), present)
    if header is None:
        yield Problem(1, "", "the file is empty: the first line must name the columns")


def _csv_problem(exc: csv.Error, start: int, end: int) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return ("a cell starting in this row is far too long: a quote (\") opened here is probably never "
                "closed (the rest of the file was not checked)")
    if "unexpected end of data" in text or "EOF" in text:
        return "a quote (\") opened in this row is never closed before the end of the file"
    if "expected after" in text:
        return (f"a quoted cell in this row is not closed properly: on line {end} a closing quote (\") is "
                "followed by more text (the rest of the file was not checked)")
    return f"this row is not valid CSV ({text}; the rest of the file was not checked)"


def _header_problem(header: list[str]) -> str | None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return f"missing column(s): {', '.join(missing)} (the first line must name the columns)"
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        return f"unknown column(s): {', '.join(unknown)} (allowed: {', '.join(COLUMNS)})"
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        return f"column(s) named twice: {', '.join(repeated)}"
    return None


# --- checking one row -------------------------------------------------------------------------
def _plain(value: str) -> str:
    """Tags removed, everything else (leading and trailing characters included) as given."""
    if "<" not in value and "&" not in value:
        return value
    lead = value[:len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()):]
    core = sanitise_text(value)
    return f"{lead}{core}{trail}" if core else ""


def _text(record: Record, name: str) -> str:
    value = from_spreadsheet(record.cells.get(name, ""))
    if len(value) > MAX_FIELD:
        raise RowError(name, f"is longer than {MAX_FIELD} characters")
    if not _MAYBE_CONTROL.search(value):
        pass
    elif name in MULTILINE:
        bad = [c for c in control_characters_in(value) if c not in ("line feed", "carriage return", "tab")]
        if bad:
            raise RowError(name, f"contains a control character ({', '.join(bad)})")
    else:
        found = control_characters_in(value)
        if found and ("\n" in value or "\r" in value) and record.end_line > record.line:
            raise RowError(name, f"must be on one line, without {', '.join(found)}, but runs over lines "
                           f"{record.line} to {record.end_line}: is a closing quote (\") missing?")
        if found:
            raise RowError(name, f"must be on one line, without {', '.join(found)}")
    if name in MULTILINE and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if name in TRIMMED:
        value = value.strip()
    value = _plain(value)
    limit = TEXT_LIMITS.get(name)
    if limit and len(value) > limit:
        raise RowError(name, f"is longer than {limit} characters ({len(value)})")
    return value


def _bool(value: str, name: str, default: bool) -> bool:
    if not value:
        return default
    folded = value.casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise RowError(name, f'must be "yes" or "no", not "{value}"')


def _int(value: str, name: str) -> int | None:
    if not value:
        return None
    if not _WHOLE_NUMBER.fullmatch(value):
        raise RowError(name, f'must be a whole number of years written with digits only, like 18, not "{value}"')
    number = int(value)
    if number > 120:
        raise RowError(name, f"must be between 0 and 120, not {number}")
    return number


def _date(value: str, name: str, today: datetime.date) -> datetime.date | None:
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise RowError(name, f'must be a date written YYYY-MM-DD, like 2025-03-31, not "{value}"') from None
    if day < EARLIEST_DATE:
        raise RowError(name, f"{value} is before {EARLIEST_DATE.year}: check the year")
    if day > today + datetime.timedelta(days=1):
        raise RowError(name, f"{value} is in the future: give the date it happened")
    return day


def _codes(value: str, name: str) -> list[str]:
    codes = list(dict.fromkeys(c.strip() for c in value.replace(",", ";").split(";") if c.strip()))
    allowed = dict(FACET_COLUMNS[name].choices)
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise RowError(name, f"unknown value(s) {', '.join(bad)} (allowed: {', '.join(allowed)})")
    order = list(allowed)
    return sorted(codes, key=order.index)  # the order the database keeps them in


def _email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    try:
        if not local or not _EMAIL_LOCAL.fullmatch(local):
            raise ValidationError("local part")
        validate_email(value)
    except ValidationError:
        raise RowError("email", f'"{value}" is not an email address (like team@example.org)') from None
    return value


def _url(value: str) -> str:
    try:
        _validate_url(value)
    except ValidationError:
        raise RowError("url", f'"{value}" is not a web address starting with https:// or http://') from None
    return value


class RowChecker:
    """Checks rows one at a time; holds the lookups (local authorities) it needs once per import."""

    def __init__(self):
        self.authorities = authorities()
        self.today = timezone.localdate()

    def clean(self, record: Record) -> dict:
        """The row's values, checked and typed; raises RowError naming the column."""
        row = {name: _text(record, name) for name in COLUMNS}
        row["_line"] = record.line
        for name in REQUIRED:
            if not row[name].strip():
                raise RowError(name, "is empty (it is required)")
        self._values(row)
        self._reach(row)
        self._location(row, record.columns)
        return row

    def _values(self, row: dict) -> None:
        """Codes, status, yes/no columns, ages and dates."""
        for name in FACET_COLUMNS:
            row[name] = _codes(row[name], name)
        row["status"] = row["status"] or "active"
        if row["status"] not in dict(v.STATUSES):
            raise RowError("status", f'must be one of {", ".join(dict(v.STATUSES))}, not "{row["status"]}"')
        row["is_free"] = _bool(row["is_free"], "is_free", True)
        for name in ("respect_accredited", "is_national", "location_confidential"):
            row[name] = _bool(row[name], name, False)
        row["minimum_age"] = _int(row["minimum_age"], "minimum_age")
        row["maximum_age"] = _int(row["maximum_age"], "maximum_age")
        if row["minimum_age"] is not None and row["maximum_age"] is not None \
                and row["minimum_age"] > row["maximum_age"]:
            raise RowError("maximum_age", f"is less than minimum_age ({row['maximum_age']} < {row['minimum_age']})")
        row["assured_date"] = _date(row["assured_date"], "assured_date", self.today)
        row["last_reviewed"] = _date(row["last_reviewed"], "last_reviewed", self.today)

    def _reach(self, row: dict) -> None:
        """The areas covered and how to get in touch."""
        areas = list(dict.fromkeys(c.strip().upper() for c in row["service_area_codes"].replace(",", ";").split(";")
                                   if c.strip()))
        unknown = [c for c in areas if c not in self.authorities]
        if unknown:
            raise RowError("service_area_codes", f"unknown local authority code(s) {', '.join(unknown)} "
                           "(ONS codes in England or Wales, like W06000015)")
        row["service_area_codes"] = areas
        row["phone"] = list(dict.fromkeys(p.strip() for p in row["phone"].split(";") if p.strip()))
        too_long = [p for p in row["phone"] if len(p) > 30]
        if too_long:
            raise RowError("phone", f'"{too_long[0]}" is longer than 30 characters')
        if row["email"]:
            _email(row["email"])
        if row["url"]:
            _url(row["url"])

    def _location(self, row: dict, columns: frozenset) -> None:
        """The row's location, resolved to a place: by postcode, or by town for a confidential one."""
        row["_place"] = None
        postcode_text = row["postal_code"]
        confidential = row["location_confidential"]
        has_location = any(row[c] for c in LOCATION_COLUMNS if c != "location_confidential") or confidential
        row["_has_location"] = has_location
        if postcode_text:
            row["_place"] = self._postcode_place(row, postcode_text, confidential)
        elif has_location:
            row["_place"] = self._town_place(row, confidential)
        elif not (row["is_national"] or row["service_area_codes"]) and {"postal_code", "service_area_codes"} <= columns:
            raise RowError("postal_code", "is empty: a local service needs a location (postal_code) or "
                           "the areas it covers (service_area_codes)")

    @staticmethod
    def _postcode_place(row: dict, postcode_text: str, confidential: bool):
        postcode = normalise_postcode(postcode_text)
        if not postcode and not (confidential and is_outcode(postcode_text)):
            raise RowError("postal_code", f'"{postcode_text}" is not a UK postcode (like CF10 1EP)'
                           + (" or, for a confidential location, its first half" if confidential else ""))
        place = lookup(postcode or postcode_text)
        if not place:
            raise RowError("postal_code", f'"{postcode_text}": {place.message}')
        row["postal_code"] = postcode or place.label
        if not row["city"].strip():
            raise RowError("city", "is empty (a location needs its town or city)")
        return place

    @staticmethod
    def _town_place(row: dict, confidential: bool):
        if not confidential:
            raise RowError("postal_code", "is empty (a location that is not confidential needs its postcode)")
        if row["address_1"]:
            raise RowError("postal_code", "is empty: give the postcode with the address")
        if not row["city"].strip():
            raise RowError("city", "is empty (a confidential location needs at least its town)")
        place = lookup(row["city"])
        # Only needed for a new location; an existing one keeps its stored place (checked later).
        return place if place and place.kind == PlaceKind.TOWN else None


def _digest(row: dict, columns) -> bytes:
    return array("I", (zlib.crc32(repr(row[c]).encode()) for c in columns)).tobytes()


def _differing_column(a: bytes, b: bytes, columns) -> str:
    left, right = array("I"), array("I")
    left.frombytes(a)
    right.frombytes(b)
    return next((c for c, x, y in zip(columns, left, right, strict=True) if x != y), columns[0])


@dataclass
class _Seen:
    line: int
    digest: bytes
    last_line: int
    locations: set = field(default_factory=set)


class _Consistency:
    """What the file says about each id, to report conflicts: one service, one organisation name and
    one location per id. Memory: a few dozen bytes per id."""

    LOCATION_DETAILS = ["location_name", "address_1", "city", "postal_code", "location_confidential"]

    def __init__(self):
        self.services: dict[str, _Seen] = {}
        self.organisations: dict[str, tuple[int, str]] = {}
        self.locations: dict[str, tuple[int, bytes]] = {}

    def check(self, line: int, row: dict) -> None:
        key = row["external_id"]
        digest = _digest(row, PER_SERVICE)
        seen = self.services.get(key)
        if seen is None:
            seen = self.services[key] = _Seen(line, digest, line)
        elif seen.digest != digest:
            column = _differing_column(seen.digest, digest, PER_SERVICE)
            raise RowError(column, f'differs from line {seen.line}, which has the same external_id "{key}" (a '
                           "service with several locations repeats the same service details on each row)")
        loc_key = row["location_external_id"] or (f"(row {line})" if row["_has_location"] else "")
        if loc_key in seen.locations or (not loc_key and seen.locations) or (loc_key and "" in seen.locations):
            raise RowError("location_external_id" if loc_key else "external_id",
                           f'external_id "{key}" is already used on line {seen.line}'
                           + (" with the same location" if loc_key else ""))
        seen.locations.add(loc_key)
        seen.last_line = line
        org = row["organisation_external_id"]
        if org:
            first = self.organisations.setdefault(org, (line, row["organisation_name"]))
            if first[1] != row["organisation_name"]:
                raise RowError("organisation_name", f'"{row["organisation_name"]}" differs from line {first[0]}, '
                               f'which names organisation_external_id "{org}" "{first[1]}" (one name per '
                               "organisation)")
        if row["location_external_id"]:
            details = _digest(row, self.LOCATION_DETAILS)
            first = self.locations.setdefault(row["location_external_id"], (line, details))
            if first[1] != details:
                column = _differing_column(first[1], details, self.LOCATION_DETAILS)
                raise RowError(column, f'differs from line {first[0]}, which has the same location_external_id '
                               f'"{row["location_external_id"]}"')


# --- import -----------------------------------------------------------------------------------
Progress = Callable[[str, int, float | None], None]


def import_services(open_stream: Callable[[], object], *, dry_run: bool = False, user=None,
                    progress: Progress | None = None, size: int | None = None) -> ImportReport:
    """Import from ``open_stream()`` (a binary file object, read once, a block at a time). Writes
    only if every row is valid and not ``dry_run``. ``progress(phase, rows, fraction)`` is called
    every 1,000 rows ("checking", then "writing" or "trying"); ``size`` (bytes) lets it say how far.

    The checking pass spools each checked row to a temporary file, so the writing pass reads them
    back instead of parsing and checking the file again; memory stays a few dozen bytes per id."""
    report = ImportReport(dry_run=dry_run)
    checker = RowChecker()
    consistency = _Consistency()
    columns = frozenset()
    with open_stream() as stream, tempfile.TemporaryFile() as spool:
        lines = _Lines(stream, size)
        for item in _records(stream, lines=lines):
            if isinstance(item, Problem):
                report.errors.append(item)
                continue
            report.rows += 1
            columns = item.columns
            if progress and report.rows % 1000 == 0:
                progress("checking", report.rows, lines.fraction)
            try:
                row = checker.clean(item)
                consistency.check(item.line, row)
            except RowError as exc:
                report.errors.append(Problem(item.line, exc.column, str(exc)))
                continue
            if not report.errors:
                pickle.dump(row, spool, pickle.HIGHEST_PROTOCOL)
        report.services = len(consistency.services)
        if not report.errors and report.rows == 0:
            report.errors.append(Problem(2, "", "the file has a header but no rows"))
        if report.errors:
            return report
        last_lines = {key: seen.last_line for key, seen in consistency.services.items()}
        del consistency
        spool.seek(0)
        try:
            _write(spool, last_lines, _Writer(user, report, columns), report, dry_run, progress)
        except _WriteProblem as exc:
            report.errors.append(exc.problem)
            report.created = report.updated = report.unchanged = 0
            return report
    report.written = not dry_run
    return report


def _spooled(spool) -> Iterator[dict]:
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _write(spool, last_lines: dict, writer: _Writer, report: ImportReport, dry_run: bool,
           progress: Progress | None) -> None:
    """The real writes, in one transaction, a batch of whole services at a time (a service's rows
    are written once its last row is read). A dry run makes them and rolls them back, so it
    reports exactly what importing would do."""
    with transaction.atomic():
        pending: dict[str, list] = {}
        batch = []
        for done, row in enumerate(_spooled(spool), 1):
            key = row["external_id"]
            pending.setdefault(key, []).append(row)
            if last_lines[key] == row["_line"]:
                batch.append(pending.pop(key))
                if len(batch) >= BATCH:
                    writer.write(batch)
                    batch = []
            if progress and done % 1000 == 0:
                progress("writing" if not dry_run else "trying", done, done / report.rows)
        if batch:
            writer.write(batch)
        writer.finish()
        if dry_run:
            transaction.set_rollback(True)


def _resolve(model, keys) -> dict:
    """Existing records for these ids: by ``external_id``, else by database id for records without
    one (the export writes the database id of a record that has no external id)."""
    keys = set(keys)
    found = {obj.external_id: obj for obj in model.objects.filter(external_id__in=keys)}
    by_pk = {}
    for key in keys - set(found):
        try:
            by_pk[uuid.UUID(key)] = key
        except ValueError:
            continue
    if by_pk:
        for obj in model.objects.filter(pk__in=list(by_pk), external_id__isnull=True):
            found[by_pk[obj.pk]] = obj
    return found


SERVICE_FIELDS = ["name", "description", "status", "eligibility_description", "minimum_age", "maximum_age",
                  "application_process", "fees_description", "is_free", "respect_accredited", "assured_date",
                  "is_national", "police_force_areas", "email", "url", "last_reviewed", *FACET_COLUMNS]


class _NewService(SimpleNamespace):
    """A service the import creates, as plain values: attributes named as ``Service``'s (what
    search.directory.derived reads) that ``vars()`` gives as the row to insert (``bulk.insert_values``)."""

    @property
    def pk(self):
        return self.id


class _Writer:
    """Writes checked services a batch at a time and refreshes their derived data once each."""

    def __init__(self, user, report: ImportReport, columns: frozenset):
        self.user, self.report, self.columns = user, report, columns
        self.fields = [f for f in SERVICE_FIELDS if f in columns]
        self.has_locations = bool(columns & {"postal_code", "city", "location_external_id"})
        self.organisations: dict = {}
        self.unnamed = {}  # organisations without an external id, by name
        self.renamed: set = set()
        self.Organisation = Organisation
        self.now = timezone.now()
        self.user_id = user.pk if user is not None else None
        # A new service's values that no column gives but its derived text reads.
        self.new_defaults = {name: Service._meta.get_field(name).get_default() for name in Service.DERIVED_FROM
                             if name not in SERVICE_FIELDS and name != "organization"}

    # organisations ----------------------------------------------------------------------------
    def _organisations(self, groups) -> None:
        Organisation = self.Organisation
        wanted = {g[0]["organisation_external_id"]: g[0]["organisation_name"] for g in groups
                  if g[0]["organisation_external_id"]}
        missing = [k for k in wanted if k not in self.organisations]
        self.organisations.update(_resolve(Organisation, missing))
        names = {g[0]["organisation_name"] for g in groups if not g[0]["organisation_external_id"]}
        names -= set(self.unnamed)
        for org in Organisation.objects.filter(name__in=names, external_id__isnull=True).order_by("name", "pk"):
            self.unnamed.setdefault(org.name, org)
        new, renamed = [], []
        for key, name in wanted.items():
            org = self.organisations.get(key)
            if org is None:
                org = self.organisations[key] = Organisation(name=name, external_id=key)
                new.append(org)
            elif org.name != name:
                org.name, org.last_modified = name, self.now
                renamed.append(org)
        for name in names:
            if name not in self.unnamed:
                org = self.unnamed[name] = Organisation(name=name)
                new.append(org)
        insert_rows(Organisation, new)
        if renamed:
            update_rows(Organisation, renamed, ["name", "last_modified"])
            self.renamed.update(o.pk for o in renamed)

    def _organisation_of(self, row):
        key = row["organisation_external_id"]
        return self.organisations[key] if key else self.unnamed[row["organisation_name"]]

    # services ---------------------------------------------------------------------------------
    def write(self, groups: list[list[dict]]) -> None:
        self._organisations(groups)
        existing = _resolve(Service, [g[0]["external_id"] for g in groups])
        created, updated, history = [], [], []
        outcomes = {}
        for group in groups:
            row = group[0]
            org = self._organisation_of(row)
            service = existing.get(row["external_id"])
            if service is None:
                service = existing[row["external_id"]] = self._new_service(row, org)
                created.append(service)
                outcomes[service.pk] = ("created", {})
                continue
            changes = {}
            if service.organization_id != org.pk:
                changes["organization"] = [str(service.organization_id), str(org.pk)]
            service.organization = org  # (the same record when unchanged: saves a query per service)
            for name in self.fields:
                old, value = getattr(service, name), row[name]
                if old != value:
                    changes[name] = [_jsonable(old), _jsonable(value)]
                    setattr(service, name, value)
            if changes:
                service.last_modified = self.now
                updated.append(service)
            outcomes[service.pk] = ("updated" if changes else "unchanged", changes)
        insert_values(Service, [vars(s) for s in created])
        if updated:
            update_rows(Service, updated, ["organization", "last_modified", *self.fields])
        services = {g[0]["external_id"]: existing[g[0]["external_id"]] for g in groups}
        linked_changes = set()
        if "phone" in self.columns:
            linked_changes |= self._phones(groups, services)
        if "service_area_codes" in self.columns:
            linked_changes |= self._areas(groups, services)
        moved = (self._locations(groups, services) if self.has_locations
                 else {"services": set(), "others": set(), "points": None})
        linked_changes |= moved["services"]
        touched, child_changed = set(), []
        for pk, (outcome, changes) in outcomes.items():
            if outcome == "unchanged" and pk in linked_changes:
                outcome = "updated"  # a phone, area or location changed: the listing changed
                child_changed.append(pk)
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            if outcome != "unchanged":
                touched.add(pk)
                history.append({"service_id": pk, "user_id": self.user_id, "source": ListingChange.Source.IMPORT,
                                "changes": changes, "note": "Created by CSV import" if outcome == "created" else ""})
        if child_changed:
            Service.objects.filter(pk__in=child_changed).update(last_modified=self.now)
        insert_values(ListingChange, history)
        self._refresh(touched | moved["others"], self._written(services.values(), touched, moved["points"]))

    def _new_service(self, row: dict, org) -> _NewService:
        """The record of a service to create: its columns (with its derived text, from search.directory.derived)."""

        service = _NewService(id=uuid.uuid4(), external_id=row["external_id"], organization_id=org.pk,
                              organization=org, **self.new_defaults, **{name: row[name] for name in SERVICE_FIELDS})
        service.slug = f"{_slug_base(service.name)}-{uuid.uuid4().hex[:6]}"
        set_text(service)
        return service

    @staticmethod
    def _written(services, touched: set, points: dict | None) -> dict:
        """What this batch wrote for each touched service, for search.directory.derived to refresh it from (a new
        service was inserted with its derived text)."""

        return {s.pk: Written(s, None if points is None else points.get(s.pk, []), text_set=type(s) is _NewService)
                for s in services if s.pk in touched}

    def _phones(self, groups, services) -> set:
        return self._sync_children(groups, services, Phone, "number", "phone",
                                   lambda service_id, number: {"service_id": service_id, "number": number})

    def _areas(self, groups, services) -> set:
        names = authorities()
        return self._sync_children(groups, services, ServiceArea, "la_code", "service_area_codes",
                                   lambda service_id, code: {"service_id": service_id, "la_code": code,
                                                             "name": names[code]})

    @staticmethod
    def _sync_children(groups, services, model, key_field: str, column: str, make) -> set:
        """Make each service's child rows of ``model`` (its phones, its areas) the ones the file lists
        in ``column``, matched on ``key_field``: rows it no longer lists are deleted, new ones made
        with ``make(service_id, key)`` (a dict of their values). Returns the ids of the services whose
        rows changed."""
        ids = [s.pk for s in services.values()]
        have: dict = {}
        for pk, service_id, key in model.objects.filter(service_id__in=ids).values_list("pk", "service_id", key_field):
            have.setdefault(service_id, {})[key] = pk
        remove, add, changed = [], [], set()
        for group in groups:
            service = services[group[0]["external_id"]]
            current = have.get(service.pk, {})
            wanted = group[0][column]
            gone = [pk for key, pk in current.items() if key not in wanted]
            new = [make(service.pk, key) for key in wanted if key not in current]
            if gone or new:
                remove += gone
                add += new
                changed.add(service.pk)
        model.objects.filter(pk__in=remove).delete()
        insert_values(model, add)
        return changed

    def _locations(self, groups, services) -> dict:
        ids = [s.pk for s in services.values()]
        links: dict = {}
        for pk, service_id, location_id in ServiceAtLocation.objects.filter(service_id__in=ids).values_list(
                "pk", "service_id", "location_id"):
            links.setdefault(service_id, {})[location_id] = pk
        # Which location each row means.
        wanted_keys = []
        for group in groups:
            service = services[group[0]["external_id"]]
            rows = [r for r in group if r["_has_location"]]
            blank = [r for r in rows if not r["location_external_id"]]
            current = links.get(service.pk, {})
            for n, r in enumerate(blank, 1):
                r["_key"] = None
                if len(blank) == 1 and len(rows) == 1 and len(current) == 1:
                    r["_reuse"] = next(iter(current))
                else:
                    r["_key"] = f"{group[0]['external_id']}:location" + (f"-{n}" if n > 1 else "")
                    wanted_keys.append(r["_key"])
            for r in rows:
                if r["location_external_id"]:
                    r["_key"] = r["location_external_id"]
                    wanted_keys.append(r["_key"])
        found = _resolve(Location, wanted_keys)
        reused = [r["_reuse"] for g in groups for r in g if r.get("_reuse")]
        by_pk = Location.objects.in_bulk(reused) if reused else {}
        new_locations, changed_locations, new_links, gone_links = [], {}, [], []
        changed_services, points = set(), {}
        for group in groups:
            service = services[group[0]["external_id"]]
            org = service.organization
            want = {}
            for r in group:
                if not r["_has_location"]:
                    continue
                loc = by_pk.get(r.get("_reuse")) or (found.get(r["_key"]) if r["_key"] else None)
                try:
                    if loc is None:
                        loc = Location(external_id=r["_key"], organization=org)
                        self._apply_location(loc, r, new=True)
                        found[r["_key"]] = loc
                        new_locations.append(loc)
                    elif loc.pk not in changed_locations and not loc._state.adding and self._apply_location(loc, r):
                        changed_locations[loc.pk] = loc
                except RowError as exc:
                    raise _WriteProblem(Problem(r["_line"], exc.column, str(exc))) from None
                want[loc.pk] = loc
            points[service.pk] = [(loc.search_latitude, loc.search_longitude) for loc in want.values()]
            current = links.get(service.pk, {})
            gone = [pk for location_id, pk in current.items() if location_id not in want]
            new = [{"service_id": service.pk, "location_id": lid} for lid in want if lid not in current]
            if gone or new:
                gone_links += gone
                new_links += new
                changed_services.add(service.pk)
        insert_rows(Location, new_locations)
        if changed_locations:
            update_rows(Location, changed_locations.values(), LOCATION_FIELDS)
        ServiceAtLocation.objects.filter(pk__in=gone_links).delete()
        insert_values(ServiceAtLocation, new_links)
        # Services linked to a changed location (in this file or not) need their search data refreshed;
        # those in this file have also changed as listings.
        others = set(ServiceAtLocation.objects.filter(location_id__in=list(changed_locations)).values_list(
            "service_id", flat=True)) if changed_locations else set()
        in_file = set(ids)
        changed_services |= others & in_file
        return {"services": changed_services, "others": others - in_file, "points": points}

    @staticmethod
    def _apply_location(loc, r, new=False) -> bool:
        """Set the location's fields from the row; True if anything changed. A confidential row without
        a postcode (as exported: town only) keeps the stored address, postcode and coordinates."""
        wanted = {"name": r["location_name"] or r["name"], "city": r["city"],
                  "is_confidential": r["location_confidential"]}
        place = r["_place"]
        if r["postal_code"] or new:
            wanted.update(address_1=r["address_1"], postal_code=r["postal_code"])
        elif loc.city != r["city"]:
            raise RowError("city", "a confidential location's town can only change together with its new postcode")
        if place and (new or wanted.get("postal_code", loc.postal_code) != loc.postal_code):
            wanted.update(latitude=place.latitude, longitude=place.longitude, la_code=place.la_code or "")
        changed = [k for k, value in wanted.items() if getattr(loc, k) != value]
        for k in changed:
            setattr(loc, k, wanted[k])
        if changed or new:
            loc.fill_derived()
        if new and loc.latitude is None:
            raise RowError("city", f"we couldn't find the town \"{r['city']}\": give the location's postcode (a "
                           "confidential location's postcode is never shown)")
        return bool(changed)

    def _refresh(self, service_ids, written: dict | None = None) -> None:
        """Refresh what this batch changed. Never skipped for having been refreshed in an earlier
        batch: a service whose location moved then may itself change later in the file."""

        refresh_services(set(service_ids), written)

    def finish(self) -> None:
        others = []
        for org_id in self.renamed:
            others += services_of_organisation(org_id)
        self._refresh(others)
        purge_listing_pages()


LOCATION_FIELDS = ["name", "city", "is_confidential", "address_1", "postal_code", "latitude", "longitude",
                   "la_code", "search_latitude", "search_longitude"]


def _slug_base(name: str) -> str:
    return slugify(name)[:60] or "service"


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


# --- export -----------------------------------------------------------------------------------
def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _key(obj) -> str:
    return obj.external_id or str(obj.pk)


def _location_cells(loc) -> list:
    """A location's cells; a confidential one shows its town only."""
    if loc is None:
        return ["", "", "", "", "", "no"]
    if loc.is_confidential:
        return [_key(loc), loc.name, "", loc.city, "", "yes"]
    return [_key(loc), loc.name, loc.address_1, loc.city, loc.postal_code, "no"]


def export_rows(queryset=None) -> Iterator[list[str]]:
    """Header, then one row per service and location (a service without a location has one row).
    Every cell is spreadsheet safe; confidential locations show the town only."""

    qs = queryset if queryset is not None else Service.objects.all()
    qs = qs.select_related("organization").prefetch_related(
        "phones", "service_areas", "service_at_locations__location").order_by("name", "id")
    yield COLUMNS
    for s in qs.iterator(chunk_size=500):
        service_cells = [
            _key(s), _key(s.organization), s.organization.name, s.name, s.description, s.status,
            *(";".join(getattr(s, field)) for field in FACET_COLUMNS), s.eligibility_description,
            "" if s.minimum_age is None else s.minimum_age, "" if s.maximum_age is None else s.maximum_age,
            s.application_process, s.fees_description, _yes(s.is_free), _yes(s.respect_accredited),
            s.assured_date.isoformat() if s.assured_date else "", _yes(s.is_national), s.police_force_areas,
            ";".join(sorted(a.la_code for a in s.service_areas.all())),
            ";".join(sorted(p.number for p in s.phones.all())), s.email, s.url,
        ]
        reviewed = s.last_reviewed.isoformat() if s.last_reviewed else ""
        locations = sorted((sal.location for sal in s.service_at_locations.all()), key=_key) or [None]
        for loc in locations:
            yield safe_row(service_cells + _location_cells(loc) + [reviewed])


class _Echo:
    def write(self, value):
        return value


def export_csv_lines(queryset=None) -> Iterator[str]:
    """CSV text, one line at a time (for a StreamingHttpResponse or a file)."""
    writer = csv.writer(_Echo())
    for row in export_rows(queryset):
        yield writer.writerow(row)
