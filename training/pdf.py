"""The certificate as a PDF, drawn with ReportLab, with a QR code (segno) of its verification URL."""

from __future__ import annotations

import io

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

INK = colors.HexColor("#0b0c0c")
ACCENT = colors.HexColor("#4c2c92")


def _fit(c, text: str, font: str, size: float, max_width: float) -> float:
    while size > 10 and c.stringWidth(text, font, size) > max_width:
        size -= 1
    return size


def certificate_pdf(certificate, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle(f"Certificate {certificate.number}")
    c.setAuthor("Drive Partnership")
    c.setSubject(certificate.course_title)

    c.setStrokeColor(ACCENT)
    c.setLineWidth(3)
    c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    centre = width / 2
    c.setFillColor(ACCENT)
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(centre, height - 35 * mm, "DRIVE PARTNERSHIP · WORKFORCE TRAINING")
    c.setFillColor(INK)
    c.setFont("Helvetica-Bold", 30)
    c.drawCentredString(centre, height - 55 * mm, "Certificate of completion")
    c.setFont("Helvetica", 14)
    c.drawCentredString(centre, height - 72 * mm, "This certifies that")
    size = _fit(c, certificate.learner_name, "Helvetica-Bold", 26, width - 60 * mm)
    c.setFont("Helvetica-Bold", size)
    c.drawCentredString(centre, height - 86 * mm, certificate.learner_name)
    c.setFont("Helvetica", 14)
    c.drawCentredString(centre, height - 100 * mm, "has completed the course")
    size = _fit(c, certificate.course_title, "Helvetica-Bold", 18, width - 60 * mm)
    c.setFont("Helvetica-Bold", size)
    c.drawCentredString(centre, height - 112 * mm, certificate.course_title)
    c.setFont("Helvetica", 13)
    hours = f"{certificate.cpd_hours.normalize():f}"
    c.drawCentredString(
        centre, height - 126 * mm,
        f"CPD hours: {hours}    Date: {certificate.issued_at:%-d %B %Y}",
    )

    c.setFont("Helvetica", 11)
    c.drawString(24 * mm, 40 * mm, f"Certificate number: {certificate.number}")
    c.drawString(24 * mm, 33 * mm, "Check this certificate at:")
    c.setFont("Helvetica", 10)
    c.drawString(24 * mm, 27 * mm, verify_url)
    if certificate.revoked_at:
        c.setFillColor(colors.HexColor("#d4351c"))
        c.setFont("Helvetica-Bold", 16)
        c.drawString(24 * mm, 50 * mm, "REVOKED")
        c.setFillColor(INK)

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    side = 38 * mm
    c.drawImage(ImageReader(qr), width - 24 * mm - side, 22 * mm, side, side)
    c.showPage()
    c.save()
    return buffer.getvalue()
