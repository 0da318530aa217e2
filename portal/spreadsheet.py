"""Spreadsheet-safe CSV cells: the one rule for every CSV the site hands out.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so a listing called ``=HYPERLINK(...)`` or
``=cmd|' /C calc'!A0`` would act when a moderator opens the export. ``spreadsheet_safe`` puts an
apostrophe in front of such a cell (the usual "this is text" mark); a cell that already starts
with an apostrophe and a formula character (or a second apostrophe) gets one more, so
``from_spreadsheet`` always gives back the exact original text when a file comes back in (the
directory's CSV import).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def spreadsheet_safe(value) -> str:
    """The cell text for ``value`` (None is an empty cell) that no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or from_spreadsheet(text) != text:
        return TEXT_MARK + text
    return text


def from_spreadsheet(text: str) -> str:
    """The original text of a cell written by ``spreadsheet_safe`` (other cells are unchanged)."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTS + (TEXT_MARK,)):
        return text[1:]
    return text


def safe_row(values) -> list[str]:
    return [spreadsheet_safe(v) for v in values]
