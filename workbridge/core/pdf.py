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
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

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


class Heading(Paragraph):
    """A section heading that the contents page lists (``level`` 0 or 1)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int = 0):
        super().__init__(text, style)
        self.contents_level = level


def contents(title_style: ParagraphStyle) -> TableOfContents:
    """A contents list filled with every Heading and its page (needs ``build_pdf(..., with_contents=True)``)."""
    font = register_cjk_font()
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle("wb-toc-0", fontName=font, fontSize=11, leading=18, leftIndent=0, firstLineIndent=0),
        ParagraphStyle("wb-toc-1", fontName=font, fontSize=10, leading=15, leftIndent=12 * mm, firstLineIndent=0),
    ]
    toc.dotsMinLevel = 0
    return toc


class _Document(SimpleDocTemplate):
    def afterFlowable(self, flowable):
        level = getattr(flowable, "contents_level", None)
        if level is not None:
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


def build_pdf(flowables: list, *, title: str = "WorkBridge", with_contents: bool = False, footer: str = "") -> bytes:
    """Render flowables (Paragraph, Table, Spacer, charts as reportlab Drawings) to PDF bytes.

    ``with_contents``: the flowables hold a ``contents()`` list, so the document is laid out twice to know the
    headings' pages. ``footer``: a line printed with the page number at the foot of every page but the first."""
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )

    def foot(canvas, document):
        if not footer:
            return
        canvas.saveState()
        canvas.setFont(register_cjk_font(), 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    if with_contents:
        doc.multiBuild(flowables, onLaterPages=foot)
    else:
        doc.build(flowables, onLaterPages=foot)
    return buffer.getvalue()


__all__ = [
    "Heading",
    "PageBreak",
    "Paragraph",
    "Spacer",
    "build_pdf",
    "contents",
    "register_cjk_font",
    "styles",
    "table",
]
