"""The one spreadsheet reader of the product: .xlsx (streamed) and .csv, with hard limits.

Every upload that holds a table (the import framework, the graduate destinations import, the postings
ingest) is read here, so a hostile file is stopped in one place before anything is materialised:

- size of the upload (``SPREADSHEET_MAX_BYTES``);
- .xlsx: the zip's members are checked before openpyxl opens it (total uncompressed size, size of one
  member, compression ratio: a zip bomb never gets decompressed); the workbook is read with openpyxl in
  read-only (streaming) mode and the sheet's *declared* dimension is ignored (``reset_dimensions``), so a
  1.7 KB sheet declaring ``A1:XFD20001`` does not become 20,001 x 16,384 empty cells;
- rows beyond ``SPREADSHEET_MAX_ROWS`` and values beyond ``SPREADSHEET_MAX_COLUMNS`` stop the read with a
  clear error naming the row and column, while reading (nothing past the limit is kept);
- a cell longer than ``SPREADSHEET_MAX_CELL_CHARS`` or holding a control character is reported by row and
  column (the CSV module's own 128 KB field limit used to answer 500);
- .csv: one encoding detection (UTF-8 with or without BOM, UTF-16 with BOM, GBK / GB18030, then a guess
  among Big5 and Windows-1252).

``iter_rows`` yields ``(row number, values)`` for every non-empty row; the row number is the one a person
sees in Excel (the first row is 1). Values are what openpyxl gives (str, int, float, datetime, bool) for
.xlsx and str for .csv. Errors are ``SpreadsheetError`` (an ``ImportFailed``) with ``errors`` holding
``{"row", "column", "reason"}``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import ImportFailed

# C0 controls except TAB, LF and CR; DEL; C1 controls; lone surrogates (not encodable, break every writer).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_character(value: str) -> str | None:
    """The first forbidden control character in ``value`` as ``U+XXXX``, or None."""
    match = CONTROL_CHARACTERS.search(value)
    return f"U+{ord(match.group()):04X}" if match else None


class SpreadsheetError(ImportFailed):
    """The file cannot be read: wrong format, damaged, over a limit, or a bad cell (row and column given)."""

    def __init__(self, message: str, *, row: int = 0, column: str = ""):
        super().__init__(message, errors=[{"row": row, "column": column, "reason": message}])
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int  # data rows, after the first (header) row
    max_columns: int
    max_cell_chars: int
    max_unzipped_bytes: int  # all members of an .xlsx together
    max_member_bytes: int  # one member (a sheet, the shared strings)
    max_ratio: int  # uncompressed / compressed size of one member
    max_shared_strings_bytes: int  # xl/sharedStrings.xml is loaded whole by openpyxl, so it gets a tighter limit


def limits(**overrides) -> Limits:
    base = Limits(
        max_bytes=getattr(settings, "SPREADSHEET_MAX_BYTES", 20 * 2**20),
        max_rows=getattr(settings, "SPREADSHEET_MAX_ROWS", 100_000),
        max_columns=getattr(settings, "SPREADSHEET_MAX_COLUMNS", 256),
        max_cell_chars=getattr(settings, "SPREADSHEET_MAX_CELL_CHARS", 32_767),
        max_unzipped_bytes=getattr(settings, "SPREADSHEET_MAX_UNZIPPED_BYTES", 400 * 2**20),
        max_member_bytes=getattr(settings, "SPREADSHEET_MAX_MEMBER_BYTES", 300 * 2**20),
        max_ratio=getattr(settings, "SPREADSHEET_MAX_COMPRESSION_RATIO", 200),
        max_shared_strings_bytes=getattr(settings, "SPREADSHEET_MAX_SHARED_STRINGS_BYTES", 32 * 2**20),
    )
    return replace(base, **{k: v for k, v in overrides.items() if v is not None})


def safe_filename(name: str | None, default: str = "upload") -> str:
    """The last path component of an uploaded file's name, without control characters (no ``../``)."""
    name = (name or "").replace("\\", "/")
    name = os.path.basename(name)
    name = CONTROL_CHARACTERS.sub("", name).strip().lstrip(".")
    return name[:200] or default


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def format_of(filename: str) -> str | None:
    lower = (filename or "").lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lower.endswith((".csv", ".txt")):
        return "csv"
    return None


def check_size(size: int | None, lim: Limits | None = None) -> None:
    """Refuse an upload over the size limit before its bytes are read (``uploaded.size`` is known)."""
    lim = lim or limits()
    if size and size > lim.max_bytes:
        raise SpreadsheetError(
            _("The file is larger than %(mb)d MB; split it and import the parts.") % {"mb": lim.max_bytes // 2**20}
        )


def iter_rows(
    data: bytes, filename: str = "", *, fmt: str | None = None, limits_: Limits | None = None
) -> Iterator[tuple[int, list]]:
    """Stream the first sheet (or the CSV) as ``(row number, values)`` for every non-empty row."""
    lim = limits_ or limits()
    shown = safe_filename(filename, default=_("the file"))
    if not data:
        raise SpreadsheetError(_("The file %(name)s is empty.") % {"name": shown})
    check_size(len(data), lim)
    fmt = fmt or format_of(filename)
    if fmt == "xlsx":
        rows = _xlsx_rows(data, shown, lim)
    elif fmt == "csv":
        rows = _csv_rows(data, lim)
    elif (filename or "").lower().endswith(".xls"):
        raise SpreadsheetError(
            _("Old .xls workbooks are not supported: open the file in Excel or WPS and save it as .xlsx.")
        )
    else:
        raise SpreadsheetError(_("Upload an .xlsx workbook or a .csv file (got %(name)s).") % {"name": shown})
    return _checked(rows, lim)


def read_rows(
    data: bytes, filename: str = "", *, fmt: str | None = None, limits_: Limits | None = None
) -> list[tuple[int, list]]:
    return list(iter_rows(data, filename, fmt=fmt, limits_=limits_))


def _checked(rows: Iterator[tuple[int, tuple | list]], lim: Limits) -> Iterator[tuple[int, list]]:
    """Apply the row, column and cell limits while streaming; yield only non-empty rows."""
    headers: list[str] = []
    first_row = None
    data_rows = 0
    for number, values in rows:
        if len(values) > lim.max_columns:
            extra = next((i for i in range(lim.max_columns, len(values)) if _present(values[i])), None)
            if extra is not None:
                raise SpreadsheetError(
                    _("Row %(row)d has a value in column %(col)s; a sheet may use at most %(max)d columns.")
                    % {"row": number, "col": column_letter(extra + 1), "max": lim.max_columns},
                    row=number,
                    column=column_letter(extra + 1),
                )
            values = values[: lim.max_columns]
        if not any(_present(v) for v in values):
            continue
        if first_row is None:
            first_row = number
        else:
            data_rows += 1
        if data_rows > lim.max_rows:
            raise SpreadsheetError(
                _("The file has more than %(max)d data rows (row %(row)d); split it and import the parts.")
                % {"max": lim.max_rows, "row": number},
                row=number,
            )
        values = list(values)
        for index, value in enumerate(values):
            if isinstance(value, str):
                problem = None
                if len(value) > lim.max_cell_chars:
                    problem = _("the cell holds %(n)d characters; at most %(max)d are allowed") % {
                        "n": len(value),
                        "max": lim.max_cell_chars,
                    }
                else:
                    code = control_character(value)
                    if code:
                        problem = _("the cell contains the control character %(code)s; remove it") % {"code": code}
                if problem:
                    letter = column_letter(index + 1)
                    header = headers[index] if index < len(headers) and headers[index] else ""
                    where = f"{letter} ({header})" if header else letter
                    raise SpreadsheetError(
                        _("Row %(row)d, column %(col)s: %(problem)s.")
                        % {"row": number, "col": where, "problem": problem},
                        row=number,
                        column=header or letter,
                    )
        if number == first_row:
            headers = ["" if v is None else str(v).strip() for v in values]
        yield number, values


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


# --------------------------------------------------------------------------------------------------------------
# .xlsx


def _xlsx_rows(data: bytes, shown: str, lim: Limits) -> Iterator[tuple[int, tuple]]:
    not_xlsx = _(
        "%(name)s is not a real Excel workbook (perhaps another file renamed"
        " to .xlsx). Save it from Excel or WPS as .xlsx, or export it as .csv."
    ) % {"name": shown}
    damaged = _("%(name)s could not be opened as an Excel workbook; it may be damaged or incomplete.") % {"name": shown}
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(damaged) from None
    _check_zip(members, shown, lim)
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise SpreadsheetError(damaged)
    return _xlsx_stream(data, damaged)


def _check_zip(members: list[zipfile.ZipInfo], shown: str, lim: Limits) -> None:
    """Refuse a zip bomb from the central directory alone (declared sizes are enforced when reading)."""
    bomb = _(
        "%(name)s unpacks to far more data than a real workbook of its size (a compressed bomb?); it was not opened."
    ) % {"name": shown}
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if (
            member.file_size > lim.max_member_bytes
            or (
                member.filename.lower().endswith("sharedstrings.xml")
                and member.file_size > lim.max_shared_strings_bytes
            )
            or total > lim.max_unzipped_bytes
            or (member.file_size > 2**20 and ratio > lim.max_ratio)
        ):
            raise SpreadsheetError(bomb)


def _xlsx_stream(data: bytes, damaged: str) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many unrelated types for a damaged workbook
        raise SpreadsheetError(damaged) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise SpreadsheetError(_("The workbook has no sheet with data."))
        # The declared <dimension> is the file's own claim; iterate the rows really present instead.
        sheet.reset_dimensions()
        number = 0
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, values
        except SpreadsheetError:
            raise
        except Exception:  # broken XML, a member cut short, a bad CRC
            raise SpreadsheetError(
                _("The workbook is damaged after row %(row)d; save it again from Excel or WPS.") % {"row": number},
                row=number + 1,
            ) from None
    finally:
        workbook.close()


# --------------------------------------------------------------------------------------------------------------
# .csv and text


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; then GBK / GB18030 (Excel on Chinese Windows); then the
    best guess of charset-normalizer among Big5 and Windows-1252. Raise SpreadsheetError if nothing fits."""
    candidates = ["utf-8", "gbk", "gb18030"]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates.insert(0, "utf-16")
    for encoding in candidates:
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 2**20], cp_isolation=["big5", "cp1252"]).best()
    if best is None or best.chaos > 0.2:
        raise SpreadsheetError(_("The file's text encoding could not be recognised; save it as UTF-8 or GBK."))
    return best.encoding.replace("_", "-")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of an uploaded text file."""
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise SpreadsheetError(
            _("The file's text encoding could not be recognised; save it as UTF-8 or GBK.")
        ) from None
    if "\x00" in text:
        raise SpreadsheetError(_("This does not look like a CSV text file."))
    return text, encoding


def _csv_rows(data: bytes, lim: Limits) -> Iterator[tuple[int, list]]:
    text, _encoding = decode_text(data)
    return csv_rows_from_text(text, lim)


def csv_rows_from_text(text: str, lim: Limits | None = None) -> Iterator[tuple[int, list]]:
    lim = lim or limits()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # The csv module refuses fields over 128 KB with an error that names no cell; let it read them (the whole
    # text is already in memory) and report an over-long cell by row and column in ``_checked``.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text), dialect)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values
    except csv.Error as exc:
        raise SpreadsheetError(
            _("Row %(row)d could not be read as CSV (%(reason)s).") % {"row": number + 1, "reason": str(exc)[:80]},
            row=number + 1,
        ) from None
