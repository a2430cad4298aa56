"""Hostile spreadsheet files, generated (no binary fixtures): each is small on disk and written with zipfile
by hand where openpyxl would refuse to write it."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def row(number: int, values: list) -> str:
    cells = "".join(cell(f"{_letter(i)}{number}", v) for i, v in enumerate(values, start=1) if v is not None)
    return f'<row r="{number}">{cells}</row>'


def _skeleton(archive: zipfile.ZipFile, *, shared_strings: bool = False) -> None:
    overrides = (
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_CT}"/>'
    )
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared_strings:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    archive.writestr(
        "[Content_Types].xml",
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}"><Default Extension="rels"'
        f' ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default'
        f' Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
    )
    archive.writestr(
        "_rels/.rels",
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship'
        f' Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    archive.writestr(
        "xl/workbook.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}"'
        f' xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}</Relationships>',
    )


def workbook(rows_xml: str, *, dimension: str = "") -> bytes:
    """An .xlsx whose first sheet holds ``rows_xml`` (``<row>`` elements) and declares ``dimension``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _skeleton(archive)
        dim = f'<dimension ref="{dimension}"/>' if dimension else ""
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet'
            f' xmlns="{MAIN}">{dim}<sheetData>{rows_xml}</sheetData></worksheet>',
        )
    return out.getvalue()


def sparse_sheet_bomb(headers: list[str]) -> bytes:
    """1.7 KB: a header row and one far cell, declaring A1:XFD20001 (20,001 x 16,384 cells if believed)."""
    return workbook(row(1, headers) + '<row r="20001"><c r="XFD20001"><v>1</v></c></row>', dimension="A1:XFD20001")


def zip_bomb(headers: list[str], megabytes: int = 200) -> bytes:
    """A well-formed workbook whose shared strings unpack to ``megabytes`` MB of one letter (about 200 KB zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _skeleton(archive, shared_strings=True)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{row(1, headers)}<row'
            f' r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
            )
            block = b"A" * 2**20
            for _ in range(megabytes):
                member.write(block)
            member.write(b"</t></si></sst>")
    return out.getvalue()


def many_rows(headers: list[str], count: int) -> bytes:
    """``count`` data rows of three numbers each, streamed into the zip (a few MB, generated in about a second)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _skeleton(archive)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{row(1, headers)}'.encode()
            )
            chunk = []
            for n in range(2, count + 2):
                chunk.append(
                    f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>2024</v></c><c r="C{n}"><v>1</v></c></row>'
                )
                if len(chunk) == 5000:
                    member.write("".join(chunk).encode())
                    chunk = []
            member.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return out.getvalue()
