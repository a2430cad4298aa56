"""Education and experience requirements -> normalised band codes.

``education_band(text)`` -> one of ``EDUCATION_BANDS``:
``none`` (不限/无要求), ``junior`` (初中及以下), ``secondary`` (高中/中专/中技/职高), ``associate`` (大专/专科/高职),
``bachelor`` (本科/学士), ``master`` (硕士/研究生/MBA), ``doctor`` (博士), or ``None`` when the text is empty or
not understood (kept raw by the caller, never guessed). When a text names several levels
("本科及以上，硕士优先") the first, i.e. the minimum required, wins.

``experience_band(text)`` -> one of ``EXPERIENCE_BANDS``:
``0`` (无需经验/应届生/在校生/不限), ``1-3`` (under three years), ``3-5``, ``5-10``, ``10+``, or ``None``.
A range is banded by its lower bound ("3-4年" -> ``3-5``; "5-7年" -> ``5-10``; "1年及以上" -> ``1-3``).
"""

from __future__ import annotations

import re
import unicodedata

EDUCATION_BANDS = ("none", "junior", "secondary", "associate", "bachelor", "master", "doctor")
EXPERIENCE_BANDS = ("0", "1-3", "3-5", "5-10", "10+")

_EDU_PATTERNS = [
    ("doctor", r"博士|phd|ph\.d|doctor"),
    ("master", r"硕士|研究生|mba|mpa|master"),
    ("bachelor", r"本科|学士|大学本科|统招本|bachelor|undergraduate"),
    ("associate", r"大专|专科|高职|associate"),
    ("secondary", r"高中|中专|中技|职高|技校|中职|secondary|high school"),
    ("junior", r"初中|小学|junior"),
    ("none", r"不限|无要求|学历不限|无学历要求|\bnone\b"),
]
_EDU_RE = re.compile("|".join(f"(?P<{band}>{pat})" for band, pat in _EDU_PATTERNS), re.IGNORECASE)

_ZERO_RE = re.compile(r"无需经验|无经验|经验不限|不限|应届|在校|实习|毕业生|no experience|graduate|none")
_CN_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_YEARS_RE = re.compile(r"(\d+(?:\.\d+)?|[一两二三四五六七八九十])\s*(?:年|years?|yrs?)", re.IGNORECASE)
_RANGE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|~|至|到)\s*(\d+(?:\.\d+)?)\s*(?:年|years?)", re.IGNORECASE)


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def education_band(text: str | None) -> str | None:
    s = _nfkc(text)
    if not s:
        return None
    m = _EDU_RE.search(s)
    if not m:
        return None
    return m.lastgroup


def years_to_band(years: float) -> str:
    if years < 1:
        return "0"
    if years < 3:
        return "1-3"
    if years < 5:
        return "3-5"
    if years < 10:
        return "5-10"
    return "10+"


def experience_band(text: str | None) -> str | None:
    s = _nfkc(text)
    if not s:
        return None
    m = _RANGE_RE.search(s)
    if m:
        return years_to_band(float(m.group(1)))
    m = _YEARS_RE.search(s)
    if m:
        token = m.group(1)
        years = float(token) if token[0].isdigit() else float(_CN_DIGITS[token])
        return years_to_band(years)
    if _ZERO_RE.search(s.lower()):
        return "0"
    return None
