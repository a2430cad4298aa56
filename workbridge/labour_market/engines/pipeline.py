"""One posting record in -> normalised fields, skills and occupation out (pure; calls the text engines).

Used by ``services`` (chunks of an ingest batch, in a Celery task) and by ``bench/bench_postings_e2e.py``
so the benchmark measures exactly the production code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import parse_month

MAX_TITLE = 200
MAX_COMPANY = 200


@dataclass
class SkillHit:
    skill_id: str
    field: str  # "title" or "text": which stored field the span indexes
    start: int
    end: int
    strength: str


@dataclass
class PostingDraft:
    line: int
    title: str
    company_name: str
    text: str
    raw_salary: str
    raw_area: str
    raw_education: str
    raw_experience: str
    raw_posted: str
    external_id: str
    industry: str
    salary_min: int | None = None
    salary_max: int | None = None
    salary_months: int | None = None
    salary_flag: bool = False
    province: str = ""
    city: str = ""
    area_flag: bool = False
    education_band: str = ""
    experience_band: str = ""
    posted_month: dt.date | None = None
    posted_flag: bool = False
    occupation_code: str = ""
    occupation_confidence: float = 0.0
    fingerprint: str = ""
    folded: str = ""  # title, company and text folded for near-duplicate detection (engines.dedupe.fold_text)
    skills: list[SkillHit] = field(default_factory=list)

    @property
    def dedupe_text(self) -> str:
        return f"{self.title}\n{self.company_name}\n{self.text}"


@lru_cache(maxsize=1)
def _engines():
    from workbridge.labour_market.engines.extract import default_extractor
    from workbridge.labour_market.engines.occupation import default_coder

    return default_extractor(), default_coder()


@lru_cache(maxsize=1)
def _parsers():
    """The pure parsers, memoised: job boards repeat the same salary, area, band and title strings endlessly."""
    from workbridge.labour_market.engines.area import parse_area
    from workbridge.labour_market.engines.bands import education_band, experience_band
    from workbridge.labour_market.engines.salary import parse_salary

    extractor, coder = _engines()
    return (
        lru_cache(maxsize=65536)(parse_salary),
        lru_cache(maxsize=65536)(parse_area),
        lru_cache(maxsize=4096)(education_band),
        lru_cache(maxsize=4096)(experience_band),
        lru_cache(maxsize=131072)(coder.code),
        lru_cache(maxsize=131072)(extractor.extract),  # titles repeat too; their matches are only read
    )


def warm_up() -> None:
    """Load the taxonomy and the coder once (a worker calls this before its first chunk)."""
    _engines()
    _parsers()


def _cut(value, limit: int) -> str:
    return (value or "").strip()[:limit]


_STRENGTH_RANK = {"": 0, "aware": 1, "familiar": 2, "proficient": 3, "expert": 4, "preferred": 1}


def draft_from_record(line: int, record: dict, *, default_month: dt.date | None = None) -> PostingDraft | None:
    """None when the record has neither a title nor a text (the caller reports the line as skipped)."""
    from workbridge.labour_market.engines.dedupe import fingerprint_of_folded, fold_text

    parse_salary, parse_area, education_band, experience_band, _code, _title_skills = _parsers()
    title = _cut(record.get("title"), MAX_TITLE)
    body = (record.get("text") or "").strip()
    tags = (record.get("tags") or "").strip()
    if tags:
        body = f"{body}\n{tags}" if body else tags
    if not title and not body:
        return None
    draft = PostingDraft(
        line=line,
        title=title,
        company_name=_cut(record.get("company"), MAX_COMPANY),
        text=body,
        raw_salary=_cut(record.get("salary"), 80),
        raw_area=_cut(record.get("area"), 120),
        raw_education=_cut(record.get("education"), 60),
        raw_experience=_cut(record.get("experience"), 60),
        raw_posted=_cut(record.get("posted"), 40),
        external_id=_cut(record.get("external_id"), 80),
        industry=_cut(record.get("industry"), 60),
    )
    salary = parse_salary(draft.raw_salary)
    if salary.ok:
        draft.salary_min, draft.salary_max, draft.salary_months = salary.monthly_min, salary.monthly_max, salary.months
        if draft.salary_min is not None and draft.salary_max is not None and draft.salary_max < draft.salary_min:
            draft.salary_min = draft.salary_max = None
            draft.salary_flag = True
    else:
        draft.salary_flag = True
    if draft.raw_area:
        area = parse_area(draft.raw_area)
        draft.province, draft.city = (area.province or "")[:30], (area.city or "")[:30]
        draft.area_flag = not area.ok
    draft.education_band = education_band(draft.raw_education) or "" if draft.raw_education else ""
    if not draft.education_band and body:  # a plain-text posting states it in the text ("本科及以上学历")
        draft.education_band = education_band(body[:2000]) or ""
    draft.experience_band = experience_band(draft.raw_experience) or "" if draft.raw_experience else ""
    if draft.raw_posted:
        draft.posted_month = parse_month(draft.raw_posted)
        draft.posted_flag = draft.posted_month is None
    else:
        draft.posted_month = default_month
    # fold each part once: the fingerprint and the near-duplicate index both use it
    parts = (fold_text(draft.title), fold_text(draft.company_name), fold_text(draft.text))
    draft.fingerprint = fingerprint_of_folded(*parts)
    draft.folded = "".join(parts)
    return draft


_FIRST_CLAUSE_RE = re.compile(r"[。；;：:！!？?\n，,（(]")
_NOT_A_TITLE = ("岗位职责", "职位描述", "工作职责", "任职要求", "岗位要求", "职责", "要求", "描述")


def title_from_text(text: str) -> str:
    """A plain-text posting (one per line, no title column) usually opens with the post's name: its first clause,
    unless that clause is a section heading such as 岗位职责."""
    head = _FIRST_CLAUSE_RE.split((text or "").strip(), maxsplit=1)[0].strip()
    if not head or len(head) > 20 or head.startswith(_NOT_A_TITLE):
        return ""
    return head


_title_from_text = title_from_text


def analyse(draft: PostingDraft) -> PostingDraft:
    """Skills (one hit per skill, the strongest requirement wins; spans index the named field) and occupation."""
    extractor, _coder = _engines()
    parsers = _parsers()
    code_title, title_skills = parsers[4], parsers[5]
    best: dict[str, SkillHit] = {}
    for field_name, text in (("title", draft.title), ("text", draft.text)):
        if not text:
            continue
        for match in title_skills(text) if field_name == "title" else extractor.extract(text):
            strength = match.strength or ""
            hit = best.get(match.skill_id)
            if hit is None or _STRENGTH_RANK.get(strength, 0) > _STRENGTH_RANK.get(hit.strength, 0):
                best[match.skill_id] = SkillHit(match.skill_id, field_name, match.start, match.end, strength)
    draft.skills = sorted(best.values(), key=lambda h: (h.field != "title", h.start))
    title = draft.title or _title_from_text(draft.text)
    if title:
        code = code_title(title)
        if code is not None and code.code:
            draft.occupation_code = code.code
            draft.occupation_confidence = max(0.0, min(1.0, float(code.confidence)))
    return draft
