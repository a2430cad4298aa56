"""Reading posting files and analysing one posting, for the ``extract_skills`` command and the benchmark.

``read_postings(path, fmt=None)`` yields ``PostingRow(id, title, text, salary, area, education, experience,
company, extra)`` from:

- ``.csv`` (header row; UTF-8 or GBK/GB18030, detected; columns mapped by name, see ``COLUMN_ALIASES``),
- ``.xlsx`` (first sheet, header row),
- ``.jsonl`` (one JSON object per line, same keys as the CSV columns),
- ``.txt`` (one posting text per ``\n`` line, never cut at U+2028 or other Unicode line breaks inside a line;
  blank lines skipped).

When a tabular row has no description column (the 51job list export has only ``jobName`` and ``tags``), the
text analysed is the title plus the tags, which is what such an export says about the skills.

``analyse_posting(row)`` returns the documented output object::

    {"id", "title", "occupation_code", "occupation_confidence",
     "skills": [{"id", "name", "type", "start", "end", "strength"}],
     "salary_min", "salary_max", "salary_months", "province", "city", "education_band"}

A row without a title (a plain-text posting) is coded from the title-like first clause of its text
(``pipeline.title_from_text``), and its education band is read from the text when no education column says it.

Spans index ``text`` (returned as well, so they can be checked). Bad rows raise ``PostingFileError`` with
the file, line and reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .area import parse_area
from .bands import education_band
from .extract import SkillExtractor, default_extractor
from .occupation import OccupationCoder, default_coder
from .pipeline import title_from_text
from .salary import parse_salary

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "posting_id", "编号", "职位编号"),
    "title": ("title", "jobname", "job_name", "job_title", "职位", "职位名称", "岗位", "岗位名称", "招聘职位"),
    "text": (
        "text",
        "description",
        "desc",
        "jd",
        "content",
        "职位描述",
        "岗位职责",
        "任职要求",
        "职位详情",
        "岗位描述",
    ),
    "tags": ("tags", "keywords", "标签", "关键词", "福利"),
    "salary": ("salary", "pay", "wage", "薪资", "薪酬", "工资", "月薪"),
    "area": ("area", "city", "location", "工作地点", "地区", "城市", "工作城市"),
    "education": ("degree", "education", "学历", "学历要求"),
    "experience": ("workyear", "experience", "经验", "工作经验", "工作年限"),
    "company": ("company", "companyname", "company_name", "公司", "公司名称", "企业名称"),
}


class PostingFileError(ValueError):
    pass


@dataclass
class PostingRow:
    id: str
    title: str = ""
    text: str = ""
    salary: str = ""
    area: str = ""
    education: str = ""
    experience: str = ""
    company: str = ""
    extra: dict = field(default_factory=dict)


def _decode(raw: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - charset-normalizer is a project dependency
        pass
    raise PostingFileError(f"{path}: cannot detect the text encoding (tried UTF-8, GB18030)")


def _map_columns(header: list[str]) -> dict[str, str]:
    mapping = {}
    normal = {h: (h or "").strip().lower().replace(" ", "") for h in header}
    for key, aliases in COLUMN_ALIASES.items():
        for h, n in normal.items():
            if n in aliases:
                mapping[key] = h
                break
    return mapping


def _row_from_mapping(values: dict, mapping: dict[str, str], default_id: str) -> PostingRow:
    def get(key):
        col = mapping.get(key)
        v = values.get(col) if col else None
        return "" if v is None else str(v).strip()

    title = get("title")
    text = get("text")
    tags = get("tags")
    if not text:
        text = "；".join(p for p in (title, tags) if p)
    return PostingRow(
        id=get("id") or default_id,
        title=title,
        text=text,
        salary=get("salary"),
        area=get("area"),
        education=get("education"),
        experience=get("experience"),
        company=get("company"),
    )


def read_postings(path: str | Path, fmt: str | None = None) -> Iterator[PostingRow]:
    p = Path(path)
    kind = (fmt or p.suffix.lstrip(".")).lower()
    if kind == "xlsx":
        yield from _read_xlsx(p)
        return
    if not p.exists():
        raise PostingFileError(f"{p}: no such file")
    text = _decode(p.read_bytes(), p)
    if kind == "csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            raise PostingFileError(f"{p}: the CSV file has no header row")
        mapping = _map_columns(list(reader.fieldnames))
        if "title" not in mapping and "text" not in mapping:
            raise PostingFileError(f"{p}: no title or description column among {reader.fieldnames}")
        for lineno, values in enumerate(reader, start=2):
            yield _row_from_mapping(values, mapping, f"{p.stem}:{lineno}")
    elif kind in ("jsonl", "ndjson", "json"):
        for lineno, line in enumerate(_lines(text), start=1):
            if not line.strip():
                continue
            try:
                values = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PostingFileError(f"{p}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(values, dict):
                raise PostingFileError(f"{p}:{lineno}: expected a JSON object per line")
            mapping = _map_columns(list(values))
            yield _row_from_mapping(values, mapping, f"{p.stem}:{lineno}")
    elif kind == "txt":
        for lineno, line in enumerate(_lines(text), start=1):
            if line.strip():
                yield PostingRow(id=f"{p.stem}:{lineno}", text=line.strip())
    else:
        raise PostingFileError(f"{p}: unsupported format {kind!r} (use csv, xlsx, jsonl or txt)")


def _lines(text: str) -> list[str]:
    """One record per "\n" line ("\r\n" too). str.splitlines() would also cut at U+2028, U+2029, U+0085, \x0b,
    \x0c and \x1c-\x1e, which job-board texts carry inside one posting."""
    return [line.rstrip("\r") for line in text.split("\n")]


def _read_xlsx(p: Path) -> Iterator[PostingRow]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise PostingFileError(f"{p}: no such file") from exc
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise PostingFileError(f"{p}: not a readable .xlsx workbook ({exc})") from exc
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise PostingFileError(f"{p}: the sheet has no header row")
        names = [str(h) if h is not None else "" for h in header]
        mapping = _map_columns(names)
        if "title" not in mapping and "text" not in mapping:
            raise PostingFileError(f"{p}: no title or description column among {names}")
        for rownum, row in enumerate(rows, start=2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            yield _row_from_mapping(dict(zip(names, row, strict=False)), mapping, f"{p.stem}:{rownum}")
    finally:
        wb.close()


def analyse_posting(
    row: PostingRow,
    extractor: SkillExtractor | None = None,
    coder: OccupationCoder | None = None,
    include_text: bool = False,
) -> dict:
    extractor = extractor or default_extractor()
    coder = coder or default_coder()
    title = row.title or title_from_text(row.text)
    occ = coder.code(title) if title else None
    salary = parse_salary(row.salary)
    area = parse_area(row.area) if row.area else None
    out = {
        "id": row.id,
        "title": row.title,
        "occupation_code": occ.code if occ else None,
        "occupation_confidence": occ.confidence if occ else None,
        "skills": [m.as_dict() for m in extractor.extract(row.text)],
        "salary_min": salary.monthly_min,
        "salary_max": salary.monthly_max,
        "salary_months": salary.months,
        "province": area.province if area else None,
        "city": area.city if area else None,
        "education_band": education_band(row.education) or education_band(row.text[:2000]),
    }
    if include_text:
        out["text"] = row.text
    return out
