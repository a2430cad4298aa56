"""Reading posting files: CSV / XLSX / JSON Lines / plain text, column mapping.

CSV and XLSX are read by the product's one spreadsheet reader, ``workbridge.core.spreadsheets`` (streaming,
limits on rows, columns, cells and zip bombs, one encoding detection); its errors become ``FileProblem``.
Every problem is reported with the row it happened on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from workbridge.core import spreadsheets

from .engines.postings import PostingRow

FORMATS = ("csv", "xlsx", "jsonl", "txt")

# The fields a posting may carry, and header names (lower-case) that usually hold them.
FIELDS = (
    "title",
    "company",
    "text",
    "salary",
    "area",
    "education",
    "experience",
    "posted",
    "tags",
    "industry",
    "external_id",
)
HEADER_SYNONYMS = {
    "title": (
        "title",
        "jobname",
        "job_name",
        "job title",
        "position",
        "职位",
        "职位名称",
        "岗位",
        "岗位名称",
        "招聘岗位",
        "job_title",
        "招聘职位",
    ),
    "company": ("company", "companyname", "company_name", "employer", "公司", "公司名称", "企业", "企业名称", "单位"),
    "text": (
        "text",
        "description",
        "desc",
        "jd",
        "job_description",
        "content",
        "职位描述",
        "岗位职责",
        "任职要求",
        "描述",
        "职位详情",
        "岗位描述",
    ),
    "salary": ("salary", "pay", "wage", "薪资", "薪酬", "工资", "月薪"),
    "area": ("area", "city", "location", "workplace", "地区", "城市", "工作地点", "地点", "工作城市"),
    "education": ("education", "degree", "edu", "学历", "学历要求"),
    "experience": ("experience", "workyear", "work_year", "years", "经验", "工作经验", "工作年限"),
    "posted": ("posted", "issuedate", "issue_date", "date", "published", "发布日期", "发布时间", "日期"),
    "tags": ("tags", "keywords", "skills", "标签", "关键词", "技能", "福利"),
    "industry": ("industry", "行业", "所属行业"),
    "external_id": ("id", "external_id", "job_id", "编号", "posting_id", "职位编号"),
}


class FileProblem(ValueError):
    """The file cannot be read at all (wrong format, unknown encoding, over a limit, a bad cell); ``errors``
    holds ``{"row", "column", "reason"}`` when the reader could say where."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = errors or []


def _problem(exc: spreadsheets.SpreadsheetError) -> FileProblem:
    return FileProblem(str(exc.message), errors=exc.errors)


def detect_encoding(data: bytes) -> str:
    """The product's one detection (UTF-8 with or without BOM, GBK / GB18030, ...); raise FileProblem if none fits."""
    try:
        return spreadsheets.detect_encoding(data)
    except spreadsheets.SpreadsheetError as exc:
        raise _problem(exc) from None


def format_from_name(name: str) -> str | None:
    lower = name.lower()
    for ext, fmt in (
        (".csv", "csv"),
        (".xlsx", "xlsx"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".txt", "txt"),
    ):
        if lower.endswith(ext):
            return fmt
    return None


@dataclass
class Table:
    """Headers (empty for plain text) and rows as dicts header -> value, with 1-based line numbers."""

    headers: list[str]
    rows: list[tuple[int, dict]]
    encoding: str = ""


def read_table(data: bytes, fmt: str) -> Table:
    if fmt not in FORMATS:
        raise FileProblem(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    try:
        if fmt in ("xlsx", "csv"):
            encoding = "xlsx" if fmt == "xlsx" else detect_encoding(data)
            return _table(spreadsheets.iter_rows(data, fmt=fmt), encoding)
        text, encoding = spreadsheets.decode_text(data)
    except spreadsheets.SpreadsheetError as exc:
        raise _problem(exc) from None
    if fmt == "jsonl":
        return _read_jsonl(text, encoding)
    rows = []
    # one posting per "\n" line: splitlines() would also cut at U+2028 and other separators inside a posting
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line:
            rows.append((number, {"text": line}))
    return Table(headers=["text"], rows=rows, encoding=encoding)


def _table(numbered, encoding: str) -> Table:
    """Rows streamed from the core reader -> header row + dicts header -> text value."""
    try:
        _first, header_values = next(numbered)
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    headers = [_text(h) for h in header_values]
    if not any(headers):
        raise FileProblem("The first row must hold the column names.")
    rows = []
    for number, values in numbered:
        cells = {h: (_text(values[i]) if i < len(values) else "") for i, h in enumerate(headers) if h}
        if any(cells.values()):
            rows.append((number, cells))
    return Table(headers=[h for h in headers if h], rows=rows, encoding=encoding)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_jsonl(text: str, encoding: str) -> Table:
    rows, headers = [], []
    seen = set()
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array is accepted too
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise FileProblem(f"Invalid JSON at line {exc.lineno}: {exc.msg}.") from None
        numbered = list(enumerate(items, start=1))
    else:
        numbered = []
        # one object per "\n" line: splitlines() would also cut at U+2028, which JSON allows raw inside strings
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise FileProblem(f"Line {number}: invalid JSON ({exc.msg}).") from None
    for number, item in numbered:
        if not isinstance(item, dict):
            raise FileProblem(f"Line {number}: each line must be a JSON object.")
        row = {str(k): _scalar(v) for k, v in item.items()}
        for key in row:
            if key not in seen:
                seen.add(key)
                headers.append(key)
        rows.append((number, row))
    return Table(headers=headers, rows=rows, encoding=encoding)


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, from the usual column names; unmapped fields are left out."""
    mapping: dict[str, str] = {}
    lowered = {h.lower().strip(): h for h in headers}
    for field in FIELDS:
        for synonym in HEADER_SYNONYMS[field]:
            if synonym in lowered and lowered[synonym] not in mapping.values():
                mapping[field] = lowered[synonym]
                break
    return mapping


def validate_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """Drop empty choices; every chosen column must exist; a posting needs a title or a text."""
    clean = {f: h for f, h in mapping.items() if h}
    unknown_fields = [f for f in clean if f not in FIELDS]
    if unknown_fields:
        raise FileProblem(f"Unknown field(s): {', '.join(unknown_fields)}.")
    missing = [h for h in clean.values() if h not in headers]
    if missing:
        raise FileProblem(f"Column(s) not in the file: {', '.join(missing)}.")
    if "title" not in clean and "text" not in clean:
        raise FileProblem("Map at least the title or the text column.")
    return clean


def mapped_records(table: Table, mapping: dict[str, str]) -> Iterator[tuple[int, dict]]:
    """Yield (line number, {field: value}) for every row."""
    for number, row in table.rows:
        yield number, {field: row.get(header, "") for field, header in mapping.items()}


def format_of(name: str, fmt: str | None = None) -> str:
    """The format named by the caller, else by the file name's suffix (``.ndjson`` and ``.json`` read as JSON Lines)."""
    kind = (fmt or name.rsplit(".", 1)[-1] if "." in name or fmt else "").lower()
    return {"ndjson": "jsonl", "json": "jsonl"}.get(kind, kind)


def posting_rows(data: bytes, *, name: str, fmt: str | None = None) -> Iterator[PostingRow]:
    """The postings of a file as the engines analyse them (the commands' reader: the same reading, encoding
    detection and column names as the ingest page). A row without a description is analysed as its title and
    tags, which is what a job-board list export says about the skills."""
    kind = format_of(name, fmt)
    table = read_table(data, kind)
    mapping = guess_mapping(table.headers)
    if kind != "txt" and "title" not in mapping and "text" not in mapping:
        raise FileProblem(f"No title or description column among {', '.join(table.headers) or 'no columns'}.")
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for number, record in mapped_records(table, mapping):
        title, text, tags = record.get("title", ""), record.get("text", ""), record.get("tags", "")
        yield PostingRow(
            id=record.get("external_id") or f"{stem}:{number}",
            title=title,
            text=text or "；".join(part for part in (title, tags) if part),
            salary=record.get("salary", ""),
            area=record.get("area", ""),
            education=record.get("education", ""),
            experience=record.get("experience", ""),
            company=record.get("company", ""),
        )
