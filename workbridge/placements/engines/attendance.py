"""Attendance engine: distances, geofences, trust signals, rotating QR tokens and expected work days.

Pure Python (no Django). Trust signals are *signals*, not verdicts: a mentor looks at flagged check-ins.

Signals:
- ``shared_device``: the same device (hashed fingerprint) checked in for another student recently;
- ``repeated_coordinates``: the reported position equals (within 1 m) earlier check-ins of the same student
  several times, with a claimed precision that real GPS jitter makes improbable (replayed or faked location);
- ``impossible_travel``: the speed needed between this and the previous check-in exceeds a plausible maximum;
- ``outside_shift``: the check-in time lies outside the shift (with a grace period);
- ``low_accuracy``: the browser reported an accuracy worse than the limit;
- ``outside_geofence``: farther from the workplace than its radius.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points (spherical model)."""
    # One chained test for the usual case (a NaN fails every comparison, so it lands below too): the judging of
    # each check-in measures several distances, and the loop that names the bad value cost more than the formula.
    if not (-90 <= lat1 <= 90 and -90 <= lat2 <= 90 and -180 <= lon1 <= 180 and -180 <= lon2 <= 180):
        for value, name, bound in ((lat1, "lat1", 90), (lat2, "lat2", 90), (lon1, "lon1", 180), (lon2, "lon2", 180)):
            if not -bound <= value <= bound:
                raise ValueError(f"{name}={value} is outside [-{bound}, {bound}]")
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class GeofenceResult:
    inside: bool
    distance_m: int


def geofence(lat: float, lon: float, center_lat: float, center_lon: float, radius_m: float) -> GeofenceResult:
    """Inside when the distance to the workplace is at most the radius (distance rounded to whole metres)."""
    if radius_m <= 0:
        raise ValueError("radius_m must be positive")
    distance = haversine_m(lat, lon, center_lat, center_lon)
    return GeofenceResult(inside=distance <= radius_m, distance_m=int(round(distance)))


# ---------------------------------------------------------------------------------------------------------
# Trust signals


@dataclass(frozen=True)
class Fix:
    """One check-in as the engine sees it (times are aware datetimes or all naive in the same zone)."""

    student_id: int
    at: dt.datetime
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    device: str = ""


@dataclass(frozen=True)
class Shift:
    start: dt.time
    end: dt.time

    def contains(self, moment: dt.time, grace_minutes: int = 60) -> bool:
        """True when the moment lies in [start - grace, end + grace]; shifts may run past midnight."""
        minutes = moment.hour * 60 + moment.minute
        start = self.start.hour * 60 + self.start.minute - grace_minutes
        end = self.end.hour * 60 + self.end.minute + grace_minutes
        if self.end <= self.start:  # overnight shift
            end += 24 * 60
        day = 24 * 60
        # Compare on a circle: the moment or the moment plus a day must fall in the window.
        return any(start <= m <= end for m in (minutes, minutes + day, minutes - day))


@dataclass(frozen=True)
class TrustPolicy:
    max_speed_kmh: float = 200.0  # faster than a high-speed train between check-ins is implausible
    min_travel_m: float = 2_000.0  # ignore jitter: only distances above this count for travel speed
    repeat_radius_m: float = 1.0
    repeat_min_count: int = 3
    repeat_max_accuracy_m: float = 30.0  # only precise (GPS-grade) fixes that repeat exactly are suspicious
    shared_device_window_hours: float = 24.0
    shift_grace_minutes: int = 60
    max_accuracy_m: float = 500.0


@dataclass
class Signal:
    code: str
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, **self.detail}


def shared_device(fix: Fix, others: Iterable[Fix], window_hours: float) -> list[int]:
    """Other students who used the same device within the window (sorted ids)."""
    if not fix.device:
        return []
    window = dt.timedelta(hours=window_hours)
    return sorted(
        {
            o.student_id
            for o in others
            if o.device == fix.device and o.student_id != fix.student_id and abs(o.at - fix.at) <= window
        }
    )


def repeated_coordinates(fix: Fix, history: Iterable[Fix], policy: TrustPolicy) -> int:
    """How many earlier fixes of the same student lie within ``repeat_radius_m`` of this one (0 if imprecise)."""
    if fix.lat is None or fix.lon is None:
        return 0
    if fix.accuracy_m is not None and fix.accuracy_m > policy.repeat_max_accuracy_m:
        return 0
    count = 0
    for h in history:
        if h.student_id != fix.student_id or h.lat is None or h.lon is None or h.at == fix.at:
            continue
        if haversine_m(fix.lat, fix.lon, h.lat, h.lon) <= policy.repeat_radius_m:
            count += 1
    return count


def repeat_box(fix: Fix, policy: TrustPolicy) -> tuple[float, float, float, float] | None:
    """A latitude/longitude box holding every point within ``repeat_radius_m`` of the fix (lat_min, lat_max,
    lon_min, lon_max), with a wide margin, so that a database can hand over only the earlier fixes that could be
    repeats instead of all of them; None when no fix can count as a repeat (no position, or an imprecise one).
    Near a pole or the antimeridian the box spans every longitude."""
    if fix.lat is None or fix.lon is None:
        return None
    if fix.accuracy_m is not None and fix.accuracy_m > policy.repeat_max_accuracy_m:
        return None
    # twice the radius in degrees along a meridian, plus a micro-degree for the stored values' rounding
    dlat = 2 * math.degrees(policy.repeat_radius_m / EARTH_RADIUS_M) + 1e-6
    lat_min, lat_max = fix.lat - dlat, fix.lat + dlat
    widest = math.cos(math.radians(min(90.0, max(abs(lat_min), abs(lat_max)))))
    if widest < 0.01:
        return lat_min, lat_max, -180.0, 180.0
    dlon = dlat / widest
    if fix.lon - dlon < -180 or fix.lon + dlon > 180:
        return lat_min, lat_max, -180.0, 180.0
    return lat_min, lat_max, fix.lon - dlon, fix.lon + dlon


def travel_speed_kmh(a: Fix, b: Fix) -> tuple[float, float] | None:
    """(distance in metres, speed in km/h) between two fixes with coordinates; None if not computable."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    distance = haversine_m(a.lat, a.lon, b.lat, b.lon)
    seconds = abs((b.at - a.at).total_seconds())
    if seconds == 0:
        return distance, math.inf if distance > 0 else 0.0
    return distance, distance / seconds * 3.6


def impossible_travel(fix: Fix, history: Iterable[Fix], policy: TrustPolicy) -> dict | None:
    """Compare with the nearest-in-time earlier and later fix of the same student (offline fixes arrive late).
    Returns the worst implausible leg (distance, minutes, speed; speed None when both fixes share an instant)."""
    own = [h for h in history if h.student_id == fix.student_id and h.lat is not None and h.at != fix.at]
    before = max((h for h in own if h.at < fix.at), key=lambda h: h.at, default=None)
    after = min((h for h in own if h.at > fix.at), key=lambda h: h.at, default=None)
    worst: tuple[float, dict] | None = None
    for other in (before, after):
        if other is None:
            continue
        measured = travel_speed_kmh(other, fix)
        if measured is None:
            continue
        distance, speed = measured
        if distance < policy.min_travel_m or speed <= policy.max_speed_kmh:
            continue
        leg = {
            "distance_m": int(round(distance)),
            "minutes": round(abs((fix.at - other.at).total_seconds()) / 60, 1),
            "speed_kmh": round(speed, 1) if math.isfinite(speed) else None,
        }
        if worst is None or speed > worst[0]:
            worst = (speed, leg)
    return worst[1] if worst else None


def trust_signals(
    fix: Fix,
    *,
    history: Sequence[Fix] = (),
    device_fixes: Sequence[Fix] = (),
    shift: Shift | None = None,
    local_time: dt.time | None = None,
    geofence_result: GeofenceResult | None = None,
    policy: TrustPolicy = TrustPolicy(),
) -> list[Signal]:
    """All signals raised by one check-in. ``history``: the student's other fixes; ``device_fixes``: fixes by
    anyone from the same device; ``local_time``: the check-in's wall-clock time at the workplace."""
    signals: list[Signal] = []
    if geofence_result is not None and not geofence_result.inside:
        signals.append(Signal("outside_geofence", {"distance_m": geofence_result.distance_m}))
    if fix.accuracy_m is not None and fix.accuracy_m > policy.max_accuracy_m:
        signals.append(Signal("low_accuracy", {"accuracy_m": int(fix.accuracy_m)}))
    others = shared_device(fix, device_fixes, policy.shared_device_window_hours)
    if others:
        signals.append(Signal("shared_device", {"other_students": len(others)}))
    repeats = repeated_coordinates(fix, history, policy)
    if repeats >= policy.repeat_min_count:
        signals.append(Signal("repeated_coordinates", {"repeats": repeats}))
    travel = impossible_travel(fix, history, policy)
    if travel is not None:
        signals.append(Signal("impossible_travel", travel))
    if shift is not None and local_time is not None and not shift.contains(local_time, policy.shift_grace_minutes):
        signals.append(Signal("outside_shift", {"time": local_time.strftime("%H:%M")}))
    return signals


# ---------------------------------------------------------------------------------------------------------
# Rotating QR code


def qr_window(moment: dt.datetime, period_seconds: int = 60) -> int:
    return int(moment.timestamp()) // period_seconds


def qr_token(secret: str, placement_id: int, window: int, length: int = 10) -> str:
    """HMAC-SHA256 over placement and time window, truncated (hex)."""
    if not secret:
        raise ValueError("a QR secret is required")
    mac = hmac.new(secret.encode(), f"{placement_id}:{window}".encode(), hashlib.sha256)
    return mac.hexdigest()[:length]


def qr_verify(
    secret: str, placement_id: int, token: str, moment: dt.datetime, period_seconds: int = 60, tolerance: int = 1
) -> bool:
    """Accept the token of the current window or of up to ``tolerance`` windows before or after it."""
    if not token or not secret:
        return False
    current = qr_window(moment, period_seconds)
    return (
        any(
            hmac.compare_digest(qr_token(secret, placement_id, current + delta, len(token)), token.lower())
            for delta in range(-tolerance, tolerance + 1)
        )
        and 6 <= len(token) <= 64
    )


# ---------------------------------------------------------------------------------------------------------
# Expected days


def default_is_workday(day: dt.date) -> bool:
    """China's official working days (weekends moved by the State Council's holiday notices) via chinesecalendar;
    outside the years the library covers, Monday to Friday."""
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(day)
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def is_statutory_holiday(day: dt.date) -> bool:
    """A statutory public holiday (春节, 国庆节, ...), not an ordinary weekend."""
    try:
        import chinese_calendar

        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return bool(on_holiday and name)
    except (ImportError, NotImplementedError):
        return False


def work_periods(start: dt.date, end: dt.date, schedule: Sequence[dict]) -> list[tuple[dt.date, dt.date]]:
    """The work periods of a placement: the schedule's ``work`` entries clipped to [start, end]; without a
    schedule the whole term. Raises ValueError on malformed or overlapping entries."""
    if not schedule:
        return [(start, end)]
    periods = []
    for index, entry in enumerate(schedule):
        try:
            s = dt.date.fromisoformat(str(entry["start"]))
            e = dt.date.fromisoformat(str(entry["end"]))
            kind = entry["kind"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"schedule entry {index + 1}: needs start, end (YYYY-MM-DD) and kind ({exc})") from None
        if kind not in ("work", "school"):
            raise ValueError(f"schedule entry {index + 1}: kind must be 'work' or 'school', not {kind!r}")
        if e < s:
            raise ValueError(f"schedule entry {index + 1}: ends before it starts")
        periods.append((s, e, kind))
    ordered = sorted(periods)
    for (_s1, e1, _k1), (s2, _e2, _k2) in zip(ordered, ordered[1:], strict=False):
        if s2 <= e1:
            raise ValueError(f"schedule entries overlap around {s2.isoformat()}")
    return [(max(s, start), min(e, end)) for s, e, kind in ordered if kind == "work" and max(s, start) <= min(e, end)]


def expected_days(
    start: dt.date,
    end: dt.date,
    *,
    schedule: Sequence[dict] = (),
    leave: Iterable[tuple[dt.date, dt.date]] = (),
    until: dt.date | None = None,
    is_workday: Callable[[dt.date], bool] = default_is_workday,
) -> list[dt.date]:
    """Working days in the placement's work periods, minus approved leave, up to ``until`` (inclusive)."""
    last = min(end, until) if until else end
    on_leave: set[dt.date] = set()
    for s, e in leave:
        day = s
        while day <= e:
            on_leave.add(day)
            day += dt.timedelta(days=1)
    days = []
    for s, e in work_periods(start, end, schedule):
        day = s
        while day <= min(e, last):
            if day not in on_leave and is_workday(day):
                days.append(day)
            day += dt.timedelta(days=1)
    return days


def missed_streak(expected: Sequence[dt.date], present: set[dt.date]) -> int:
    """Consecutive expected days without attendance, counted back from the last expected day."""
    streak = 0
    for day in reversed(sorted(expected)):
        if day in present:
            break
        streak += 1
    return streak


# ---------------------------------------------------------------------------------------------------------
# Working-time facts for the compliance engine


@dataclass(frozen=True)
class DayWork:
    day: dt.date
    first_in: dt.datetime | None
    last_out: dt.datetime | None

    @property
    def hours(self) -> float | None:
        if self.first_in is None or self.last_out is None or self.last_out <= self.first_in:
            return None
        return (self.last_out - self.first_in).total_seconds() / 3600


def working_time_facts(
    days: Sequence[DayWork],
    *,
    is_workday: Callable[[dt.date], bool] = default_is_workday,
    is_holiday: Callable[[dt.date], bool] = is_statutory_holiday,
    night_start: dt.time = dt.time(22, 0),
    night_end: dt.time = dt.time(6, 0),
) -> dict:
    """Facts from check-ins: the longest day, days over 8 hours, night-time presence, rest-day and holiday work."""
    max_hours = 0.0
    over_8 = 0
    night = 0
    rest_day = 0
    holiday = 0
    night_shift_seen: tuple[str, str] | None = None  # the first night day's observed start and end, "HH:MM"
    for d in days:
        h = d.hours
        if h is not None:
            max_hours = max(max_hours, h)
            over_8 += h > 8.0 + 1e-9
        for moment in (d.first_in, d.last_out):
            if moment is not None and (moment.time() >= night_start or moment.time() < night_end):
                night += 1
                if night_shift_seen is None:
                    night_shift_seen = (
                        d.first_in.strftime("%H:%M") if d.first_in else "",
                        d.last_out.strftime("%H:%M") if d.last_out else "",
                    )
                break
        if d.first_in is not None or d.last_out is not None:
            if is_holiday(d.day):
                holiday += 1
            elif not is_workday(d.day):
                rest_day += 1
    return {
        "max_daily_hours": round(max_hours, 2),
        "days_over_8_hours": over_8,
        "night_shift_days": night,
        "rest_day_work_days": rest_day,
        "holiday_work_days": holiday,
        "night_shift_seen": night_shift_seen,
    }
