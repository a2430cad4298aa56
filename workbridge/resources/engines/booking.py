"""Booking arithmetic (pure): slot alignment, overlaps, utilisation and the idle rule.

Intervals are half-open [start, end): a booking ending at 10:00 and one starting at 10:00 do not overlap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


class BookingError(ValueError):
    """The requested times are not bookable."""


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def slot_starts(start: dt.datetime, end: dt.datetime, slot_minutes: int) -> list[dt.datetime]:
    """The slot start times a booking covers; start and end must lie on slot boundaries."""
    if end <= start:
        raise BookingError("The end must come after the start.")
    step = dt.timedelta(minutes=slot_minutes)
    for moment in (start, end):
        if moment.second or moment.microsecond or (moment.hour * 60 + moment.minute) % slot_minutes:
            raise BookingError(f"Times must be on {slot_minutes}-minute boundaries ({moment:%H:%M} is not).")
    slots, cursor = [], start
    while cursor < end:
        slots.append(cursor)
        cursor += step
    return slots


def within_opening(start: dt.datetime, end: dt.datetime, opens: dt.time, closes: dt.time) -> bool:
    """True when the (local) booking lies within one day's opening hours."""
    return start.date() == end.date() and opens <= start.time() and end.time() <= closes


def conflicts(start, end, existing: Iterable[tuple[object, object]]) -> list[tuple[object, object]]:
    return [(s, e) for s, e in existing if overlaps(start, end, s, e)]


@dataclass(frozen=True)
class IdleRule:
    lookback_days: int = 90
    idle_below: float = 0.10
    grace_days: int = 30
    source: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> IdleRule:
        rule = cls(
            lookback_days=int(data["lookback_days"]),
            idle_below=float(data["idle_below"]),
            grace_days=int(data.get("grace_days", 0)),
            source=str(data.get("source", "")),
        )
        if rule.lookback_days <= 0 or not 0 <= rule.idle_below <= 1 or rule.grace_days < 0:
            raise ValueError("idle rule: lookback_days > 0, 0 <= idle_below <= 1, grace_days >= 0")
        return rule


def available_hours(
    period_start: dt.date, period_end: dt.date, weekly_hours: float, in_service_since: dt.date
) -> float:
    """Bookable hours in [period_start, period_end] (inclusive) for a resource in service since a date."""
    start = max(period_start, in_service_since)
    if period_end < start:
        return 0.0
    days = (period_end - start).days + 1
    return weekly_hours * days / 7


def utilisation(used_hours: float, available: float) -> float | None:
    """Share of bookable hours actually used; None when nothing was bookable."""
    if available <= 0:
        return None
    return used_hours / available


def is_idle(used_hours: float, available: float, days_in_service: int, rule: IdleRule) -> bool:
    """Idle: in service beyond the grace period and used less than ``idle_below`` of its bookable hours."""
    if days_in_service < rule.grace_days:
        return False
    share = utilisation(used_hours, available)
    return share is not None and share < rule.idle_below
