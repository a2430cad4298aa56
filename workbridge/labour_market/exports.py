"""Reports as .xlsx (openpyxl) and PDF (core.pdf with the embedded CJK font).

A report is a title plus sections of (heading, header row, rows); both renderers take the same report so
the two files always say the same thing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Section:
    heading: str
    headers: list[str]
    rows: list[list]
    note: str = ""


@dataclass
class Report:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from workbridge.core.exporting import append_row, sheet_title

    book = Workbook()
    book.remove(book.active)
    for i, section in enumerate(report.sections, start=1):
        sheet = book.create_sheet(sheet_title(f"{i} {section.heading}"))
        append_row(sheet, [report.title])
        sheet["A1"].font = Font(bold=True, size=13)
        if report.subtitle:
            append_row(sheet, [report.subtitle])
        append_row(sheet, [section.heading])
        if section.note:
            append_row(sheet, [section.note])
        append_row(sheet, section.headers)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in section.rows:
            append_row(sheet, [_cell(v) for v in row])
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None and c.row > 3), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width * 1.6))
    if not report.sections:
        append_row(book.create_sheet("report"), [report.title, _("No data")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, float):
        return round(value, 4)
    return value if isinstance(value, (int, str)) or value is None else str(value)


def to_pdf(report: Report) -> bytes:
    from workbridge.core.pdf import Paragraph, Spacer, build_pdf, styles, table

    s = styles()
    flow = [Paragraph(report.title, s["title"])]
    if report.subtitle:
        flow.append(Paragraph(report.subtitle, s["small"]))
    for section in report.sections:
        flow += [Spacer(1, 8), Paragraph(section.heading, s["h2"])]
        if section.note:
            flow.append(Paragraph(section.note, s["small"]))
        if section.rows:
            flow.append(table([section.headers, *[[_pdf(v) for v in r] for r in section.rows[:400]]]))
        else:
            flow.append(Paragraph(_("No data"), s["small"]))
    return build_pdf(flow, title=report.title)


def _pdf(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
