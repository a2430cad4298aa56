"""The attendance engine: distances, geofence, trust signals, QR tokens, expected days (property tests)."""

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.placements.engines import attendance as a

lat = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
lon = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)
UTC = dt.UTC


@given(lat, lon, lat, lon)
def test_haversine_is_a_symmetric_non_negative_bounded_distance(la1, lo1, la2, lo2):
    d = a.haversine_m(la1, lo1, la2, lo2)
    assert d >= 0
    assert math.isclose(d, a.haversine_m(la2, lo2, la1, lo1), rel_tol=1e-9, abs_tol=1e-6)
    assert d <= math.pi * a.EARTH_RADIUS_M + 1


@given(lat, lon, lat, lon, lat, lon)
def test_haversine_triangle_inequality(la1, lo1, la2, lo2, la3, lo3):
    assert (
        a.haversine_m(la1, lo1, la3, lo3)
        <= a.haversine_m(la1, lo1, la2, lo2) + a.haversine_m(la2, lo2, la3, lo3) + 1e-3
    )


def test_haversine_known_values():
    # One degree of latitude is about 111.2 km; Hangzhou to Shanghai about 164 km.
    assert a.haversine_m(30.0, 120.0, 31.0, 120.0) == pytest.approx(111_195, rel=1e-3)
    assert a.haversine_m(30.2741, 120.1551, 31.2304, 121.4737) == pytest.approx(164_000, rel=0.02)
    with pytest.raises(ValueError):
        a.haversine_m(91, 0, 0, 0)


@pytest.mark.parametrize(
    "args, named",
    [
        ((91, 0, 0, 0), "lat1"),
        ((0, 0, -90.5, 0), "lat2"),
        ((0, 180.1, 0, 0), "lon1"),
        ((0, 0, 0, -181), "lon2"),
        ((math.nan, 0, 0, 0), "lat1"),
        ((0, 0, 0, math.nan), "lon2"),
        ((0, math.inf, 0, 0), "lon1"),
    ],
)
def test_haversine_refuses_a_point_off_the_globe_and_names_it(args, named):
    with pytest.raises(ValueError, match=f"^{named}="):
        a.haversine_m(*args)


@given(lat, lon, st.floats(min_value=0, max_value=2000), st.floats(min_value=20, max_value=5000))
def test_geofence_inside_iff_distance_within_radius(la, lo, north_m, radius):
    # Move north by north_m metres.
    la2 = la + north_m / 111_195
    if la2 > 90:
        return
    result = a.geofence(la2, lo, la, lo, radius)
    assert result.inside == (a.haversine_m(la2, lo, la, lo) <= radius)
    assert abs(result.distance_m - north_m) <= 2 + north_m * 0.01


def _fix(student=1, minutes=0, la=30.0, lo=120.0, acc=10.0, device=""):
    return a.Fix(
        student_id=student,
        at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC) + dt.timedelta(minutes=minutes),
        lat=la,
        lon=lo,
        accuracy_m=acc,
        device=device,
    )


def test_shared_device_flags_other_students_only_within_window():
    fix = _fix(student=1, device="d1")
    others = [
        _fix(student=2, minutes=-30, device="d1"),
        _fix(student=3, minutes=-60 * 30, device="d1"),
        _fix(student=1, minutes=-5, device="d1"),
        _fix(student=4, device="d2"),
    ]
    codes = {s.code for s in a.trust_signals(fix, device_fixes=others)}
    assert "shared_device" in codes
    assert a.shared_device(fix, others, 24) == [2]
    assert not a.shared_device(_fix(device=""), others, 24)


@given(st.integers(min_value=0, max_value=10))
def test_repeated_coordinates_counts_exact_repeats_of_precise_fixes(n):
    history = [_fix(minutes=-1440 * (i + 1)) for i in range(n)]
    fix = _fix()
    signals = {s.code for s in a.trust_signals(fix, history=history)}
    assert ("repeated_coordinates" in signals) == (n >= a.TrustPolicy().repeat_min_count)
    # Imprecise (Wi-Fi/cell) fixes that repeat are not suspicious.
    imprecise = _fix(acc=80)
    assert a.repeated_coordinates(imprecise, history, a.TrustPolicy()) == 0
    # Two metres away is not a repeat.
    assert a.repeated_coordinates(_fix(la=30.0 + 2 / 111_195), history, a.TrustPolicy()) == 0


@settings(max_examples=60)
@given(st.floats(min_value=1, max_value=600), st.floats(min_value=2.5, max_value=500))
def test_impossible_travel_iff_speed_exceeds_limit(minutes, km):
    previous = _fix(minutes=-minutes)
    here = _fix(la=30.0 + km * 1000 / 111_195)
    travel = a.impossible_travel(here, [previous], a.TrustPolicy())
    speed = km / (minutes / 60)
    if speed > 200 * 1.01:
        assert travel is not None and travel["speed_kmh"] == pytest.approx(speed, rel=0.01)
    elif speed < 200 * 0.99:
        assert travel is None


def test_impossible_travel_uses_later_fix_for_late_offline_sends():
    later = _fix(minutes=10, la=31.0)  # 111 km later in 10 minutes
    assert a.impossible_travel(_fix(), [later], a.TrustPolicy())["distance_m"] > 100_000
    same_instant = _fix(minutes=0, student=1, la=30.5)
    assert a.impossible_travel(_fix(), [same_instant], a.TrustPolicy()) is None  # same time = same record


@given(st.integers(0, 23), st.integers(0, 59))
def test_shift_window(h, m):
    day = a.Shift(dt.time(8, 30), dt.time(17, 30))
    minutes = h * 60 + m
    assert day.contains(dt.time(h, m), grace_minutes=60) == (7 * 60 + 30 <= minutes <= 18 * 60 + 30)
    night = a.Shift(dt.time(22, 0), dt.time(6, 0))
    assert night.contains(dt.time(h, m), grace_minutes=0) == (minutes >= 22 * 60 or minutes <= 6 * 60)


def test_outside_shift_signal():
    signals = a.trust_signals(_fix(), shift=a.Shift(dt.time(8, 30), dt.time(17, 30)), local_time=dt.time(3, 0))
    assert [s.code for s in signals] == ["outside_shift"]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**6))
def test_qr_token_verifies_in_its_window_only(ts, placement_id):
    moment = dt.datetime.fromtimestamp(ts, tz=UTC)
    token = a.qr_token("secret", placement_id, a.qr_window(moment))
    assert a.qr_verify("secret", placement_id, token, moment)
    assert not a.qr_verify("secret", placement_id + 1, token, moment)
    assert not a.qr_verify("other", placement_id, token, moment)
    assert not a.qr_verify("secret", placement_id, token, moment + dt.timedelta(minutes=5))


def test_expected_days_follow_chinese_calendar_schedule_and_leave():
    # National Day week 2025: 1-8 October are holidays; Sunday 28 September and Saturday 11 October are workdays.
    days = a.expected_days(dt.date(2025, 9, 27), dt.date(2025, 10, 12))
    assert dt.date(2025, 9, 28) in days and dt.date(2025, 10, 11) in days
    assert not any(dt.date(2025, 10, d) in days for d in range(1, 9))
    with_leave = a.expected_days(
        dt.date(2025, 9, 27), dt.date(2025, 10, 12), leave=[(dt.date(2025, 9, 29), dt.date(2025, 9, 30))]
    )
    assert len(with_leave) == len(days) - 2
    schedule = [
        {"start": "2025-09-27", "end": "2025-09-30", "kind": "work"},
        {"start": "2025-10-01", "end": "2025-10-12", "kind": "school"},
    ]
    assert max(a.expected_days(dt.date(2025, 9, 27), dt.date(2025, 10, 12), schedule=schedule)) == dt.date(2025, 9, 30)


def test_schedule_errors_name_the_entry():
    with pytest.raises(ValueError, match="entry 2"):
        a.work_periods(
            dt.date(2026, 1, 1),
            dt.date(2026, 6, 1),
            [
                {"start": "2026-01-01", "end": "2026-02-01", "kind": "work"},
                {"start": "2026-03-01", "end": "2026-02-01", "kind": "work"},
            ],
        )
    with pytest.raises(ValueError, match="overlap"):
        a.work_periods(
            dt.date(2026, 1, 1),
            dt.date(2026, 6, 1),
            [
                {"start": "2026-01-01", "end": "2026-02-01", "kind": "work"},
                {"start": "2026-01-15", "end": "2026-03-01", "kind": "school"},
            ],
        )


@given(st.lists(st.booleans(), min_size=1, max_size=30))
def test_missed_streak_counts_trailing_absences(present_flags):
    days = [dt.date(2026, 3, 1) + dt.timedelta(days=i) for i in range(len(present_flags))]
    present = {d for d, p in zip(days, present_flags, strict=True) if p}
    expected = 0
    for flag in reversed(present_flags):
        if flag:
            break
        expected += 1
    assert a.missed_streak(days, present) == expected


def test_working_time_facts():
    tz = UTC
    days = [
        a.DayWork(
            dt.date(2025, 10, 1), dt.datetime(2025, 10, 1, 8, tzinfo=tz), dt.datetime(2025, 10, 1, 19, tzinfo=tz)
        ),  # holiday, 11 h
        a.DayWork(
            dt.date(2025, 10, 11), dt.datetime(2025, 10, 11, 8, tzinfo=tz), dt.datetime(2025, 10, 11, 16, tzinfo=tz)
        ),  # adjusted workday
        a.DayWork(
            dt.date(2025, 10, 12), dt.datetime(2025, 10, 12, 21, tzinfo=tz), dt.datetime(2025, 10, 12, 23, tzinfo=tz)
        ),  # Sunday, night
    ]
    facts = a.working_time_facts(days)
    assert facts == {
        "max_daily_hours": 11.0,
        "days_over_8_hours": 1,
        "night_shift_days": 1,
        "rest_day_work_days": 1,
        "holiday_work_days": 1,
        "night_shift_seen": ("21:00", "23:00"),
    }
