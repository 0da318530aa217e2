"""Text on the certificate in any script a learner's name is written in.

ReportLab's base-14 fonts only cover Windows-1252 (``Łukasz Dvořák`` printed as black boxes).
The certificate embeds Noto Sans (Latin, Greek, Cyrillic, Vietnamese and Devanagari) and Noto Sans
Arabic, shipped by the ``fontpkg-noto-*`` packages under the SIL Open Font Licence; each word is
set in the first of them that has every one of its characters.

Arabic and Devanagari need shaping (joined letter forms, conjuncts, reordered vowel signs): each
word is shaped with HarfBuzz (``uharfbuzz``, through ReportLab's ``shapeStr``). Right-to-left words
are ordered on the line by a reduced form of the Unicode bidirectional algorithm that is enough for
names: the first strong character sets the line's direction, and runs of words in the other
direction keep their own order. Shaped glyphs do not map back to the letters they came from, so
every shaped word is wrapped in a marked-content span whose ``/ActualText`` is the word as typed
(PDF 32000-1 §14.9.4): that is the text a reader copies, searches and reads aloud.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr

# The first font that covers a word sets it. Noto Sans first: it covers the most learners' names.
FONTS = (
    ("NotoSans", fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"),
    ("NotoSansArabic", fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"),
)
DEFAULT_FONT = FONTS[0][0]
BOLD_STROKE = 0.035  # of the font size: the variable fonts' default instance is Regular


@functools.cache
def register_fonts() -> tuple[str, ...]:
    """Register the fonts with ReportLab once per process; their names, in order of preference."""
    for name, path in FONTS:
        pdfmetrics.registerFont(TTFont(name, str(path), shapable=True))
    return tuple(name for name, _ in FONTS)


def font_for(word: str) -> str:
    """The first font with a glyph for every character of ``word`` (Noto Sans if none has)."""
    wanted = {ord(ch) for ch in word if not ch.isspace()}
    for name in register_fonts():
        if wanted <= pdfmetrics.getFont(name).face.charToGlyph.keys():
            return name
    return DEFAULT_FONT


def _direction(word: str) -> str | None:
    """"rtl", "ltr", or None for a word with no strongly directional character (digits, "-")."""
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _needs_shaping(word: str) -> bool:
    """Scripts whose letters change shape or order: anything outside Latin, Greek and Cyrillic."""
    return any(ord(ch) >= 0x0590 and not 0x1E00 <= ord(ch) <= 0x1FFF for ch in word)


@dataclass
class _Word:
    text: str
    font: str
    glyphs: str | ShapedStr
    width: float
    shaped: bool


def _set_word(text: str, size: float) -> _Word:
    font = font_for(text)
    if _needs_shaping(text):
        glyphs = shapeStr(text, font, size, force=True)
        width = sum(g.x_advance for g in glyphs.__shapeData__) * size / 1000
        return _Word(text, font, glyphs, width, shaped=True)
    return _Word(text, font, text, pdfmetrics.stringWidth(text, font, size), shaped=False)


def visual_order(words: list[str]) -> list[str]:
    """The words of one line in the order they are drawn left to right."""
    directions = [_direction(w) for w in words]
    base = next((d for d in directions if d), "ltr")
    runs: list[tuple[str, list[str]]] = []
    current = base
    for word, direction in zip(words, directions):
        current = direction or current
        if runs and runs[-1][0] == current:
            runs[-1][1].append(word)
        else:
            runs.append((current, [word]))
    if base == "rtl":
        runs.reverse()
    return [w for direction, run in runs for w in (reversed(run) if direction == "rtl" else run)]


def _merged(words: list[_Word], size: float) -> list[_Word]:
    """Neighbouring unshaped words in one font drawn as one string, so readers see one run."""
    merged: list[_Word] = []
    for word in words:
        last = merged[-1] if merged else None
        if last and not last.shaped and not word.shaped and last.font == word.font:
            text = f"{last.text} {word.text}"
            merged[-1] = _Word(text, word.font, text, pdfmetrics.stringWidth(text, word.font, size), False)
        else:
            merged.append(word)
    return merged


class Line:
    """One line of text set for drawing: ``width`` at ``size``, drawn with ``draw``."""

    def __init__(self, text: str, size: float):
        register_fonts()
        self.text, self.size = text, size
        self.words = _merged([_set_word(w, size) for w in visual_order(text.split())], size)
        self.space = pdfmetrics.stringWidth(" ", DEFAULT_FONT, size)
        self.width = sum(w.width for w in self.words) + self.space * max(len(self.words) - 1, 0)

    def draw(self, c, x: float, y: float, colour, *, bold: bool = False) -> None:
        """Draw the line with its left edge at ``x``; bold is the Regular glyphs filled and stroked."""
        c.setFillColor(colour)
        if bold:
            c.setLineWidth(self.size * BOLD_STROKE)
            c.setStrokeColor(colour)
        for word in self.words:
            if word.shaped:
                c.addLiteral(f"/Span <</ActualText <FEFF{word.text.encode('utf-16-be').hex().upper()}>>> BDC")
            c.setFont(word.font, self.size)
            c.drawString(x, y, word.glyphs, mode=2 if bold else 0)
            if word.shaped:
                c.addLiteral("EMC")
            x += word.width + self.space


def fitted_line(text: str, size: float, max_width: float, smallest: float = 10) -> Line:
    """``text`` at ``size``, made smaller a point at a time (down to ``smallest``) until it fits
    ``max_width``. A line's width is proportional to its size (glyph advances are in font units),
    so it is set, and shaped, at most twice."""
    line = Line(text, size)
    fitted = size
    while line.width * fitted / size > max_width and fitted > smallest:
        fitted -= 1
    return line if fitted == size else Line(text, fitted)


def draw_centred(c, centre: float, y: float, text: str, size: float, colour, *, bold: bool = False,
                 max_width: float | None = None) -> None:
    line = fitted_line(text, size, max_width) if max_width else Line(text, size)
    line.draw(c, centre - line.width / 2, y, colour, bold=bold)


def draw_left(c, x: float, y: float, text: str, size: float, colour, *, bold: bool = False) -> None:
    Line(text, size).draw(c, x, y, colour, bold=bold)
