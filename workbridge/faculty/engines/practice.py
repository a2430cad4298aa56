"""Enterprise-practice progress against the rule "at least N months in every Y years" (pure, no Django).

Definitions (also in docs/faculty-resources-research-certificates.md):
- The window is rolling: the window ending on day E covers [E - Y years + 1 day, E], both inclusive, so the
  check moves with the date instead of using fixed five-year periods.
- A record's ``days`` are the days actually spent at the enterprise. When a record lies partly inside the
  window, the days are credited pro rata to the calendar days inside the window (``days * inside / span``).
- Months convert to days with ``days_per_month`` (30 by default): 6 months = 180 credited days.
- Teachers employed for less than one window are judged against the pro-rata requirement for the time
  employed (``required * employed_days / window_days``) and are "on track" while they keep that pace.

Statuses: ``exempt`` (rule does not apply), ``met`` (enough now and still enough after ``look_ahead_days``
without new practice), ``at_risk`` (enough now, but records drop out of the window within the look-ahead),
``on_track`` (not yet enough, newly employed and keeping pace), ``behind`` (everything else).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass


class RuleError(ValueError):
    """The rule data are inconsistent."""


@dataclass(frozen=True)
class PracticeRule:
    required_months: float = 6
    window_years: int = 5
    days_per_month: float = 30
    look_ahead_days: int = 365
    source: str = ""

    def __post_init__(self):
        if self.required_months <= 0 or self.window_years <= 0 or self.days_per_month <= 0 or self.look_ahead_days < 0:
            raise RuleError("required_months, window_years and days_per_month must be positive; look_ahead_days >= 0")
        if self.required_days > self.window_years * 366:
            raise RuleError("The requirement exceeds the window.")

    @property
    def required_days(self) -> int:
        return math.ceil(self.required_months * self.days_per_month - 1e-9)

    @classmethod
    def from_dict(cls, data: dict) -> PracticeRule:
        return cls(
            required_months=float(data["required_months"]),
            window_years=int(data["window_years"]),
            days_per_month=float(data["days_per_month"]),
            look_ahead_days=int(data.get("look_ahead_days", 365)),
            source=str(data.get("source", "")),
        )


@dataclass(frozen=True)
class Span:
    """One confirmed practice record: ``days`` spent at the enterprise between start and end (inclusive)."""

    start: dt.date
    end: dt.date
    days: float

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"practice span ends ({self.end}) before it starts ({self.start})")
        if not 0 < self.days <= self.calendar_days:
            raise ValueError(f"practice days {self.days} outside 1..{self.calendar_days} for {self.start}..{self.end}")

    @property
    def calendar_days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Progress:
    status: str
    as_of: dt.date
    window_start: dt.date
    window_end: dt.date
    credited_days: float
    required_days: int
    expected_days: float  # the requirement pro-rated to the time employed (= required_days after a full window)
    shortfall_days: int  # days still missing against the full requirement
    projected_days: float  # credited days in the window ending as_of + look_ahead_days, with no new practice
    drops_below_on: dt.date | None  # for at_risk: the first day the window total falls below the requirement
    deadline: dt.date | None  # for new teachers: the day their first full window closes

    def months(self, rule: PracticeRule) -> float:
        return round(self.credited_days / rule.days_per_month, 2)

    @property
    def percent(self) -> int:
        return min(100, int(self.credited_days * 100 // self.required_days)) if self.required_days else 100


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (or earlier); 29 February maps to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def window_start(end: dt.date, years: int) -> dt.date:
    return add_years(end, -years) + dt.timedelta(days=1)


def credited_days(spans: Iterable[Span], start: dt.date, end: dt.date) -> float:
    """Days credited in [start, end]: each span's days, pro rata to its calendar days inside the window."""
    total = 0.0
    for span in spans:
        lo, hi = max(span.start, start), min(span.end, end)
        if hi < lo:
            continue
        inside = (hi - lo).days + 1
        total += span.days * inside / span.calendar_days
    return total


def progress(
    spans: Iterable[Span],
    as_of: dt.date,
    rule: PracticeRule,
    *,
    employment_start: dt.date | None = None,
    subject: bool = True,
) -> Progress:
    spans = [s for s in spans if s.start <= as_of]
    # Practice still under way counts only up to as_of (pro rata), so the projection adds nothing unearned.
    spans = [
        s if s.end <= as_of else Span(s.start, as_of, s.days * ((as_of - s.start).days + 1) / s.calendar_days)
        for s in spans
    ]
    w_start = window_start(as_of, rule.window_years)
    window_days = (as_of - w_start).days + 1
    required = rule.required_days
    credited = credited_days(spans, w_start, as_of)
    future = as_of + dt.timedelta(days=rule.look_ahead_days)
    projected = credited_days(spans, window_start(future, rule.window_years), future)
    expected = float(required)
    deadline = None
    if employment_start is not None and employment_start > w_start:
        employed_days = max(0, (as_of - employment_start).days + 1)
        expected = required * employed_days / window_days
        deadline = add_years(employment_start, rule.window_years) - dt.timedelta(days=1)
    shortfall = max(0, math.ceil(required - credited - 1e-9))
    drops_on = None
    if not subject:
        status = "exempt"
    elif credited + 1e-9 >= required:
        if projected + 1e-9 >= required:
            status = "met"
        else:
            status = "at_risk"
            drops_on = first_day_below(spans, as_of, rule)
    elif deadline is not None and credited + 1e-9 >= expected:
        status = "on_track"
    else:
        status = "behind"
    return Progress(
        status=status,
        as_of=as_of,
        window_start=w_start,
        window_end=as_of,
        credited_days=round(credited, 2),
        required_days=required,
        expected_days=round(expected, 2),
        shortfall_days=shortfall,
        projected_days=round(projected, 2),
        drops_below_on=drops_on,
        deadline=deadline,
    )


def first_day_below(spans: list[Span], as_of: dt.date, rule: PracticeRule) -> dt.date | None:
    """The first day after as_of (within the look-ahead) whose window holds fewer than the required days."""
    required = rule.required_days
    for offset in range(1, rule.look_ahead_days + 1):
        day = as_of + dt.timedelta(days=offset)
        if credited_days(spans, window_start(day, rule.window_years), day) + 1e-9 < required:
            return day
    return None
