"""Export any list to .xlsx (openpyxl, write-only so large lists stream with little memory).

Columns are ``(header, getter)`` pairs; getters must return masked personal data (the list's own columns do).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

MAX_EXPORT_ROWS = 100_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def xlsx_bytes(title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "export")[:31])
    bold = Font(bold=True)
    header = []
    for label, _getter in columns:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for count, row in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            break
        sheet.append([_cell(getter(row)) for _label, getter in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, columns, rows), content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
