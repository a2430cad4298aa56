"""PDF rendering with an embedded CJK font, shared by agreements and reports (ReportLab)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_NAME = "WorkBridgeCJK"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"


def register_cjk_font() -> str:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
    return FONT_NAME


def styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "wb-title", parent=base["Title"], fontName=font, fontSize=18, leading=24, alignment=TA_CENTER
        ),
        "h2": ParagraphStyle("wb-h2", parent=base["Heading2"], fontName=font, fontSize=13, leading=18),
        "body": ParagraphStyle(
            "wb-body", parent=base["BodyText"], fontName=font, fontSize=10.5, leading=16, wordWrap="CJK"
        ),
        "small": ParagraphStyle(
            "wb-small", parent=base["BodyText"], fontName=font, fontSize=8.5, leading=12, wordWrap="CJK"
        ),
    }


def table(rows: list[list], col_widths: list[float] | None = None, header: bool = True, row_heights=None) -> Table:
    font = register_cjk_font()
    s = styles()
    body = [[c if hasattr(c, "wrap") else Paragraph(str(c), s["small"]) for c in row] for row in rows]
    if isinstance(row_heights, (int, float)):  # one height for every row but the header (space to sign in)
        row_heights = [None] + [row_heights] * (len(rows) - 1) if header else [row_heights] * len(rows)
    t = Table(body, colWidths=col_widths, repeatRows=1 if header else 0, rowHeights=row_heights)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f4f3")))
    t.setStyle(TableStyle(style))
    return t


def build_pdf(flowables: list, *, title: str = "WorkBridge") -> bytes:
    """Render flowables (Paragraph, Table, Spacer, charts as reportlab Drawings) to PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(flowables)
    return buffer.getvalue()


__all__ = ["Paragraph", "Spacer", "build_pdf", "register_cjk_font", "styles", "table"]
