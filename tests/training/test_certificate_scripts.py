"""Learners are named in many scripts: the certificate PDF draws every name with an embedded font
that has its letters (no black boxes), shaped where the script needs it, and a PDF reader gets the
name back as it was typed: PDFium (Chromium's PDF engine) extracts it, and each shaped word carries
the name's text as its /ActualText."""

import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pypdfium2
import pytest
from pypdf import PdfReader

from training.pdf import certificate_pdf
from training.pdf_text import visual_order

NAMES = {
    "Latin": "Łukasz Dvořák",
    "Vietnamese": "Nguyễn Thị Hương",
    "Greek": "Αλέξανδρος Παπαδόπουλος",
    "Cyrillic": "Анна Иванова",
    "Devanagari": "प्रिया शर्मा",
    "Arabic": "فاطمة الزهراء",
}
URL = "https://drive.example.org/training/verify/DP-AB12-CD34-EF56-GH78/"


def _pdf(name: str) -> bytes:
    return certificate_pdf(SimpleNamespace(
        number="DP-AB12-CD34-EF56-GH78", learner_name=name, course_title="Responding to perpetrators",
        cpd_hours=Decimal("1.5"), issued_at=datetime.date(2026, 12, 2), revoked_at=None,
    ), URL)


def _fonts(pdf: bytes) -> set[str]:
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    return {re.sub(r"^/([A-Z]{6}\+)?", "", str(font.get_object()["/BaseFont"])) for font in resources.values()}


def _actual_texts(pdf: bytes) -> list[str]:
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    return [bytes.fromhex(h.decode()).decode("utf-16-be")
            for h in re.findall(rb"/ActualText <FEFF([0-9A-F]+)>", content)]


def _lines(pdf: bytes) -> list[str]:
    return pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range().splitlines()


@pytest.mark.parametrize("script", ["Latin", "Vietnamese", "Greek", "Cyrillic", "Devanagari"])
def test_a_reader_extracts_the_name_as_typed(script):
    name = NAMES[script]
    pdf = _pdf(name)
    assert name in _lines(pdf)
    assert not any(font.startswith(("Helvetica", "Times", "Courier")) for font in _fonts(pdf)), \
        "only embedded fonts: base-14 fonts have no letters outside Windows-1252"


def test_devanagari_is_shaped_and_carries_its_text():
    pdf = _pdf(NAMES["Devanagari"])
    assert _actual_texts(pdf) == NAMES["Devanagari"].split()


def test_arabic_is_shaped_right_to_left_and_carries_its_text():
    name = NAMES["Arabic"]
    pdf = _pdf(name)
    assert any(font.startswith("NotoSansArabic") for font in _fonts(pdf))
    # The first word is drawn rightmost; each word's text is the word as typed.
    assert _actual_texts(pdf) == list(reversed(name.split()))
    assert visual_order(name.split()) == ["الزهراء", "فاطمة"]


def test_a_mixed_name_keeps_each_runs_order():
    assert visual_order(["Dr", "فاطمة", "الزهراء", "MBE"]) == ["Dr", "الزهراء", "فاطمة", "MBE"]
    assert visual_order(["فاطمة", "الزهراء", "Dr", "Smith"]) == ["Dr", "Smith", "الزهراء", "فاطمة"]


def test_a_long_name_in_any_script_fits_the_page():
    doc = pypdfium2.PdfDocument(_pdf("प्रिया " * 30))
    page = doc[0]
    text = page.get_textpage()
    width = page.get_width()
    boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    assert all(0 <= left and right <= width for left, _, right, _ in boxes)
