import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.resources.engines.booking import (
    BookingError,
    IdleRule,
    available_hours,
    conflicts,
    is_idle,
    overlaps,
    slot_starts,
    utilisation,
    within_opening,
)

T = dt.datetime


def test_slots_cover_the_booking():
    slots = slot_starts(T(2025, 3, 3, 9, 0), T(2025, 3, 3, 10, 30), 30)
    assert slots == [T(2025, 3, 3, 9, 0), T(2025, 3, 3, 9, 30), T(2025, 3, 3, 10, 0)]


@pytest.mark.parametrize(
    "start,end",
    [
        (T(2025, 3, 3, 9, 15), T(2025, 3, 3, 10, 0)),
        (T(2025, 3, 3, 9, 0), T(2025, 3, 3, 10, 10)),
        (T(2025, 3, 3, 10, 0), T(2025, 3, 3, 10, 0)),
        (T(2025, 3, 3, 11, 0), T(2025, 3, 3, 10, 0)),
    ],
)
def test_misaligned_or_empty_bookings_rejected(start, end):
    with pytest.raises(BookingError):
        slot_starts(start, end, 30)


def test_overlap_edges_half_open():
    nine, ten, eleven = T(2025, 1, 1, 9), T(2025, 1, 1, 10), T(2025, 1, 1, 11)
    assert not overlaps(nine, ten, ten, eleven)  # touching is fine
    assert overlaps(nine, eleven, ten, eleven)  # contained
    assert overlaps(nine, eleven, nine, eleven)  # identical
    assert overlaps(ten, eleven, nine, T(2025, 1, 1, 10, 30))  # straddles the start
    assert conflicts(nine, ten, [(ten, eleven), (T(2025, 1, 1, 8), T(2025, 1, 1, 9, 30))]) == [
        (T(2025, 1, 1, 8), T(2025, 1, 1, 9, 30))
    ]


def test_opening_hours():
    assert within_opening(T(2025, 1, 1, 8), T(2025, 1, 1, 21), dt.time(8), dt.time(21))
    assert not within_opening(T(2025, 1, 1, 7, 30), T(2025, 1, 1, 9), dt.time(8), dt.time(21))
    assert not within_opening(T(2025, 1, 1, 20), T(2025, 1, 2, 9), dt.time(8), dt.time(21))


def test_utilisation_and_idle():
    rule = IdleRule(lookback_days=90, idle_below=0.1, grace_days=30)
    avail = available_hours(dt.date(2025, 1, 1), dt.date(2025, 1, 14), 40, dt.date(2020, 1, 1))
    assert avail == pytest.approx(80)
    assert available_hours(dt.date(2025, 1, 1), dt.date(2025, 1, 14), 40, dt.date(2025, 1, 8)) == pytest.approx(40)
    assert available_hours(dt.date(2025, 1, 1), dt.date(2025, 1, 14), 40, dt.date(2025, 2, 1)) == 0
    assert utilisation(8, 80) == pytest.approx(0.1)
    assert utilisation(5, 0) is None
    assert is_idle(7, 80, 400, rule) and not is_idle(8, 80, 400, rule)
    assert not is_idle(0, 80, 10, rule)  # too new to judge


def test_idle_rule_validation():
    with pytest.raises(ValueError):
        IdleRule.from_dict({"lookback_days": 0, "idle_below": 0.1})
    with pytest.raises(ValueError):
        IdleRule.from_dict({"lookback_days": 90, "idle_below": 1.5})


def test_shipped_idle_rule_loads():
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[2] / "data" / "utilisation.json").read_text())
    assert IdleRule.from_dict(data).idle_below == pytest.approx(0.10) and data["source"]


minutes = st.integers(min_value=0, max_value=48).map(lambda k: T(2025, 1, 1) + dt.timedelta(minutes=30 * k))


@given(minutes, minutes, minutes, minutes)
def test_overlap_iff_shared_slot(a, b, c, d):
    if not (a < b and c < d):
        return
    shared = set(slot_starts(a, b, 30)) & set(slot_starts(c, d, 30))
    assert overlaps(a, b, c, d) == bool(shared)
    assert overlaps(a, b, c, d) == overlaps(c, d, a, b)
