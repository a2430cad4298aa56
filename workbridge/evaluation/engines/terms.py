"""Academic terms: the autumn term runs 1 Sep - end of Feb, the spring term 1 Mar - 31 Aug.

Codes look like ``2024-2025-1`` (autumn term of the 2024/25 academic year) and ``2024-2025-2`` (spring term).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_CODE = re.compile(r"^(\d{4})-(\d{4})-([12])$")


@dataclass(frozen=True, order=True)
class Term:
    start_year: int
    number: int  # 1 autumn, 2 spring

    @property
    def code(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}-{self.number}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 9, 1) if self.number == 1 else dt.date(self.start_year + 1, 3, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 1:
            y = self.start_year + 1
            return dt.date(y, 2, calendar.monthrange(y, 2)[1])
        return dt.date(self.start_year + 1, 8, 31)

    def next(self) -> Term:
        return Term(self.start_year, 2) if self.number == 1 else Term(self.start_year + 1, 1)

    def previous(self) -> Term:
        return Term(self.start_year - 1, 2) if self.number == 1 else Term(self.start_year, 1)

    def __str__(self) -> str:
        return self.code


def parse_term(code: str) -> Term:
    m = _CODE.match((code or "").strip())
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        raise ValueError(f"{code!r} is not a term code like 2024-2025-1.")
    return Term(int(m.group(1)), int(m.group(3)))


def term_of(day: dt.date) -> Term:
    if day.month >= 9:
        return Term(day.year, 1)
    if day.month <= 2:
        return Term(day.year - 1, 1)
    return Term(day.year - 1, 2)


def terms_between(first: Term, last: Term) -> list[Term]:
    out, t = [], first
    while t <= last:
        out.append(t)
        t = t.next()
    return out
