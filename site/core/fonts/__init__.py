"""Fonts shipped with the project (DejaVu: Vietnamese glyphs), so no system font is assumed."""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
SANS = FONT_DIR / "DejaVuSans.ttf"
SANS_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def register_reportlab_fonts() -> tuple[str, str]:
    """Register DejaVu with reportlab once; returns (regular, bold) font names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(SANS)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(SANS_BOLD)))
    return "DejaVuSans", "DejaVuSans-Bold"
