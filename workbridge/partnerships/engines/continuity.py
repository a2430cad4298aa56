"""When a school-enterprise partnership was in force without a break: agreement terms, with a renewal bridging the
gap to its predecessor's end (a renewal signed weeks after the old term ended is still one partnership).

Pure: no Django. Each term is (agreement id, start, end, id of the agreement it renews or None)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Term = tuple[int, dt.date, dt.date, int | None]


def continuous_spans(terms: Iterable[Term], *, renewal_gap_days: int) -> list[tuple[dt.date, dt.date]]:
    """Merge the terms into spans of continuous cooperation: overlapping or touching terms join, and a renewal
    joins its predecessor when it starts within ``renewal_gap_days`` of the predecessor's end."""
    terms = sorted(terms, key=lambda t: (t[1], t[2]))
    ends = {agreement_id: end for agreement_id, _start, end, _renews in terms}
    spans: list[list[dt.date]] = []
    for _agreement_id, start, end, renews in terms:
        bridged = renews in ends and (start - ends[renews]).days <= renewal_gap_days + 1
        if spans and (start <= spans[-1][1] + dt.timedelta(days=1) or bridged and ends[renews] >= spans[-1][0]):
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(a, b) for a, b in spans]


def in_force_during(spans: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    return any(a <= end and b >= start for a, b in spans)
