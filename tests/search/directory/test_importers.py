"""CSV import/export: every bad row reported by line, all-or-nothing, dry run, idempotent,
sanitised, streamed, and confidential addresses masked on export."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from search.directory.importers import COLUMNS, export_csv_lines, import_services
from search.models import ListingChange, Location, Service

from .. import factories as f

pytestmark = pytest.mark.django_db


def row(**values):
    base = {c: "" for c in COLUMNS}
    base.update(external_id="ext-1", organisation_name="Example Org", name="Cardiff group",
                description="Group programme", service_types="behaviour-change-group",
                referral_routes="self;professional", risk_levels="standard", attending_type="in_person",
                languages="en;cy", city="Cardiff", postal_code="CF10 1AE", phone="01632 960111",
                service_area_codes="W06000015", last_reviewed="2026-01-05", is_free="yes")
    base.update(values)
    return base


def to_csv(rows, columns=COLUMNS, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow(r)
    return out.getvalue().encode(encoding)


def run(data: bytes, **kwargs):
    return import_services(lambda: io.BytesIO(data), **kwargs)


def test_good_file_imports_and_is_idempotent():
    data = to_csv([row(), row(external_id="ext-2", name="Swansea", postal_code="sa1 1ae", city="Swansea",
                                service_area_codes="W06000011")])
    first = run(data)
    assert first.ok and first.written and (first.created, first.updated) == (2, 0)
    svc = Service.objects.get(external_id="ext-1")
    assert svc.referral_routes == ["self", "professional"] and svc.languages == ["en", "cy"]
    assert svc.service_areas.get().la_code == "W06000015"
    assert svc.service_at_locations.get().location.postal_code == "CF10 1AE"
    second = run(data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Service.objects.count() == 2 and Location.objects.count() == 2
    changed = run(to_csv([row(name="Cardiff group (evenings)")]))
    assert changed.updated == 1
    assert Service.objects.get(external_id="ext-1").name == "Cardiff group (evenings)"
    assert ListingChange.objects.filter(source="import", changes__has_key="name").exists()


def test_bad_rows_are_reported_by_line_and_nothing_is_written():
    existing = f.service("Existing", external_id="ext-1")
    data = to_csv([
        row(name="Changed name"),                                         # line 2: fine
        row(external_id="ext-2", postal_code="ZZ99 9ZZ"),                  # line 3
        row(external_id="ext-3", service_types="anger-management"),        # line 4
        row(external_id="ext-1"),                                          # line 5: duplicate
        row(external_id="ext-6", minimum_age="eighteen"),                  # line 6
        row(external_id="ext-7", postal_code="EH1 1AA"),                   # line 7
        row(external_id="ext-8", service_area_codes="X99"),                # line 8
        row(external_id="ext-9", name=""),                                 # line 9
    ])
    report = run(data)
    assert not report.ok and not report.written
    lines = {p.line: f"{p.column}: {p.message}" for p in report.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9]
    assert "We couldn't find that postcode" in lines[3]
    assert "anger-management" in lines[4]
    assert "differs from line 2" in lines[5]
    assert "whole number" in lines[6]
    assert "outside England and Wales" in lines[7]
    assert "X99" in lines[8]
    assert "name: is empty" in lines[9]
    existing.refresh_from_db()
    assert existing.name == "Existing" and Service.objects.count() == 1


def test_dry_run_reports_what_importing_would_do_without_writing():
    f.service("Existing", external_id="ext-2", postcode="CF10 1AE")
    report = run(to_csv([row(), row(external_id="ext-2", name="Renamed")]), dry_run=True)
    assert report.ok and not report.written
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert "would create 1, update 1" in report.lines()[-1] and "dry run" in report.lines()[-1]
    assert list(Service.objects.values_list("name", flat=True)) == ["Existing"]
    assert not ListingChange.objects.exists()


def test_html_and_script_are_stripped():
    run(to_csv([row(description='<script>alert(1)</script><b>Group</b> <a href="x">programme</a>',
                    application_process="<i>Call us</i>\n<script>x</script>\nCome along")]))
    svc = Service.objects.get()
    assert svc.description == "alert(1)Group programme"
    assert svc.how_to_refer_steps == ["Call us", "x", "Come along"]


@pytest.mark.parametrize("data, message", [
    ("name,description\nA,B\n".encode(), "missing column(s): external_id, organisation_name, service_types"),
    (to_csv([row(name="Caf\u00e9 group")], encoding="latin-1"), "not UTF-8"),
    (b"\xff\xfe\x00\x01garbage", "not UTF-8"),
    (to_csv([row()]).replace(b"external_id,", b"external_id,bogus_column,", 1), "unknown column(s): bogus_column"),
])
def test_broken_files_get_a_clear_reason(data, message):
    report = run(data)
    assert not report.ok
    assert message in " ".join(str(p) for p in report.errors)


def test_large_file_is_streamed_not_loaded(tmp_path):
    """The importer reads lazily: it only ever asks the stream for small chunks."""
    data = to_csv([row(external_id=f"ext-{i}", name=f"Service {i}") for i in range(6000)])

    class Watched(io.BytesIO):
        biggest = 0

        def read(self, size=-1):
            Watched.biggest = max(Watched.biggest, size if size and size > 0 else len(data))
            return super().read(size)

        def read1(self, size=-1):
            return self.read(size)

        def readinto(self, b):
            Watched.biggest = max(Watched.biggest, len(b))
            return super().readinto(b)

    report = import_services(lambda: Watched(data), dry_run=True)
    assert report.ok and report.rows == 6000
    assert 0 < Watched.biggest < len(data) / 10


def test_export_shows_confidential_locations_by_town_only():
    f.service("Open", postcode="CF10 1AE", external_id="open-1", areas=[f.CARDIFF])
    f.service("Refuge", postcode="CF24 0AE", confidential=True, external_id="refuge-1")
    text = "".join(export_csv_lines())
    rows = {r["external_id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["open-1"]["postal_code"] == "CF10 1AE"
    assert (rows["refuge-1"]["address_1"], rows["refuge-1"]["city"], rows["refuge-1"]["postal_code"]) == (
        "", "Cardiff", "")
    assert rows["refuge-1"]["location_confidential"] == "yes"
    assert "CF24" not in text and "Example Street" not in text.split("Refuge", 1)[1]
    report = run(text.encode())
    assert report.ok, report.errors


def test_commands(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(to_csv([row()]))
    call_command("import_services", str(good), "--dry-run")
    assert not Service.objects.exists()
    call_command("import_services", str(good))
    assert Service.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([row(external_id="b", postal_code="nope")]))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_services", str(bad))
    out = tmp_path / "out.csv"
    call_command("export_services", "--output", str(out))
    assert "Cardiff group" in out.read_text()


FORMULAS = ['=HYPERLINK("https://evil.example/","Click")', "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+44 1632 960000",
            "-1 for the group"]


@pytest.mark.parametrize("value", FORMULAS)
def test_exports_neutralise_formulas_and_they_import_back_as_they_were(value):
    run(to_csv([row(name=value, organisation_name=value, location_name=value, fees_description=value)]))
    text = "".join(export_csv_lines())
    exported = next(csv.DictReader(io.StringIO(text)))
    for column in ("name", "organisation_name", "location_name", "fees_description"):
        assert exported[column] == "'" + value
    assert run(text.encode()).unchanged == 1
    svc = Service.objects.get()
    assert (svc.name, svc.organization.name, svc.fees_description) == (value, value, value)


@pytest.mark.parametrize("value, cell", [("\t=1+1", "'\t=1+1"), ("  =1+1", "  =1+1"), ("=1+1\n", "'=1+1\n")])
def test_leading_characters_are_kept_as_given_in_text(value, cell):
    """No stripping that could turn text into a formula: a tab-led cell stays tab-led."""
    run(to_csv([row(description=value)]))
    assert Service.objects.get().description == value
    text = "".join(export_csv_lines())
    assert next(csv.DictReader(io.StringIO(text)))["description"] == cell
    assert run(text.encode()).unchanged == 1
    assert Service.objects.get().description == value
