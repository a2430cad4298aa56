"""The one export path: any list or report to .xlsx (openpyxl) or .csv (UTF-8 with BOM, opens in Excel/WPS).

Columns are ``(header, getter)`` pairs; getters must return masked personal data (the list's own columns do).
Reports that build their own workbook layout append rows with ``append_row(sheet, values)``.

Every value passes through here, so two rules hold for every file the product writes:

- **No formula injection** (OWASP "CSV injection"): a text starting with ``=`` ``+`` ``-`` ``@`` TAB or CR is
  written as text, never as a live formula: in .xlsx as a string cell with Excel's quote prefix (it shows
  exactly as typed and stays text when edited), in .csv prefixed with a single quote ``'``. Real numbers
  (including negative ones) stay numbers.
- **No control characters**: C0 controls (other than TAB, LF, CR), DEL, C1 controls and lone surrogates are
  removed, so an odd value never makes openpyxl raise (which answered 500) or breaks the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from .spreadsheets import CONTROL_CHARACTERS

MAX_EXPORT_ROWS = 100_000
MAX_CELL_CHARS = 32_767  # Excel refuses longer cells
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """Drop control characters a file must not hold; cap at Excel's cell size."""
    return CONTROL_CHARACTERS.sub("", value)[:MAX_CELL_CHARS]


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _cell(value):
    """A value as a spreadsheet cell holds it: dates naive local, Decimals as floats, the rest as clean text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return clean_text(str(value))


def xlsx_cell(sheet, value, **style):
    """An openpyxl cell for ``sheet`` (normal or write-only) that can never be a formula."""
    from openpyxl.cell import Cell

    value = None if value is None else _cell(value)
    cell = Cell(sheet, row=1, column=1, value=value)  # placed by append(); set so that its repr works
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula ("f") from the leading "="
        cell.quotePrefix = True  # Excel's leading apostrophe: shown as typed, stays text when edited
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def append_row(sheet, values: Iterable, **style) -> None:
    """``sheet.append(values)`` with every value made safe; use it instead of ``sheet.append`` in exports."""
    sheet.append([xlsx_cell(sheet, value, **style) for value in values])


def csv_text(value) -> str:
    """One CSV field: clean text, formula-like text prefixed with ``'`` (OWASP)."""
    value = _cell(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return "'" + value if is_formula_like(value) else value


def xlsx_bytes(title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    append_row(sheet, [str(label) for label, _getter in columns], font=Font(bold=True))
    for count, row in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            break
        append_row(sheet, [getter(row) for _label, getter in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_title(title) -> str:
    """A valid worksheet name (31 characters, none of ``[]:*?/\\``)."""
    name = clean_text(str(title or ""))
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name.strip()[:31] or "export"


def csv_bytes(columns: list[tuple[str, Callable]], rows: Iterable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(str(label)) for label, _getter in columns])
    for count, row in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            break
        writer.writerow([csv_text(getter(row)) for _label, getter in columns])
    # UTF-8 with BOM: Excel and WPS on Chinese Windows then read the Chinese text correctly.
    return out.getvalue().encode("utf-8-sig")


def _disposition(filename: str, ext: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = "".join(ch for ch in clean_text(filename) if ch not in '"\\/\r\n;') or "export"
    return f'attachment; filename="{name}-{stamp}.{ext}"'


def xlsx_response(filename: str, title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, columns, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename, "xlsx")
    return response


def csv_response(filename: str, columns: list[tuple[str, Callable]], rows: Iterable) -> HttpResponse:
    response = HttpResponse(csv_bytes(columns, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = _disposition(filename, "csv")
    return response
