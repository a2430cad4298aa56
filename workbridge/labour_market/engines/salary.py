"""Salary strings as job boards print them -> monthly yuan range and months paid per year.

``parse_salary(text) -> SalaryParse``. Forms understood (all real, from 51job/Zhilian listings):

- ``1-1.5万`` (ten-thousands per month), ``6-8千`` (thousands), ``8千-1.5万`` (mixed units),
  ``15-25K`` / ``15k-25k`` (thousands), ``8000-12000`` / ``8000-12000元/月`` (yuan);
- a ``·13薪`` / ``13薪`` suffix: months paid per year (default 12 when the text says nothing);
- ``10-15万/年`` / ``20万/年`` / ``万及以下/年`` yearly packages, divided by 12;
- ``200元/天`` / ``0.2千/天`` daily pay, times ``WORKING_DAYS_PER_MONTH`` (21.75, the statutory average of
  monthly working days used for wage conversion in China, 劳社部发〔2008〕3号);
- ``150元/小时`` hourly pay, times 8 hours and the working days;
- ``5千及以下`` / ``1万以上``: one open bound (the other is ``None``);
- ``面议``, ``薪资面议`` and empty: ok with no figures (negotiable), reason ``negotiable`` / ``empty``.

Anything else is ``ok=False`` with the raw text kept and a reason; the parser never guesses. A parse whose
min exceeds its max, or whose monthly figure is outside 100..10,000,000 yuan, is rejected as implausible.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORKING_DAYS_PER_MONTH = 21.75
HOURS_PER_DAY = 8
MIN_PLAUSIBLE_MONTHLY = 100
MAX_PLAUSIBLE_MONTHLY = 10_000_000

UNIT_FACTORS = {"": 1.0, "元": 1.0, "块": 1.0, "k": 1000.0, "千": 1000.0, "w": 10000.0, "万": 10000.0}

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(k|千|w|万|元|块)?"
_RANGE_RE = re.compile(rf"^{_NUM}\s*{_UNIT}\s*(?:-|~|至|到)\s*{_NUM}\s*{_UNIT}$")
_SINGLE_RE = re.compile(rf"^{_NUM}\s*{_UNIT}$")
_BOUND_RE = re.compile(rf"^{_NUM}\s*{_UNIT}\s*(及以下|以下|及以上|以上)$")
_MONTHS_RE = re.compile(r"[·•.,，\s]*(\d{2})\s*薪$")
_PERIOD_RE = re.compile(r"\s*/\s*(年|月|天|日|小时|时)$|\s*(每年|每月|每天|每小时)$")
_NEGOTIABLE = {"面议", "薪资面议", "薪酬面议", "工资面议", "待遇面议", "negotiable"}

PERIOD_TO_MONTHLY = {
    "年": 1 / 12,
    "每年": 1 / 12,
    "月": 1.0,
    "每月": 1.0,
    "天": WORKING_DAYS_PER_MONTH,
    "日": WORKING_DAYS_PER_MONTH,
    "每天": WORKING_DAYS_PER_MONTH,
    "小时": WORKING_DAYS_PER_MONTH * HOURS_PER_DAY,
    "时": WORKING_DAYS_PER_MONTH * HOURS_PER_DAY,
    "每小时": WORKING_DAYS_PER_MONTH * HOURS_PER_DAY,
}


@dataclass(frozen=True)
class SalaryParse:
    monthly_min: int | None
    monthly_max: int | None
    months: int | None
    raw: str
    ok: bool
    reason: str = ""
    period: str = "month"  # month | year | day | hour (as the text stated it)

    @property
    def annual_min(self) -> int | None:
        return None if self.monthly_min is None or self.months is None else self.monthly_min * self.months

    @property
    def annual_max(self) -> int | None:
        return None if self.monthly_max is None or self.months is None else self.monthly_max * self.months


def _fail(raw: str, reason: str) -> SalaryParse:
    return SalaryParse(None, None, None, raw, False, reason)


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = s.replace("－", "-").replace("—", "-").replace("–", "-").replace("～", "~").replace("〜", "~")
    s = s.replace("rmb", "").replace("￥", "").replace("¥", "")
    return re.sub(r"\s+", "", s)


def parse_salary(text: str | None) -> SalaryParse:
    raw = "" if text is None else str(text)
    s = _clean(raw)
    if not s:
        return SalaryParse(None, None, None, raw, True, "empty")
    if s in _NEGOTIABLE:
        return SalaryParse(None, None, None, raw, True, "negotiable")

    months = None
    m = _MONTHS_RE.search(s)
    if m:
        months = int(m.group(1))
        if not 12 <= months <= 24:
            return _fail(raw, f"implausible months per year: {months}")
        s = s[: m.start()]

    factor_period = 1.0
    period = "month"
    m = _PERIOD_RE.search(s)
    if m:
        unit = m.group(1) or m.group(2)
        factor_period = PERIOD_TO_MONTHLY[unit]
        period = {"年": "year", "每年": "year", "天": "day", "日": "day", "每天": "day"}.get(
            unit, "hour" if "时" in unit else "month"
        )
        s = s[: m.start()]
    if s.endswith("元/月"):
        s = s[:-2]

    low = high = None
    m = _RANGE_RE.match(s)
    if m:
        a, ua, b, ub = m.groups()
        ua = ua or ""
        ub = ub or ""
        # "6-8千": the first number shares the second's unit; "8千-1.5万": each has its own.
        if not ua:
            ua = ub
        low = float(a) * UNIT_FACTORS[ua]
        high = float(b) * UNIT_FACTORS[ub]
    else:
        m = _SINGLE_RE.match(s)
        if m:
            low = high = float(m.group(1)) * UNIT_FACTORS[m.group(2) or ""]
        else:
            m = _BOUND_RE.match(s)
            if not m:
                return _fail(raw, "unrecognised salary format")
            value = float(m.group(1)) * UNIT_FACTORS[m.group(2) or ""]
            if "下" in m.group(3):
                high = value
            else:
                low = value
    monthly_min = None if low is None else round(low * factor_period)
    monthly_max = None if high is None else round(high * factor_period)
    for v in (monthly_min, monthly_max):
        if v is not None and not MIN_PLAUSIBLE_MONTHLY <= v <= MAX_PLAUSIBLE_MONTHLY:
            return _fail(raw, f"implausible monthly amount: {v}")
    if monthly_min is not None and monthly_max is not None and monthly_min > monthly_max:
        return _fail(raw, "minimum above maximum")
    return SalaryParse(monthly_min, monthly_max, months or 12, raw, True, "", period)
