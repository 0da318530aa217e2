"""The certificate as a PDF, drawn with ReportLab, with a QR code (segno) of its verification URL.
Every piece of text goes through ``pdf_text``: embedded Noto fonts, shaped, in any script."""

from __future__ import annotations

import io

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from .pdf_text import draw_centred, draw_left, register_fonts

INK = colors.HexColor("#0b0c0c")
ACCENT = colors.HexColor("#4c2c92")
WARNING = colors.HexColor("#d4351c")


def certificate_pdf(certificate, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buffer, pagesize=(width, height), initialFontName=register_fonts()[0])
    c.setTitle(f"Certificate {certificate.number}")
    c.setAuthor("Drive Partnership")
    c.setSubject(certificate.course_title)

    c.setStrokeColor(ACCENT)
    c.setLineWidth(3)
    c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    centre, text_width = width / 2, width - 60 * mm
    draw_centred(c, centre, height - 35 * mm, "DRIVE PARTNERSHIP · WORKFORCE TRAINING", 14, ACCENT, bold=True)
    draw_centred(c, centre, height - 55 * mm, "Certificate of completion", 30, INK, bold=True)
    draw_centred(c, centre, height - 72 * mm, "This certifies that", 14, INK)
    draw_centred(c, centre, height - 86 * mm, certificate.learner_name, 26, INK, bold=True, max_width=text_width)
    draw_centred(c, centre, height - 100 * mm, "has completed the course", 14, INK)
    draw_centred(c, centre, height - 112 * mm, certificate.course_title, 18, INK, bold=True, max_width=text_width)
    hours = f"{certificate.cpd_hours.normalize():f}"
    draw_centred(c, centre, height - 126 * mm, f"CPD hours: {hours} · Date: {certificate.issued_at:%-d %B %Y}", 13, INK)

    draw_left(c, 24 * mm, 40 * mm, f"Certificate number: {certificate.number}", 11, INK)
    draw_left(c, 24 * mm, 33 * mm, "Check this certificate at:", 11, INK)
    draw_left(c, 24 * mm, 27 * mm, verify_url, 10, INK)
    if certificate.revoked_at:
        draw_left(c, 24 * mm, 50 * mm, "REVOKED", 16, WARNING, bold=True)

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    side = 38 * mm
    c.drawImage(ImageReader(qr), width - 24 * mm - side, 22 * mm, side, side)
    c.showPage()
    c.save()
    return buffer.getvalue()
