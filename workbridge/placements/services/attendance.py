"""Attendance writes: check-ins (idempotent by client key, offline-safe), make-up and leave requests, weekly
confirmations, the 30-day coordinate purge, and the attendance compliance check."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core import crypto, rows
from workbridge.core.access import Actor, access_object, acting_user, as_actor
from workbridge.core.exceptions import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.pressure import cpu_pressure
from workbridge.core.roles import ENTERPRISE_ROLES, Role
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import compliance_bridge
from .. import permissions as perms
from ..engines import attendance as engine
from ..models import (
    ApprovalStatus,
    AttendanceConfirmation,
    AttendanceMode,
    CheckIn,
    CheckInMethod,
    InternshipPlan,
    LeaveRequest,
    PhotoPolicy,
    Placement,
    PlacementStatus,
    Position,
)
from ..selectors import defaults
from .common import settings_for

logger = logging.getLogger(__name__)

CLIENT_KEY_MAX = 64
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
# A phone's location from the cell network or an IP address can be kilometres off; beyond this it says nothing
# (and no longer fits the stored whole metres).
ACCURACY_MAX_M = 100_000


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def _client_key_valid(key: str) -> bool:
    return 8 <= len(key) <= CLIENT_KEY_MAX and all(c.isalnum() or c in "-_:." for c in key)


def _validate_client_key(client_key: str) -> str:
    key = (client_key or "").strip()
    if not _client_key_valid(key):
        raise ValidationFailed(
            _("client_key must be 8-64 characters of letters, digits, '-', '_', ':' or '.'."),
            errors={"client_key": [_("Invalid client key.")]},
        )
    return key


def checkin_submit(
    *,
    actor: Actor,
    placement_id: int,
    client_key: str,
    direct_tried: bool = False,
    **fields,
) -> tuple[CheckIn, bool]:
    """The check-in API's entry: find the placement and record the check-in, with as few statements as the answer
    allows (the token, user and actor came in one statement before: core.authentication). With a task queue on
    PostgreSQL (``assess_after_storing``), a student's plain GPS check-in inside the workplace's area is stored by
    one statement and its trust signals judged just after (``_store_directly``, ``checkin_assess_pending``).
    Otherwise, for a student, one query reads their placement (with its position), whether this client key is
    already stored and the trust-signal history, and one INSERT ... ON CONFLICT DO NOTHING stores a new check-in.
    Other roles go through the usual visibility check and are refused by ``checkin_record`` exactly as before
    (403 when they may see the placement, 404 when they may not). ``direct_tried``: ``checkin_submit_by_token``
    already tried the one statement for this check-in (and it stored nothing), so it is not tried again."""
    actor = as_actor(actor)
    if actor.role != Role.STUDENT or actor.student_id is None:
        placement = access_object(actor, Placement.objects.select_related("position"), placement_id)
        return checkin_record(actor=actor, placement=placement, client_key=client_key, **fields)
    # A student sees their own placements only (core.access: Placement is scoped by student, no extra rule), so
    # filtering by the student is the visibility check; a placement of someone else is "not found" as before.
    if fields.get("occurred_at") is None:
        fields["occurred_at"] = timezone.now()  # the same instant for the history read below and the check-in
    fix = _fix_or_none(actor.student_id, fields)
    if fix is not None and not direct_tried and assess_after_storing():
        stored_now = _store_directly(actor.student_id, placement_id, (client_key or "").strip(), fix, fields)
        if stored_now is not None:
            return stored_now, True
    placement, stored, plan_photo, history = _student_placement(
        actor.student_id, placement_id, (client_key or "").strip(), fix
    )
    if placement is None:
        raise NotFound(f"{Placement._meta.verbose_name} {placement_id} not found.")
    return _checkin_record(actor, placement, client_key, stored, plan_photo=plan_photo, history=history, **fields)


_UNKNOWN = object()


def assess_after_storing() -> bool:
    """Whether a student's plain GPS check-in is stored with one statement and its trust signals judged just after,
    by a worker (``checkin_assess_pending``): on PostgreSQL with a task queue (a worker to run it), unless the
    CHECKIN_ASSESS_AFTER setting turns it off. Without a queue every check-in is judged as it is stored."""
    return (
        connection.vendor == "postgresql"
        and not settings.CELERY_TASK_ALWAYS_EAGER
        and getattr(settings, "CHECKIN_ASSESS_AFTER", True)
    )


def _store_directly(student_id: int, placement_id, key: str, fix: engine.Fix, fields: dict) -> CheckIn | None:
    """The morning surge's check-in in one statement: a located check-in without code or photo, by the student of
    an active placement whose rules let it through (no QR-code rule, no required photo), inside the workplace's
    area, under a new client key. The statement reads the placement with its position, measures the distance as
    ``engine.haversine_m`` does (the same operations in the same order, in double precision) and stores the row
    only if every rule holds; its trust signals stay NULL until ``checkin_assess_pending`` reads its history (the
    student's answer does not show them). Returns the stored check-in, or None for everything else - a refusal,
    an outside fix, a key stored before, a check-in with a code or a photo - which then goes the usual way and
    gets the usual answer, so no rule is judged differently here."""
    given = _direct_values(placement_id, key, fix, fields)
    if given is None:
        return None
    statement = _direct_statement(by_token=False)
    params = [float(fields["latitude"]), float(fields["longitude"]), placement_id, student_id]
    params += rows.insert_values_from(CheckIn, statement.given_fields, given)
    with rows.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    stored = _directly_stored(row, placement_id, student_id, given) if row is not None else None
    return stored.instance() if stored is not None else None


def checkin_submit_by_token(
    *, token_key: str, placement_id, client_key: str, **fields
) -> tuple[tuple | None, DirectCheckIn | None]:
    """The check-in API's morning surge in one round trip: the phone's API token is read (as
    core.authentication reads it) by the same statement that stores the check-in (``_store_directly``'s), which
    stores it only for the student the token's bearer acts as (``core.authentication.credentials_cte``: an active
    user whose current membership is an active student one of the student's school - the actor checkin_submit
    would be called with). Returns the token statement's row (None: no such token) and the stored check-in
    (None: nothing stored). A check-in that is not a plain one (``_direct_values``) reads nothing here: (None,
    None). When the row comes back without a check-in, the caller authenticates with it and goes the usual way
    (``checkin_submit`` with ``direct_tried``), which answers it as it always did.

    It takes the token's key, not an actor: the actor is what the statement reads. Only the API view calls it,
    before DRF authenticates the request (placements.apis.CheckInViewSet.perform_authentication)."""
    from workbridge.core import authentication

    if fields.get("occurred_at") is None:
        fields["occurred_at"] = timezone.now()
    fix = _fix_or_none(0, fields)  # the student is not known yet; the statement stores no history
    if fix is None or not assess_after_storing():
        return None, None
    key = (client_key or "").strip()
    given = _direct_values(placement_id, key, fix, fields)
    if given is None:
        return None, None
    statement = _direct_statement(by_token=True)
    params = authentication.credentials_params(token_key)
    params += [float(fields["latitude"]), float(fields["longitude"]), placement_id]
    params += rows.insert_values_from(CheckIn, statement.given_fields, given)
    with rows.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, None
    width = authentication.credentials_width()
    credentials, stored = row[:width], row[width:]
    student_id = stored[0]
    checkin = _directly_stored(stored[1:], placement_id, student_id, given) if student_id is not None else None
    return tuple(credentials), checkin


def _direct_values(placement_id, key: str, fix: engine.Fix, fields: dict) -> dict | None:
    """The values a plain check-in gives the one statement, or None when it is not a plain one (no position, a
    code, a photo, a key or a time the usual way has to judge)."""
    if (
        type(placement_id) is not int
        or fix.lat is None
        or not _client_key_valid(key)
        or fields.get("qr_token")
        or fields.get("photo")
        or fields.get("direction", "in") not in ("in", "out")
    ):
        return None
    now = timezone.now()
    if not now - dt.timedelta(days=_offline_max_age_days()) <= fix.at <= now + FUTURE_TOLERANCE:
        return None
    latitude, longitude, accuracy = fields["latitude"], fields["longitude"], fields.get("accuracy_m")
    return {
        "client_key": key,
        "direction": fields.get("direction", "in"),
        "occurred_at": fix.at,
        "received_at": now,  # as auto_now_add would set it
        "work_date": _local(fix.at).date(),
        "latitude": Decimal(str(round(float(latitude), 6))),
        "longitude": Decimal(str(round(float(longitude), 6))),
        "accuracy_m": int(round(float(accuracy))) if accuracy is not None else None,
        "device_hash": fix.device,
        "offline": bool(fields.get("offline")) or fix.at < now - dt.timedelta(minutes=10),
    }


class DirectCheckIn(NamedTuple):
    """A check-in the one statement stored, as its values: the answer is written from them
    (placements.apis.checkin_output_stored) without building the model instances; ``instance()`` builds them."""

    values: dict  # every column of the stored row, by attname
    student_id: int
    position_id: int
    radius: int  # the workplace's area, which the answer's summary names

    def instance(self) -> CheckIn:
        """The stored check-in, with its placement and position as the answer's summary reads them."""
        statement = _direct_statement(by_token=False)
        checkin = rows.instance(CheckIn, statement.all_fields, [self.values[f.attname] for f in statement.all_fields])
        placement = rows.instance(
            Placement,
            _read_fields(Placement, _DIRECT_PLACEMENT),
            [self.values["placement_id"], self.student_id, self.position_id],
        )
        position = rows.instance(Position, _read_fields(Position, _DIRECT_POSITION), [self.position_id, self.radius])
        Placement._meta.get_field("position").set_cached_value(placement, position)
        CheckIn._meta.get_field("placement").set_cached_value(checkin, placement)  # its placement_id is set
        return checkin


def _directly_stored(row, placement_id: int, student_id: int, given: dict) -> DirectCheckIn | None:
    """What the one statement stored, from its row (position, radius, distance, id; no id: nothing stored)."""
    position_id, radius, distance, pk = row
    if pk is None:
        return None
    _wake_assessment()
    stored = {**_DIRECT_FIXED, **given, "id": pk, "placement_id": placement_id, "distance_m": distance}
    return DirectCheckIn(stored, student_id, position_id, radius)


# How often one web process may ask for an assessment run: the run takes every pending check-in, so one request
# per process and interval is enough, and the surge's check-ins do not each queue a task.
WAKE_INTERVAL_SECONDS = 5
_WOKEN = {"at": -WAKE_INTERVAL_SECONDS * 2.0}


def _wake_assessment() -> None:
    moment = time.monotonic()
    if moment - _WOKEN["at"] < WAKE_INTERVAL_SECONDS:
        return
    _WOKEN["at"] = moment
    from workbridge.core import debounce

    from ..tasks import assess_checkins

    try:
        debounce.queue_once(assess_checkins, key="pending", window=WAKE_INTERVAL_SECONDS)
    except Exception:  # the check-in is stored: the task's run every minute judges it if the queue is down now
        logger.warning("could not queue placements.assess_checkins", exc_info=True)


ASSESS_BATCH = 200


def checkin_assess_pending(*, limit: int = 20_000, yield_to_surge: bool = False) -> int:
    """Judge the trust signals of check-ins stored without them (``_store_directly``), oldest first, in batches
    of ASSESS_BATCH: each batch is locked (rows another worker holds are skipped), judged exactly as a check-in
    is judged when it is stored - the student's history and the device's other fixes read then (one statement
    for the whole batch: ``_trust_histories``), by the same engine - written, and its alerts raised, in one
    transaction. A run that is stopped midway leaves the rest
    pending for the next (the task every minute, or the next check-in's wake-up). Returns how many were judged.
    A pending check-in's history holds what came after it too (a later check-in, an offline one sent late): the
    engine looks at the nearest fix on either side either way.
    ``yield_to_surge`` (the task): before each batch, stop while the surge keeps the processors busy
    (``assessment_may_wait``); the task runs again a little later."""
    done = 0
    while done < limit:
        if yield_to_surge and assessment_may_wait():
            break
        with transaction.atomic():
            batch = list(
                CheckIn.objects.awaiting_assessment()
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("id")
                .values_list(*_ASSESS_READ)[: min(ASSESS_BATCH, limit - done)]
            )
            if not batch:
                break
            judged = _assess(batch)
            clean = [pk for pk, signals in judged if not signals]
            flagged = [(pk, signals) for pk, signals in judged if signals]
            # most find nothing: one statement for them all
            CheckIn.objects.filter(pk__in=clean).update(signals=[])
            for pk, signals in flagged:
                CheckIn.objects.filter(pk=pk).update(signals=signals)
                if any(s["code"] in _TRUST_SIGNAL_CODES for s in signals):
                    checkin = CheckIn.objects.select_related("placement__student").get(pk=pk)
                    _alert_trust(checkin.placement, checkin)
        done += len(batch)
    return done


def assessment_may_wait() -> bool:
    """Whether judging the pending check-ins may wait: the processors have been contended for at least
    CHECKIN_ASSESS_BUSY_PRESSURE percent of the last ten seconds (``core.pressure``: the morning surge, whose
    check-ins the judging would slow down, its database work included, which no nice value reaches) and the
    oldest pending check-in has waited less than CHECKIN_ASSESS_MAX_WAIT_SECONDS (a long surge gets its
    signals judged at least that often). Where the kernel reports no pressure, never."""
    pressure = cpu_pressure()
    if pressure is None or pressure < settings.CHECKIN_ASSESS_BUSY_PRESSURE:
        return False
    oldest = CheckIn.objects.awaiting_assessment().order_by("id").values_list("received_at", flat=True).first()
    if oldest is None:
        return False
    return timezone.now() - oldest < dt.timedelta(seconds=settings.CHECKIN_ASSESS_MAX_WAIT_SECONDS)


def checkin_assessment_pending() -> bool:
    """Whether any check-in waits for its trust signals."""
    return CheckIn.objects.awaiting_assessment().exists()


# what judging a check-in reads: its id, student and workplace's shift, its fix and verdict
_ASSESS_READ = (
    "id",
    "placement__student_id",
    "placement__position__shift_start",
    "placement__position__shift_end",
    "occurred_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "distance_m",
    "within_geofence",
    "device_hash",
    "qr_valid",
)


def _assess(batch: list[tuple]) -> list[tuple[int, list[dict]]]:
    """The trust signals of a batch of check-ins (rows of _ASSESS_READ), as (id, signals) pairs: their histories
    read in one statement, each judged as a check-in is judged when it is stored (``_trust_signals``)."""
    fixes = [
        engine.Fix(
            student_id=student_id,
            at=occurred_at,
            lat=float(lat) if lat is not None else None,
            lon=float(lon) if lon is not None else None,
            accuracy_m=float(accuracy) if accuracy is not None else None,
            device=device_hash,
        )
        for _pk, student_id, _start, _end, occurred_at, lat, lon, accuracy, _d, _w, device_hash, _q in batch
    ]
    histories = _trust_histories([(fix.student_id, fix, fix.device) for fix in fixes])
    judged = []
    for row, fix, (earlier, device_fixes) in zip(batch, fixes, histories, strict=True):
        pk, _student, shift_start, shift_end, _at, _lat, _lon, _acc, distance, inside, _device, qr_valid = row
        fence = engine.GeofenceResult(inside=inside, distance_m=distance) if None not in (distance, inside) else None
        shift = engine.Shift(shift_start, shift_end)
        signals = _trust_signals(shift, fix, earlier, device_fixes, fence, qr_valid)
        judged.append((pk, [signal.as_dict() for signal in signals]))
    return judged


_DIRECT_PLACEMENT = ("id", "student", "position")
_DIRECT_POSITION = ("id", "geofence_radius_m")
# What the one statement stores besides the placement (its own row's id) and the distance (measured by it): the
# check-in's own values, sent as parameters, and the columns that are the same for every check-in it stores (a
# plain GPS check-in inside the area: judged after, nothing to approve, no code, no photo), written into it. A
# field added to CheckIn must be put in one of the two (_direct_statement refuses to run otherwise).
_DIRECT_GIVEN = (
    "client_key",
    "direction",
    "occurred_at",
    "received_at",
    "work_date",
    "latitude",
    "longitude",
    "accuracy_m",
    "device_hash",
    "offline",
)
_DIRECT_FIXED = {
    "method": CheckInMethod.GPS.value,
    "within_geofence": True,
    "qr_valid": None,
    "signals": None,  # judged after
    "approval": ApprovalStatus.AUTO.value,
    "reason": "",
    "decided_by_id": None,
    "coordinates_purged_at": None,
    "photo": "",
    "photo_purged_at": None,
}


class _DirectStatement(NamedTuple):
    all_fields: list  # CheckIn's fields, in the order rows.instance reads them
    given_fields: list  # those sent as parameters (_DIRECT_GIVEN), in the order the statement takes them
    sql: str


_DIRECT: dict[bool, _DirectStatement] = {}


def _sql_constant(value) -> str:
    """One of _DIRECT_FIXED's values as SQL (they are this module's own constants, never input)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str) and all(c.isalnum() or c == "_" for c in value):
        return f"'{value}'"
    raise ValueError(f"no SQL constant for {value!r}")


def _direct_statement(*, by_token: bool) -> _DirectStatement:
    """The one statement that stores a plain check-in, with its fields (built once each; PostgreSQL): for a
    student known already (parameters: latitude, longitude, placement, student, the given values; its row: the
    position, its radius, the distance, the new id or NULL), or ``by_token``, for the student the API token's
    bearer acts as (parameters: the token statement's, then latitude, longitude, placement, the given values; its
    row: the token statement's row, the student it found or NULL, then the same four; no row: no such token)."""
    if by_token not in _DIRECT:
        all_fields = rows.concrete_fields(CheckIn)
        stored = [f for f in all_fields if not f.primary_key]
        by_statement = {"placement_id", "distance_m"}
        unplaced = {f.attname for f in stored} ^ (set(_DIRECT_GIVEN) | set(_DIRECT_FIXED) | by_statement)
        if unplaced:
            raise RuntimeError(f"CheckIn's fields and the one statement's differ: {sorted(unplaced)}")
        # the given values' placeholders come in the order of the model's fields, after the four of f and d
        given_fields = [f for f in stored if f.attname in _DIRECT_GIVEN]
        q = connection.ops.quote_name

        def selected(field) -> str:
            if field.attname == "placement_id":
                return "d.placement_id"
            if field.attname == "distance_m":
                return "round(d.distance)::integer"
            if field.attname in _DIRECT_FIXED:
                return f"CAST({_sql_constant(_DIRECT_FIXED[field.attname])} AS {field.db_type(connection)})"
            return f"CAST(%s AS {field.db_type(connection)})"

        # engine.haversine_m's operations in its order: p1, p2 the latitudes in radians, dl the longitude step
        distance = (
            f"2 * {engine.EARTH_RADIUS_M!r} * asin(least(1.0, sqrt("
            "power(sin((radians(po.latitude::float8) - radians(f.lat)) / 2), 2)"
            " + cos(radians(f.lat)) * cos(radians(po.latitude::float8))"
            " * power(sin(radians(po.longitude::float8 - f.lon) / 2), 2))))"
        )
        if by_token:
            from workbridge.core import authentication

            credentials, student = authentication.credentials_cte("a")
            head, tail = f"WITH {credentials}, ", f"SELECT a.*, {student}, "
            tail_from = "FROM a LEFT OUTER JOIN d ON true LEFT OUTER JOIN ins ON true"
        else:
            head, student, tail, tail_from = "WITH ", "%s", "SELECT ", "FROM d LEFT OUTER JOIN ins ON true"
        sql = (
            f"{head}f AS (SELECT CAST(%s AS double precision) AS lat, CAST(%s AS double precision) AS lon), "
            f"d AS (SELECT pl.id AS placement_id, po.id AS position_id, po.geofence_radius_m AS radius, "
            f"{distance} AS distance "
            f"FROM {q(Placement._meta.db_table)} pl "
            f"INNER JOIN {q(Position._meta.db_table)} po ON po.id = pl.position_id CROSS JOIN f "
            f"WHERE pl.id = %s AND pl.student_id = {student} "
            f"AND pl.status = '{PlacementStatus.ACTIVE.value}' AND pl.attendance_mode <> '{AttendanceMode.QR.value}' "
            "AND COALESCE(NULLIF(pl.checkin_photo, ''), "
            f"(SELECT ip.checkin_photo FROM {q(InternshipPlan._meta.db_table)} ip WHERE ip.id = pl.plan_id), '') "
            f"<> '{PhotoPolicy.REQUIRED.value}'), "
            f"ins AS (INSERT INTO {q(CheckIn._meta.db_table)} ({', '.join(q(f.column) for f in stored)}) "
            f"SELECT {', '.join(selected(f) for f in stored)} FROM d WHERE d.distance <= d.radius "
            f"ON CONFLICT ({q('placement_id')}, {q('client_key')}) DO NOTHING RETURNING {q('id')}) "
            f"{tail}d.position_id, d.radius, round(d.distance)::integer, ins.id {tail_from}"
        )
        _DIRECT[by_token] = _DirectStatement(all_fields, given_fields, sql)
    return _DIRECT[by_token]


def checkin_record(
    *,
    actor: Actor,
    placement: Placement,
    client_key: str,
    occurred_at: dt.datetime | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    accuracy_m: float | None = None,
    device_id: str = "",
    qr_token: str = "",
    direction: str = "in",
    offline: bool = False,
    photo=None,
) -> tuple[CheckIn, bool]:
    """Record the student's check-in; returns (check-in, created). Sending the same client key again returns the
    stored check-in unchanged (retries and offline re-sends never duplicate it). ``photo``: an uploaded camera
    photo, kept (re-encoded, without EXIF) when the placement's photo rule asks for one or allows it, required when
    the rule says so (``Placement.photo_policy``)."""
    return _checkin_record(
        as_actor(actor),
        placement,
        client_key,
        _UNKNOWN,
        occurred_at=occurred_at,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
        device_id=device_id,
        qr_token=qr_token,
        direction=direction,
        offline=offline,
        photo=photo,
    )


def _checkin_record(
    actor: Actor,
    placement: Placement,
    client_key: str,
    stored,
    *,
    occurred_at: dt.datetime | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    accuracy_m: float | None = None,
    device_id: str = "",
    qr_token: str = "",
    direction: str = "in",
    offline: bool = False,
    photo=None,
    plan_photo: str | None = None,
    history: tuple[engine.Fix, list, list] | None = None,
) -> tuple[CheckIn, bool]:
    """``stored``: the check-in already stored under this key (None: none), when the caller read it with the
    placement; _UNKNOWN makes this function look it up. ``plan_photo``: the photo rule of the placement's
    plan when the caller read it with the placement (None: read it here if the placement has a plan).
    ``history``: (fix, history, device fixes) when the caller read the trust history with the placement for
    this very fix (None: read it here)."""
    if actor.role != Role.STUDENT or actor.student_id != placement.student_id:
        raise PermissionDenied(_("Students check in for their own placement."))
    key = _validate_client_key(client_key)
    existing = (
        CheckIn.objects.filter(placement_id=placement.pk, client_key=key).first() if stored is _UNKNOWN else stored
    )
    if existing is not None:
        existing.placement = placement  # the answer's summary reads the position: no second query for it
        return existing, False
    now = timezone.now()
    occurred_at = occurred_at or now
    if timezone.is_naive(occurred_at):
        raise ValidationFailed(
            _("occurred_at needs a time zone (ISO 8601 with offset)."), errors={"occurred_at": [_("No time zone.")]}
        )
    max_age = dt.timedelta(days=_offline_max_age_days())
    errors = {}
    if occurred_at > now + FUTURE_TOLERANCE:
        errors["occurred_at"] = [_("The check-in time lies in the future.")]
    elif occurred_at < now - max_age:
        errors["occurred_at"] = [
            _("Check-ins older than %(d)d days are not accepted; ask for a make-up check-in.") % {"d": max_age.days}
        ]
    if direction not in ("in", "out"):
        errors["direction"] = [_("Use 'in' or 'out'.")]
    if (latitude is None) != (longitude is None):
        errors["latitude"] = [_("Send both latitude and longitude, or neither.")]
    elif latitude is not None and not (-90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180):
        errors["latitude"] = [_("Coordinates out of range.")]
    if accuracy_m is not None and not 0 <= float(accuracy_m) <= ACCURACY_MAX_M:
        errors["accuracy_m"] = [
            _("The location's accuracy must lie between 0 and %(max)s metres.") % {"max": f"{ACCURACY_MAX_M:,}"}
        ]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(_("Check-ins are only taken during an active placement."))
    position = placement.position
    method = CheckInMethod.GPS
    qr_valid = None
    if qr_token:
        # the workplace's code (one per position), or a placement's own code from before there was one
        qr_valid = bool(position.qr_secret) and engine.qr_verify(position.qr_secret, position.pk, qr_token, occurred_at)
        if not qr_valid and placement.qr_secret:
            qr_valid = engine.qr_verify(placement.qr_secret, placement.pk, qr_token, occurred_at)
        method = CheckInMethod.QR
    elif placement.attendance_mode == AttendanceMode.QR:
        raise ValidationFailed(
            _("This placement checks in with the workplace QR code."),
            errors={"qr_token": [_("Scan the mentor's QR code.")]},
        )
    if latitude is None and method == CheckInMethod.GPS:
        raise ValidationFailed(
            _("No location: allow location access or scan the QR code."), errors={"latitude": [_("Required.")]}
        )
    stored_photo = _checkin_photo(placement, photo, plan_photo)

    fence = None
    if latitude is not None:
        fence = engine.geofence(
            float(latitude),
            float(longitude),
            float(position.latitude),
            float(position.longitude),
            position.geofence_radius_m,
        )
    fix = _fix(placement.student_id, occurred_at, latitude, longitude, accuracy_m, device_id)
    device_hash = fix.device
    if history is not None and history[0] == fix:
        _fix_read, earlier, device_fixes = history
    else:
        earlier, device_fixes = _trust_history(placement.student_id, fix, device_hash)
    signals = _trust_signals(
        engine.Shift(position.shift_start, position.shift_end), fix, earlier, device_fixes, fence, qr_valid
    )
    checkin = CheckIn(
        placement=placement,
        client_key=key,
        method=method,
        direction=direction,
        occurred_at=occurred_at,
        work_date=_local(occurred_at).date(),
        latitude=Decimal(str(round(float(latitude), 6))) if latitude is not None else None,
        longitude=Decimal(str(round(float(longitude), 6))) if longitude is not None else None,
        accuracy_m=int(round(float(accuracy_m))) if accuracy_m is not None else None,
        distance_m=fence.distance_m if fence else None,
        within_geofence=fence.inside if fence else (True if qr_valid else None),
        device_hash=device_hash,
        qr_valid=qr_valid,
        offline=bool(offline) or occurred_at < now - dt.timedelta(minutes=10),
        signals=[s.as_dict() for s in signals],
    )
    if stored_photo is not None:
        # written to storage first (a file is no part of the transaction); removed again if the row is not stored
        checkin.photo.save(stored_photo.name, stored_photo, save=False)
    outside = fence is not None and not fence.inside
    suspicious = any(s.code in _TRUST_SIGNAL_CODES for s in signals)
    try:
        if outside or suspicious or stored_photo is not None or transaction.get_connection().in_atomic_block:
            # several writes, or inside a caller's transaction: a (save)point keeps them together and lets a
            # lost race on the key be answered below without breaking the caller's transaction
            with transaction.atomic():
                _insert(checkin)
                if outside:
                    _maybe_alert_outside(placement)
                if suspicious:
                    _alert_trust(placement, checkin)
        else:
            # the common case is one INSERT, atomic on its own: no BEGIN/COMMIT round trips around it
            _insert(checkin)
    except (IntegrityError, _KeyTaken):
        _drop_file(checkin)
        # A concurrent retry with the same key won the race: return the stored one.
        won = CheckIn.objects.filter(placement_id=placement.pk, client_key=key).first()
        if won is None:
            raise
        won.placement = placement  # as above: the answer's summary reads the position already at hand
        return won, False
    except BaseException:
        _drop_file(checkin)
        raise
    if stored_photo is not None:
        audit_record(
            actor=actor,
            action="checkin.photo",
            target=placement,
            organization_id=placement.school_id,
            data={"checkin": checkin.pk},
        )
    return checkin, True


def _trust_signals(
    shift: engine.Shift,
    fix: engine.Fix,
    earlier: list,
    device_fixes: list,
    fence: engine.GeofenceResult | None,
    qr_valid: bool | None,
) -> list[engine.Signal]:
    """The check-in's trust signals, whether judged as it is stored or afterwards (``checkin_assess_pending``)."""
    signals = engine.trust_signals(
        fix,
        history=earlier,
        device_fixes=device_fixes,
        shift=shift,
        local_time=_local(fix.at).time(),
        geofence_result=fence,
    )
    if qr_valid is False:
        signals.append(engine.Signal("qr_invalid"))
    return signals


class _KeyTaken(Exception):
    """The INSERT found the check-in's key already stored (ON CONFLICT DO NOTHING stored nothing)."""


def _insert(checkin: CheckIn) -> None:
    """Store a new check-in with one INSERT ... ON CONFLICT (placement, client_key) DO NOTHING RETURNING id: a
    re-send that raced this one past the "already stored?" read leaves the table as it was, and the statement does
    not fail (no aborted transaction, no IntegrityError to unwind). Raises _KeyTaken when the key was stored.
    The values are prepared as Model.save() prepares them (pre_save: received_at; get_db_prep_save). Where this
    is not the same as save() - a receiver of CheckIn's save signals, a database without RETURNING - save() is
    used, and a taken key raises IntegrityError as before."""
    db = connections[DEFAULT_DB_ALIAS]
    fields, sql = _insert_statement(db)
    if sql is None or pre_save.has_listeners(CheckIn) or post_save.has_listeners(CheckIn):
        checkin.save()
        return
    params = rows.insert_values(checkin, fields)
    with rows.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise _KeyTaken
    checkin.pk = row[0]
    checkin._state.adding = False
    checkin._state.db = db.alias


def _insert_statement(db) -> tuple[list, str | None]:
    """CheckIn's columns and the INSERT, built once per database vendor; no statement (None) where save() must
    store the row: a database without RETURNING, a field that writes its own placeholder."""
    if db.vendor not in _INSERT:
        fields = [f for f in rows.concrete_fields(CheckIn) if not f.primary_key]
        sql = None
        if db.features.can_return_columns_from_insert and not any(hasattr(f, "get_placeholder") for f in fields):
            q = db.ops.quote_name
            sql = (
                f"INSERT INTO {q(CheckIn._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
                f"VALUES ({', '.join(['%s'] * len(fields))}) "
                f"ON CONFLICT ({q('placement_id')}, {q('client_key')}) DO NOTHING "
                f"RETURNING {q(CheckIn._meta.pk.column)}"
            )
        _INSERT[db.vendor] = (fields, sql)
    return _INSERT[db.vendor]


def _checkin_photo(placement: Placement, photo, plan_photo: str | None):
    """The photo to store with a check-in (re-encoded, EXIF removed), or None. Refuses a missing photo where the
    placement requires one. Where photos are off, a photo that came anyway (a check-in queued on the phone before
    the rule changed) is not kept: nothing personal is stored that nobody asked for."""
    if plan_photo is None and placement.checkin_photo == "" and placement.plan_id:
        plan_photo = placement.plan.checkin_photo
    policy = placement.photo_policy(plan_photo or "")
    if policy == PhotoPolicy.OFF:
        return None
    if not photo:
        if policy == PhotoPolicy.REQUIRED:
            message = _("This placement needs a photo with each check-in: take one at the workplace with the camera.")
            raise ValidationFailed(message, errors={"photo": [_("A photo is required.")]})
        return None
    from workbridge.core.uploads import clean_photo

    return clean_photo(photo, field="photo")


def _drop_file(checkin: CheckIn) -> None:
    if checkin.photo:
        checkin.photo.delete(save=False)


_TRUST_SIGNAL_CODES = ("shared_device", "repeated_coordinates", "impossible_travel")


def _fix(student_id: int, occurred_at, latitude, longitude, accuracy_m, device_id: str) -> engine.Fix:
    """The check-in as the trust engine sees it (the device as its keyed hash: no raw identifier is kept)."""
    return engine.Fix(
        student_id=student_id,
        at=occurred_at,
        lat=float(latitude) if latitude is not None else None,
        lon=float(longitude) if longitude is not None else None,
        accuracy_m=float(accuracy_m) if accuracy_m is not None else None,
        device=crypto.keyed_hash(device_id)[:64] if device_id else "",
    )


def _fix_or_none(student_id: int, fields: dict) -> engine.Fix | None:
    """The fix of a check-in whose fields look valid, to read its trust history along with the placement; None
    when they do not (the check-in's own validation answers them, and nothing is read ahead)."""
    occurred_at, lat, lon, accuracy = (fields.get(k) for k in ("occurred_at", "latitude", "longitude", "accuracy_m"))
    try:
        if not isinstance(occurred_at, dt.datetime) or timezone.is_naive(occurred_at) or (lat is None) != (lon is None):
            return None
        if lat is not None and not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
            return None
        if accuracy is not None and not 0 <= float(accuracy) <= ACCURACY_MAX_M:
            return None
        return _fix(student_id, occurred_at, lat, lon, accuracy, fields.get("device_id") or "")
    except (TypeError, ValueError, OverflowError):
        return None


def _trust_history(student_id: int, fix: engine.Fix, device_hash: str) -> tuple[list, list]:
    """The fixes the trust signals need to judge a check-in, in one statement: of the student's own located
    check-ins from 30 days before to 3 days after it (newest 200, read through the index on (placement,
    occurred_at)), only the nearest earlier one and the nearest later one (impossible travel) and those inside
    the small box round its position (``engine.repeat_box``; repeated coordinates); and check-ins of other
    students from the same device within a day (newest 50; through the (device_hash, occurred_at) index, which
    holds only rows with a device: the query says "<> ''" so that the planner may use it). The signals come out
    as they would from all of them (placements/tests/test_checkin_fast_path.py compares): the database does the
    sifting, so a student with months of check-ins costs the web server no more than one with a day's.
    Written in SQL: the ORM took longer to build such a query than the database took to answer it. The check-in
    API reads the same rows within the placement's statement (``_student_placement``)."""
    sql, params = _history_query(student_id, fix, device_hash)
    with rows.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    at_, lat_, lon_ = rows.converters(CheckIn, ("occurred_at", "latitude", "longitude"))
    return _history_from_rows(found, student_id, device_hash, at_, lambda v: float(lat_(v)), lambda v: float(lon_(v)))


def _history_query(student_id: int, fix: engine.Fix, device_hash: str) -> tuple[str, list]:
    values = _history_values(student_id, fix, device_hash)
    slots = _HISTORY_SLOTS + _DEVICE_SLOTS if device_hash else _HISTORY_SLOTS
    sql = _SQL.get(("history", bool(device_hash)))
    if sql is None:  # built once for each of the two shapes
        tables = {"checkin": CheckIn._meta.db_table, "placement": Placement._meta.db_table}
        sql = _HISTORY_SQL.format(**tables, **_PARAMETER_SLOTS)
        if device_hash:
            sql += _DEVICE_SQL.format(**tables, **_PARAMETER_SLOTS)
        _SQL[("history", bool(device_hash))] = sql
    return sql, [values[slot] for slot in slots]


def _history_values(student_id: int, fix: engine.Fix, device_hash: str, *, windows: bool = True) -> dict:
    """What the history statement compares with, by slot: the check-in's student, its instant and the windows
    round it (30 days before to 3 after; a day either side for the device), and the repeat box."""
    adapt = connection.ops.adapt_datetimefield_value
    lat_min, lat_max, lon_min, lon_max = engine.repeat_box(fix, engine.TrustPolicy()) or _NO_BOX
    return {
        "student": student_id,
        "at": adapt(fix.at),
        "lat_min": lat_min,
        "lat_max": lat_max,
        "lon_min": lon_min,
        "lon_max": lon_max,
        "device": device_hash,
        **({slot: adapt(fix.at + span) for slot, span in _WINDOWS.items()} if windows else {}),
    }


def _trust_histories(items: list[tuple[int, engine.Fix, str]]) -> list[tuple[list, list]]:
    """``_trust_history`` for many check-ins at once (student, fix, device hash each), in the same order: on
    PostgreSQL one statement runs the same history statement for every one of them (LATERAL over their values
    passed as arrays), so the worker that judges a batch of check-ins pays one round trip and one plan instead
    of one per check-in. Elsewhere each is read on its own."""
    if connection.vendor != "postgresql":
        return [_trust_history(student_id, fix, device_hash) for student_id, fix, device_hash in items]
    if not items:
        return []
    # the windows are worked out by the statement
    values = [_history_values(student_id, fix, device_hash, windows=False) for student_id, fix, device_hash in items]
    params = [[v[slot] for v in values] for slot in _BATCH_SLOTS]
    with rows.cursor() as cursor:
        cursor.execute(_batch_history_statement(), params)
        found = cursor.fetchall()
    by_item: list[list] = [[] for _ in items]
    for row in found:
        by_item[row[0] - 1].append(row[1:])
    # the statement gives each time as microseconds since the epoch and each coordinate as a double (see
    # _batch_history_statement)
    return [
        _history_from_rows(by_item[i], student_id, device_hash, _from_epoch_us, float, float)
        for i, (student_id, _fix, device_hash) in enumerate(items)
    ]


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _from_epoch_us(microseconds: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=microseconds)


def _batch_history_statement() -> str:
    sql = _SQL.get(("history-batch",))
    if sql is None:  # built once
        tables = {"checkin": CheckIn._meta.db_table, "placement": Placement._meta.db_table}
        slots = {slot: f"t.{slot}" for slot in _BATCH_SLOTS}
        # each window from the check-in's own instant, by the same span as _history_values (exact: in seconds)
        for slot, span in _WINDOWS.items():
            slots[slot] = f"(t.at + interval '{int(span.total_seconds())} seconds')"
        arrays = ", ".join(f"%s::{_BATCH_SLOT_TYPES[slot]}[]" for slot in _BATCH_SLOTS)
        # A check-in without a device asks for no device rows: its device "" matches none (the statement's
        # "<> ''"), as leaving the part out does for one check-in. Times come as whole microseconds since the
        # epoch (exact: extract gives a numeric) and coordinates as doubles (numeric to double rounds as Python's
        # float(Decimal) does): the worker reads about four rows a check-in, and a timestamp read the usual way is
        # parsed from its text in Python, a bigint or a double in C.
        sql = _SQL[("history-batch",)] = (
            "SELECT t.n, x.kind, x.id, CAST(extract(epoch FROM x.occurred_at) * 1000000 AS bigint), "
            "CAST(x.latitude AS double precision), CAST(x.longitude AS double precision), x.accuracy_m, x.student_id "
            f"FROM unnest({arrays}) WITH ORDINALITY AS t({', '.join(_BATCH_SLOTS)}, n) "
            f"CROSS JOIN LATERAL ({_HISTORY_SQL.format(**tables, **slots)}{_DEVICE_SQL.format(**tables, **slots)}) x"
        )
    return sql


def _history_from_rows(found, student_id: int, device_hash: str, at_, lat_, lon_) -> tuple[list, list]:
    history, device_fixes, seen = [], [], set()
    # nearest earlier and later first: among fixes of the same instant the engine keeps the first it meets
    for kind, pk, at, lat, lon, accuracy, sid in sorted(found, key=lambda row: _KIND_ORDER[row[0]]):
        if kind == "d":
            device_fixes.append(engine.Fix(student_id=sid, at=at_(at), device=device_hash))
        elif pk not in seen:
            seen.add(pk)
            history.append(
                engine.Fix(student_id=student_id, at=at_(at), lat=lat_(lat), lon=lon_(lon), accuracy_m=accuracy)
            )
    return history, device_fixes


def _json_moment(text: str) -> dt.datetime:
    """A timestamp as a JSON aggregate writes it: ISO 8601 with its offset (PostgreSQL), or UTC without one
    (SQLite, which stores Django's UTC timestamps as text)."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# JSON aggregates that carry the trust history inside the placement's row (one round trip instead of two)
_JSON_ROWS = {"postgresql": ("json_agg", "json_build_array"), "sqlite": ("json_group_array", "json_array")}


_KIND_ORDER = {"b": 0, "a": 1, "r": 2, "d": 3}
# a box nothing lies in: no earlier fix can count as a repeat of this one
_NO_BOX = (1000.0, -1000.0, 1000.0, -1000.0)

# The student's fixes in the window as the ORM query they replace read them (CheckIn's default order: newest
# first, then id), then three sifts of them: the nearest earlier fix and the nearest later one - of those at the
# same instant, the one with the highest id, as the engine picks when it scans them newest first - and the fixes
# in the repeat box but at the check-in's own instant (the engine passes over every fix of that instant, and a
# check-in judged after it is stored is one of them: a row less per check-in). Each part is a derived table so
# that both PostgreSQL and SQLite accept its ORDER BY ... LIMIT inside the UNION; the NULL columns are typed so
# PostgreSQL can match the parts.
_HISTORY_SQL = """
WITH h AS (
    SELECT c.id, c.occurred_at, c.latitude, c.longitude, c.accuracy_m
    FROM {checkin} c
    WHERE c.placement_id IN (SELECT p.id FROM {placement} p WHERE p.student_id = {student})
      AND c.latitude IS NOT NULL AND c.occurred_at >= {since} AND c.occurred_at <= {until}
    ORDER BY c.occurred_at DESC, c.id DESC
    LIMIT 200
)
SELECT * FROM (
    SELECT 'b' AS kind, id, occurred_at, latitude, longitude, accuracy_m, CAST(NULL AS INTEGER) AS student_id
    FROM h WHERE occurred_at < {at} ORDER BY occurred_at DESC, id DESC LIMIT 1
) b
UNION ALL
SELECT * FROM (
    SELECT 'a', id, occurred_at, latitude, longitude, accuracy_m, CAST(NULL AS INTEGER)
    FROM h WHERE occurred_at > {at} ORDER BY occurred_at ASC, id DESC LIMIT 1
) a
UNION ALL
SELECT 'r', id, occurred_at, latitude, longitude, accuracy_m, CAST(NULL AS INTEGER)
FROM h WHERE latitude >= {lat_min} AND latitude <= {lat_max} AND longitude >= {lon_min} AND longitude <= {lon_max}
  AND occurred_at <> {at}"""
# Check-ins of other students from the same device within a day. The student's own ones (most of what the device
# index holds for this device) are left out by their placement, which the index carries: PostgreSQL drops them
# inside the index scan instead of reading each one's row and its placement's.
_DEVICE_SQL = """
UNION ALL
SELECT * FROM (
    SELECT 'd' AS kind, c.id, c.occurred_at, CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC), CAST(NULL AS INTEGER),
           p.student_id
    FROM {checkin} c INNER JOIN {placement} p ON p.id = c.placement_id
    WHERE c.device_hash = {device} AND c.device_hash <> ''
      AND c.occurred_at >= {device_since} AND c.occurred_at <= {device_until}
      AND c.placement_id NOT IN (SELECT o.id FROM {placement} o WHERE o.student_id = {student})
    ORDER BY c.occurred_at DESC, c.id DESC
    LIMIT 50
) d"""
# The statements' parameters in the order they appear ("%s" each for one check-in; a column of the check-ins'
# values in the batch statement, but the windows, which it works out: _WINDOWS), and their types.
_HISTORY_SLOTS = ("student", "since", "until", "at", "at", "lat_min", "lat_max", "lon_min", "lon_max", "at")
_DEVICE_SLOTS = ("device", "device_since", "device_until", "student")
_BATCH_SLOT_TYPES = {
    "student": "integer",
    "since": "timestamptz",
    "until": "timestamptz",
    "at": "timestamptz",
    "lat_min": "float8",
    "lat_max": "float8",
    "lon_min": "float8",
    "lon_max": "float8",
    "device": "text",
    "device_since": "timestamptz",
    "device_until": "timestamptz",
}
_PARAMETER_SLOTS = {slot: "%s" for slot in _BATCH_SLOT_TYPES}
# The history's windows round the check-in's instant: its own fixes from 30 days before to 3 after, the device's
# a day either side. One check-in's statement is sent them; the batch statement works them out from each
# instant, so that the worker does not write four more arrays of timestamps for every batch.
_WINDOWS = {
    "since": -dt.timedelta(days=30),
    "until": dt.timedelta(days=3),
    "device_since": -dt.timedelta(days=1),
    "device_until": dt.timedelta(days=1),
}
_BATCH_SLOTS = tuple(slot for slot in _BATCH_SLOT_TYPES if slot not in _WINDOWS)  # the arrays the batch is sent


_SQL: dict[tuple, str] = {}  # statements built once per database vendor (and kind of check-in)
_INSERT: dict[str, tuple[list, str | None]] = {}  # the check-in's INSERT and its fields, per database vendor

# What a check-in reads of its placement and position: its rules (status, attendance mode, codes, photo rule), the
# workplace and its shift, and the ids an alert names. The other columns (texts, JSON, grades, review notes: 58 of
# 72) stay in the database; the instances defer them, so code that reads one still gets it, with a query.
_PLACEMENT_READ = (
    "id",
    "student",
    "plan",
    "position",
    "school",
    "enterprise",
    "school_mentor",
    "enterprise_mentor",
    "start_date",
    "end_date",
    "status",
    "attendance_mode",
    "qr_secret",
    "checkin_photo",
)
_POSITION_READ = (
    "id",
    "enterprise",
    "title",
    "latitude",
    "longitude",
    "geofence_radius_m",
    "shift_start",
    "shift_end",
    "qr_secret",
)
_FIELDS: dict[tuple, list] = {}


def _read_fields(model, names: tuple[str, ...]) -> list:
    if (model, names) not in _FIELDS:
        _FIELDS[model, names] = [model._meta.get_field(name) for name in names]
    return _FIELDS[model, names]


def _student_placement(
    student_id: int, placement_id, key: str, fix: engine.Fix | None = None
) -> tuple[Placement | None, CheckIn | None, str, tuple[engine.Fix, list, list] | None]:
    """The student's placement with its position, the check-in already stored under ``key`` (None: none), the
    photo rule of its internship plan ("" without a plan) and, for ``fix``, the trust history
    (``_trust_history``'s rows as a JSON array in the same row; None without a fix or on a database without
    JSON aggregates), in one statement: what Placement.objects.select_related("position").filter(...),
    CheckIn.objects.get(...) and the history query would load, read in SQL because building those queries cost
    the ORM more CPU than answering them cost the database. A re-sent check-in (a retry after a lost answer) is
    answered from this one statement, a new one needs only its INSERT after it."""
    try:
        placement_id = int(placement_id)
    except (TypeError, ValueError):
        return None, None, "", None
    placement_fields, position_fields = _read_fields(Placement, _PLACEMENT_READ), _read_fields(Position, _POSITION_READ)
    checkin_fields = rows.concrete_fields(CheckIn)
    aggregate = _JSON_ROWS.get(connection.vendor) if fix is not None else None
    history_params: list = []
    history_column = ""
    if aggregate is not None:
        history_sql, history_params = _history_query(student_id, fix, fix.device)
        agg, row = aggregate
        history_column = (
            f", (SELECT {agg}({row}(x.kind, x.id, x.occurred_at, x.latitude, x.longitude, x.accuracy_m, "
            f"x.student_id)) FROM ({history_sql}) x)"
        )
    cache_key = ("placement", connection.vendor, aggregate is not None, bool(fix and fix.device))
    sql = _SQL.get(cache_key)
    if sql is None:  # built once per database vendor and kind of check-in
        columns = (
            rows.columns("pl", placement_fields)
            + rows.columns("po", position_fields)
            + rows.columns("c", checkin_fields)
        )
        sql = _SQL[cache_key] = (
            f"SELECT {', '.join(columns)}, "
            f"(SELECT ip.checkin_photo FROM {InternshipPlan._meta.db_table} ip WHERE ip.id = pl.plan_id)"
            f"{history_column} "
            f"FROM {Placement._meta.db_table} pl INNER JOIN {Position._meta.db_table} po ON po.id = pl.position_id "
            f"LEFT OUTER JOIN {CheckIn._meta.db_table} c ON c.placement_id = pl.id AND c.client_key = %s "
            "WHERE pl.id = %s AND pl.student_id = %s"
        )
    with rows.cursor() as cursor:
        cursor.execute(sql, [*history_params, key, placement_id, student_id])
        row = cursor.fetchone()
    if row is None:
        return None, None, "", None
    history = None
    if aggregate is not None:
        assert fix is not None
        found = row[-1]
        found = json.loads(found) if isinstance(found, str) else (found or [])
        history = (fix, *_history_from_rows(found, student_id, fix.device, _json_moment, float, float))
        row = row[:-1]
    n, m = len(placement_fields), len(placement_fields) + len(position_fields)
    placement = rows.instance(Placement, placement_fields, row[:n])
    position = rows.instance(Position, position_fields, row[n:m])
    Placement._meta.get_field("position").set_cached_value(placement, position)
    stored = None
    if row[m + checkin_fields.index(CheckIn._meta.pk)] is not None:  # a check-in under this key: stored before
        stored = rows.instance(CheckIn, checkin_fields, row[m:-1])
        stored.placement = placement
    return placement, stored, row[-1] or "", history


_MAX_AGE_CACHE: dict[str, int] = {}


def _offline_max_age_days() -> int:
    # defaults() reads and parses the JSON file on every call; it does not change while the process runs
    if "days" not in _MAX_AGE_CACHE:
        _MAX_AGE_CACHE["days"] = int(defaults()["offline_checkin_max_age_days"])
    return _MAX_AGE_CACHE["days"]


def _maybe_alert_outside(placement: Placement) -> None:
    from .alerts import alert_raise

    cfg = settings_for(placement.school_id)
    since = timezone.now() - dt.timedelta(days=7)
    count = CheckIn.objects.filter(placement=placement, within_geofence=False, occurred_at__gte=since).count()
    if count >= cfg.outside_geofence_alert_count:
        week = timezone.localdate().isocalendar()
        alert_raise(
            placement=placement,
            kind="outside_geofence",
            severity="warning",
            title=_("%(s)s checked in outside the workplace %(n)d times this week")
            % {"s": placement.student.name, "n": count},
            dedupe_key=f"outside:{placement.pk}:{week[0]}-{week[1]}",
        )


def _alert_trust(placement: Placement, checkin: CheckIn) -> None:
    from .alerts import alert_raise

    codes = sorted(
        {s["code"] for s in checkin.signals} & {"shared_device", "repeated_coordinates", "impossible_travel"}
    )
    alert_raise(
        placement=placement,
        kind="trust",
        severity="warning",
        title=_("Check-in of %(s)s needs a look: %(c)s") % {"s": placement.student.name, "c": ", ".join(codes)},
        dedupe_key=f"trust:{placement.pk}:{checkin.work_date.isoformat()}",
    )


@transaction.atomic
def makeup_request(*, actor: Actor, placement: Placement, work_date: dt.date, reason: str) -> CheckIn:
    actor = as_actor(actor)
    if actor.role != Role.STUDENT or actor.student_id != placement.student_id:
        raise PermissionDenied(_("Students ask for make-up check-ins for their own placement."))
    if not reason.strip():
        raise ValidationFailed(_("Say why you could not check in."), errors={"reason": [_("Required.")]})
    if not placement.start_date <= work_date <= min(placement.end_date, timezone.localdate()):
        raise ValidationFailed(
            _("The day must lie within the placement and not in the future."),
            errors={"work_date": [_("Out of range.")]},
        )
    if (
        CheckIn.objects.filter(placement=placement, work_date=work_date)
        .exclude(approval=ApprovalStatus.REJECTED)
        .exists()
    ):
        raise ValidationFailed(
            _("There is already a check-in for %(d)s.") % {"d": work_date},
            errors={"work_date": [_("Already recorded.")]},
        )
    occurred = timezone.make_aware(dt.datetime.combine(work_date, placement.position.shift_start))
    checkin = CheckIn(
        placement=placement,
        client_key=f"makeup-{work_date.isoformat()}-{timezone.now():%H%M%S%f}",
        method=CheckInMethod.MAKEUP,
        occurred_at=occurred,
        work_date=work_date,
        approval=ApprovalStatus.PENDING,
        reason=reason.strip(),
    )
    full_clean_or_raise(checkin)
    checkin.save()
    return checkin


def _decide(*, actor: Actor, record, approve: bool, status_field: str, refusal: str, action: str, extra=()):
    """The one flow of a mentor's decision on a student's request (a make-up check-in, a leave): only the
    placement's mentor side, only once, who and the outcome recorded, audited on the placement."""
    if not perms.is_mentor_side(actor, record.placement):
        raise PermissionDenied(refusal)
    if getattr(record, status_field) != ApprovalStatus.PENDING:
        raise InvalidTransition(_("Already decided."))
    setattr(record, status_field, ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED)
    record.decided_by = acting_user(actor)
    for name, value in extra:
        setattr(record, name, value)
    fields = [status_field, "decided_by", *(name for name, _value in extra)]
    if hasattr(record, "updated_at"):
        fields.append("updated_at")
    record.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=action + ("approve" if approve else "reject"),
        target=record.placement,
        organization_id=actor.organization_id,
    )
    return record


@transaction.atomic
def makeup_decide(*, actor: Actor, checkin: CheckIn, approve: bool) -> CheckIn:
    actor = as_actor(actor)
    checkin = access_object(actor, CheckIn.objects.select_for_update().select_related("placement"), checkin.pk)
    return _decide(
        actor=actor,
        record=checkin,
        approve=approve,
        status_field="approval",
        refusal=_("A mentor decides make-up check-ins."),
        action="checkin.makeup.",
    )


@transaction.atomic
def leave_request(
    *, actor: Actor, placement: Placement, start_date: dt.date, end_date: dt.date, reason: str
) -> LeaveRequest:
    actor = as_actor(actor)
    if actor.role != Role.STUDENT or actor.student_id != placement.student_id:
        raise PermissionDenied(_("Students ask for leave for their own placement."))
    leave = LeaveRequest(placement=placement, start_date=start_date, end_date=end_date, reason=reason)
    full_clean_or_raise(leave)
    if start_date < placement.start_date or end_date > placement.end_date:
        raise ValidationFailed(_("Leave must fall within the placement."), errors={"start_date": [_("Out of range.")]})
    leave.save()
    return leave


@transaction.atomic
def leave_decide(*, actor: Actor, leave: LeaveRequest, approve: bool) -> LeaveRequest:
    actor = as_actor(actor)
    leave = access_object(actor, LeaveRequest.objects.select_for_update().select_related("placement"), leave.pk)
    return _decide(
        actor=actor,
        record=leave,
        approve=approve,
        status_field="status",
        refusal=_("A mentor decides leave requests."),
        action="leave.",
        extra=(("decided_at", timezone.now()),),
    )


@transaction.atomic
def attendance_confirm_week(
    *,
    actor: Actor,
    placement: Placement,
    week_start: dt.date,
    days_present: list[dt.date],
    overtime_hours=0,
    night_shifts: int = 0,
    note: str = "",
) -> AttendanceConfirmation:
    """The enterprise mentor confirms a week (Monday) of attendance; replaces GPS in weekly mode."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if not (actor.role in ENTERPRISE_ROLES and perms.is_mentor_side(actor, placement)):
        raise PermissionDenied(_("The enterprise mentor confirms attendance."))
    if week_start.weekday() != 0:
        raise ValidationFailed(_("A week starts on a Monday."), errors={"week_start": [_("Not a Monday.")]})
    week_end = week_start + dt.timedelta(days=6)
    days = sorted({d for d in days_present})
    bad = [d for d in days if not week_start <= d <= week_end]
    if bad:
        raise ValidationFailed(
            _("%(d)s is not in that week.") % {"d": bad[0]}, errors={"days_present": [_("Outside the week.")]}
        )
    confirmation, _created = AttendanceConfirmation.objects.update_or_create(
        placement=placement,
        week_start=week_start,
        defaults={
            "days_present": [d.isoformat() for d in days],
            "overtime_hours": overtime_hours,
            "night_shifts": night_shifts,
            "note": note,
            "confirmed_by": acting_user(actor),
        },
    )
    full_clean_or_raise(confirmation)
    facts = compliance_bridge.placement_facts(placement)
    facts.update(
        {
            "overtime_hours": float(confirmation.overtime_hours),
            "night_shift": night_shifts > 0 or facts["night_shift"],
            "worked_on_holiday": any(engine.is_statutory_holiday(d) for d in days),
            "worked_on_rest_day": any(
                not engine.default_is_workday(d) and not engine.is_statutory_holiday(d) for d in days
            ),
        }
    )
    _attendance_findings(actor, placement, facts)
    audit_record(actor=actor, action="attendance.confirm_week", target=placement, organization_id=actor.organization_id)
    return confirmation


def attendance_facts(placement: Placement, since: dt.date | None = None) -> dict:
    """Working-time facts (longest day, night, rest-day and holiday work) from the placement's check-ins."""
    qs = CheckIn.objects.counted().filter(placement=placement)
    if since:
        qs = qs.filter(work_date__gte=since)
    by_day: dict[dt.date, list] = {}
    for work_date, direction, occurred in qs.values_list("work_date", "direction", "occurred_at"):
        by_day.setdefault(work_date, []).append((direction, _local(occurred)))
    days = []
    for day, events in sorted(by_day.items()):
        ins = [t for d, t in events if d == "in"]
        outs = [t for d, t in events if d == "out"]
        days.append(engine.DayWork(day=day, first_in=min(ins) if ins else None, last_out=max(outs) if outs else None))
    return engine.working_time_facts(days)


def attendance_compliance_check(*, actor: Actor, placement: Placement, since: dt.date | None = None) -> list[dict]:
    """Check the working-time rules against what the check-ins show (overtime, night, rest-day and holiday work)."""
    observed = attendance_facts(placement, since)
    facts = compliance_bridge.placement_facts(placement)
    scheduled = float(placement.position.daily_hours)
    if observed["max_daily_hours"]:
        facts["daily_hours"] = max(scheduled, observed["max_daily_hours"])
        facts["overtime_hours"] = round(max(0.0, observed["max_daily_hours"] - scheduled), 2)
    facts["night_shift"] = facts["night_shift"] or observed["night_shift_days"] > 0
    if observed.get("night_shift_seen"):
        # the finding names the hours actually worked, not the position's scheduled shift
        seen_start, seen_end = observed["night_shift_seen"]
        facts["shift_start"] = seen_start or facts["shift_start"]
        facts["shift_end"] = seen_end or facts["shift_end"]
    facts["worked_on_holiday"] = observed["holiday_work_days"] > 0
    facts["worked_on_rest_day"] = observed["rest_day_work_days"] > 0
    return _attendance_findings(actor, placement, facts)


def _attendance_findings(actor: Actor, placement: Placement, facts: dict) -> list[dict]:
    from .alerts import alert_raise

    findings = compliance_bridge.run_check(
        actor=acting_user(actor) if hasattr(actor, "user") else actor,
        checkpoint="attendance",
        facts=facts,
        school=placement.school,
        enterprise=placement.enterprise,
        placement=placement,
        position=placement.position,
        year=placement.start_date.year,
    )
    for finding in findings:
        rule = finding.get("rule_id") or "rule"
        alert_raise(
            placement=placement,
            kind="rule_violation",
            severity="serious" if compliance_bridge.is_blocking(finding) else "warning",
            title=_("Rule breached at %(e)s: %(m)s")
            % {"e": placement.enterprise.name, "m": finding.get("message") or rule},
            detail=str(finding.get("citation", "")),
            dedupe_key=f"rule:{placement.pk}:{rule}:{timezone.localdate():%Y-%W}",
        )
    return findings


def purge_raw_coordinates(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Drop latitude/longitude (and accuracy) older than the retention period; the verdict and distance stay.
    The nightly privacy retention job passes the period from its rule data (privacy/data/retention.toml)."""
    from django.conf import settings

    now = now or timezone.now()
    days = days if days is not None else settings.WORKBRIDGE.get("RAW_LOCATION_RETENTION_DAYS", 30)
    cutoff = now - dt.timedelta(days=days)
    return CheckIn.objects.filter(occurred_at__lt=cutoff, latitude__isnull=False).update(
        latitude=None, longitude=None, accuracy_m=None, coordinates_purged_at=now
    )


def purge_checkin_photos(*, now: dt.datetime | None = None, days: int = 30) -> int:
    """Delete check-in photos older than the retention period (the same as raw coordinates): the files go from
    storage, the field is cleared and the time noted; the check-in itself stays. The nightly privacy retention job
    calls it with the period of its rule "checkin_photos" (privacy/data/retention.toml)."""
    now = now or timezone.now()
    return delete_checkin_photos(CheckIn.objects.filter(occurred_at__lt=now - dt.timedelta(days=days)), now=now)


def delete_checkin_photos(checkins, *, now: dt.datetime | None = None) -> int:
    """Delete the photos of these check-ins (files and field); returns how many. Also used by a person's erasure."""
    now = now or timezone.now()
    purged = 0
    for checkin in checkins.exclude(photo="").only("pk", "photo").iterator(chunk_size=500):
        try:
            checkin.photo.delete(save=False)
        except FileNotFoundError:
            pass  # already gone from storage: clearing the field is what is left to do
        purged += CheckIn.objects.filter(pk=checkin.pk).update(photo="", photo_purged_at=now)
    return purged


@transaction.atomic
def placement_set_photo_policy(*, actor: Actor, placement: Placement, policy: str) -> Placement:
    """Set whether the placement's check-ins carry a photo: "off", "optional", "required", or "" to follow the
    internship plan (no plan: off). The school's admin or the placement's school mentor decides; audited."""

    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if not perms.may_set_photo_policy(actor, placement):
        raise PermissionDenied(_("The school's admin or the student's school mentor decides about check-in photos."))
    policy = (policy or "").strip()
    if policy not in ("", *PhotoPolicy.values):
        message = _("Choose no photo, photo optional, photo required, or as the internship plan says.")
        raise ValidationFailed(message, errors={"policy": [message]})
    before = placement.checkin_photo
    placement.checkin_photo = policy
    full_clean_or_raise(placement)
    placement.save(update_fields=["checkin_photo", "updated_at"])
    audit_record(
        actor=actor,
        action="placement.checkin_photo",
        target=placement,
        organization_id=actor.organization_id,
        data={"before": before or "plan", "after": policy or "plan", "effective": placement.photo_policy()},
    )
    return placement


def checkin_summary(checkin: CheckIn) -> str:
    """The check-in's verdict in a sentence: "距实习地点 17 米，在范围内（300 米）"."""
    radius = checkin.placement.position.geofence_radius_m if checkin.placement_id else None
    return summary_text(checkin.qr_valid, checkin.distance_m, checkin.within_geofence, radius)


def summary_text(qr_valid: bool | None, distance_m: int | None, within_geofence: bool | None, radius) -> str:
    """``checkin_summary`` from the check-in's verdict and its workplace's radius."""
    if qr_valid:
        return _("Checked in with the workplace code.")
    if qr_valid is False:
        return _("The workplace code was not valid; the check-in is kept and marked for the mentor.")
    if distance_m is None:
        return _("Checked in.")
    if within_geofence:
        return _("%(d)s m from the workplace, inside its %(r)s m area.") % {"d": distance_m, "r": radius}
    return _("%(d)s m from the workplace, outside its %(r)s m area; your mentor will see it.") % {
        "d": distance_m,
        "r": radius,
    }
