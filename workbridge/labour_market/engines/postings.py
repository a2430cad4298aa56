"""Analysing one posting, for the ``extract_skills`` command and the benchmark (pure, no Django).

Files are read by the product's one reader (``labour_market.tabular.posting_rows``: csv, xlsx, jsonl, txt, the
same encoding detection and column names as the ingest page), which yields ``PostingRow`` values;
``analyse_posting(row)`` returns the documented output object::

    {"id", "title", "occupation_code", "occupation_confidence",
     "skills": [{"id", "name", "type", "start", "end", "strength"}],
     "salary_min", "salary_max", "salary_months", "province", "city", "education_band"}

A row without a title (a plain-text posting) is coded from the title-like first clause of its text
(``pipeline.title_from_text``), and its education band is read from the text when no education column says it.

Spans index ``text`` (returned as well, so they can be checked).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .area import parse_area
from .bands import education_band
from .extract import SkillExtractor, default_extractor
from .occupation import OccupationCoder, default_coder
from .pipeline import title_from_text
from .salary import parse_salary


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
