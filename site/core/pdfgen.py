"""Generates real Vietnamese PDFs for demo data, tests and benchmarks.

Text PDFs carry a selectable text layer; scans are page images with no text at all, as the
office's document management system exports them.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from core.fonts import SANS, SANS_BOLD, register_reportlab_fonts

A4 = (595.2756, 841.8898)


def text_pdf(title: str, pages: Sequence[str], *, header: str = "", outline: bool = True) -> bytes:
    """A4 PDF with one string of body text per page, the title on page 1, bookmarks per page."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1  # reproducible bytes: no creation date or random ID
    regular, bold = register_reportlab_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor(header or "HĐND tỉnh")
    pdf.setSubject(title)
    width, height = A4
    for number, body in enumerate(pages, start=1):
        y = height - 60
        if header:
            pdf.setFont(bold, 10)
            pdf.drawCentredString(width / 2, y, header)
            y -= 30
        if number == 1:
            pdf.setFont(bold, 13)
            for line in textwrap.wrap(title, 70):
                pdf.drawCentredString(width / 2, y, line)
                y -= 18
            y -= 12
        if outline:
            key = f"p{number}"
            pdf.bookmarkPage(key)
            pdf.addOutlineEntry(f"Trang {number}", key, level=0)
        pdf.setFont(regular, 11)
        for paragraph in body.split("\n"):
            for line in textwrap.wrap(paragraph, 88) or [""]:
                if y < 60:
                    break
                pdf.drawString(56, y, line)
                y -= 15
        pdf.setFont(regular, 9)
        pdf.drawCentredString(width / 2, 30, f"{number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf(title: str, pages: Sequence[str], *, dpi: int = 150) -> bytes:
    """An image-only PDF: each page is a greyscale picture of printed text, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    scale = dpi / 72
    size = (int(A4[0] * scale), int(A4[1] * scale))
    title_font = ImageFont.truetype(str(SANS_BOLD), int(13 * scale))
    body_font = ImageFont.truetype(str(SANS), int(11 * scale))
    images = []
    for number, body in enumerate(pages, start=1):
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        y = int(60 * scale)
        if number == 1:
            for line in textwrap.wrap(title, 60):
                draw.text((size[0] // 2, y), line, font=title_font, fill=0, anchor="mt")
                y += int(18 * scale)
            y += int(12 * scale)
        for paragraph in body.split("\n"):
            for line in textwrap.wrap(paragraph, 80) or [""]:
                if y > size[1] - int(60 * scale):
                    break
                draw.text((int(56 * scale), y), line, font=body_font, fill=0)
                y += int(16 * scale)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()
