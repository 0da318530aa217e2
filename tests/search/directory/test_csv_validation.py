"""Import validation: the physical line of every problem (also after multi-line cells and for bad
bytes), an unclosed quote said as such, each error in plain words with its column, and strict
dates, numbers, email addresses, web addresses, organisation names and single-line text."""

import io

import pytest

from search.directory.importers import import_services
from search.models import Service

from .test_importers import row, to_csv

pytestmark = pytest.mark.django_db


def problems(data: bytes) -> list:
    report = import_services(lambda: io.BytesIO(data))
    assert not report.ok and not report.written
    assert not Service.objects.exists()
    return report.errors


def only(data: bytes):
    found = problems(data)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_line_numbers_count_physical_lines_after_multi_line_cells_and_blank_lines():
    rows = [row(external_id=f"ext-{i}", description="Line one\nline two\nline three") for i in range(5)]
    rows.append(row(external_id="bad", postal_code="nope"))
    data = to_csv(rows)
    data = data.replace(b"\r\n", b"\n").replace(b"\nbad,", b"\n\n\nbad,")  # two blank lines before it
    # Header is line 1; each good row takes 3 lines (2-16); two blank lines; the bad row is line 19.
    problem = only(data)
    assert (problem.line, problem.column) == (19, "postal_code")
    assert str(problem).startswith("line 19, column postal_code:")


def test_line_600_is_reported_as_line_600():
    rows = [row(external_id=f"ext-{i}") for i in range(598)] + [row(external_id="x", minimum_age="1_0")]
    problem = only(to_csv(rows))
    assert (problem.line, problem.column) == (600, "minimum_age")
    assert "whole number" in problem.message


def test_a_bad_byte_is_reported_on_its_own_line():
    data = to_csv([row(external_id="a"), row(external_id="b", name="Caf\u00e9")]).replace("é".encode(), b"\xe9")
    problem = only(data)
    assert problem.line == 3
    assert "0xE9" in problem.message and "not UTF-8" in problem.message and "character" in problem.message


def test_a_bad_byte_after_a_multi_line_cell_has_its_physical_line():
    data = to_csv([row(external_id="a", description="one\ntwo\nthree"), row(external_id="b", city="Caerdydd\u00ff")])
    data = data.replace(b"\r\n", b"\n").replace("\u00ff".encode(), b"\xff")
    assert only(data).line == 5


def test_an_unclosed_quote_is_reported_as_such():
    text = to_csv([row(external_id="a"), row(external_id="b"), row(external_id="c")]).decode()
    text = text.replace(",Cardiff group,", ',"Cardiff group,', 1)  # opens a quote on line 2, never closed
    problem = only(text.encode())
    assert problem.line == 2
    assert "quote" in problem.message and "never closed" in problem.message


def test_a_quote_closed_too_late_names_the_cell_that_runs_over_lines():
    text = to_csv([row(external_id="a"), row(external_id="b")]).decode().replace("\r\n", "\n")
    lines = text.split("\n")
    lines[1] = lines[1].replace(",Cardiff group,", ',"Cardiff group,', 1)
    lines[2] = lines[2].replace(",Cardiff group,", ',Cardiff group",', 1)
    found = problems("\n".join(lines).encode())
    assert found[0].line == 2
    assert "quote" in found[0].message


@pytest.mark.parametrize("column, value, words", [
    ("last_reviewed", "2025-W01-1", "YYYY-MM-DD"),
    ("last_reviewed", "20250331", "YYYY-MM-DD"),
    ("last_reviewed", "31/03/2025", "YYYY-MM-DD"),
    ("last_reviewed", "2025-02-30", "YYYY-MM-DD"),
    ("last_reviewed", "9999-12-31", "in the future"),
    ("assured_date", "1066-10-14", "before 1990"),
    ("minimum_age", "1_0", "whole number"),
    ("minimum_age", "+18", "whole number"),
    ("minimum_age", "18.0", "whole number"),
    ("maximum_age", "121", "between 0 and 120"),
    ("email", '""@x.org', "not an email address"),
    ("email", "team@", "not an email address"),
    ("email", "a b@example.org", "not an email address"),
    ("url", "javascript:alert(1)", "https://"),
    ("url", "https://", "https://"),
    ("url", "www.example.org", "https://"),
    ("name", "Two\nlines", "line feed"),
    ("organisation_name", "Org\r\nBcc: x@example.org", "carriage return"),
    ("location_name", "Office\x00", "null"),
    ("phone", "01632\t960000", "tab"),
    ("status", "open", "must be one of"),
    ("is_free", "maybe", '"yes" or "no"'),
    ("service_types", "", "is empty"),
])
def test_each_bad_value_is_named_with_its_column(column, value, words):
    problem = only(to_csv([row(**{column: value})]))
    assert (problem.line, problem.column) == (2, column)
    assert words in problem.message


def test_one_name_per_organisation_id_names_both_lines():
    data = to_csv([row(external_id="a", organisation_external_id="org-1", organisation_name="Cardiff Council"),
                   row(external_id="b", organisation_external_id="org-1", organisation_name="Cardiff Counsel")])
    problem = only(data)
    assert (problem.line, problem.column) == (3, "organisation_name")
    assert "line 2" in problem.message and "Cardiff Council" in problem.message and "Cardiff Counsel" in problem.message


def test_rows_of_one_service_must_agree():
    data = to_csv([row(external_id="a", location_external_id="l1"),
                   row(external_id="a", location_external_id="l2", postal_code="SA1 1AE", city="Swansea",
                       description="Something else")])
    problem = only(data)
    assert (problem.line, problem.column) == (3, "description") and "line 2" in problem.message


def test_a_short_row_is_reported():
    text = to_csv([row()]).decode().rstrip("\r\n").rsplit(",", 3)[0] + "\r\n"
    problem = only(text.encode())
    assert problem.line == 2 and "fewer" in problem.message


def test_valid_strict_values_are_accepted():
    report = import_services(lambda: io.BytesIO(to_csv([row(
        last_reviewed="2025-03-31", assured_date="2019-01-01", minimum_age="18", maximum_age="120",
        email="o'neil.team+1@example.org", url="https://example.org/path?x=1")])))
    assert report.ok, report.lines()
    service = Service.objects.get()
    assert (service.minimum_age, service.email) == (18, "o'neil.team+1@example.org")

