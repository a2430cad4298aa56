"""Dates as job boards write them (pure, no Django)."""

from __future__ import annotations

import datetime as dt
import re

_DATE_PATTERNS = (
    re.compile(r"^(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2}))?"),
    re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)?$"),
)


def parse_month(text: str) -> dt.date | None:
    """The first day of the month a posting was published, or None when the text has no full year and month."""
    text = (text or "").strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match["y"]), int(match["m"])
            if 1 <= month <= 12:
                return dt.date(year, month, 1)
    return None
