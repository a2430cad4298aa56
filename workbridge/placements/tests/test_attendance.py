import datetime as dt

import pytest
from django.utils import timezone

from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.placements.models import Alert, CheckIn
from workbridge.placements.services import alerts as alerts
from workbridge.placements.services import attendance as att

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db


def at_work(placement, metres_north=0.0):
    return float(placement.position.latitude) + metres_north / 111_195, float(placement.position.longitude)


def test_checkin_inside_and_outside_geofence(setup):
    placement = make_active_placement(setup)
    lat, lon = at_work(placement, 50)
    checkin, created = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="key-00000001",
        latitude=lat,
        longitude=lon,
        accuracy_m=15,
    )
    assert created and checkin.within_geofence and 45 <= checkin.distance_m <= 55
    lat, lon = at_work(placement, 2000)
    far, _ = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="key-00000002",
        latitude=lat,
        longitude=lon,
        accuracy_m=15,
    )
    assert far.within_geofence is False and far.signals[0]["code"] == "outside_geofence"


def test_same_client_key_never_duplicates(setup):
    placement = make_active_placement(setup)
    lat, lon = at_work(placement)
    moment = timezone.now() - dt.timedelta(hours=3)  # queued offline three hours ago
    first, created1 = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="offline-abc-123",
        occurred_at=moment,
        latitude=lat,
        longitude=lon,
    )
    again, created2 = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="offline-abc-123",
        occurred_at=moment,
        latitude=lat,
        longitude=lon,
    )
    assert created1 and not created2 and first.pk == again.pk
    assert CheckIn.objects.filter(placement=placement).count() == 1
    assert first.offline and first.occurred_at == moment


def test_checkin_rejects_bad_input_with_the_field(setup):
    placement = make_active_placement(setup)
    with pytest.raises(ValidationFailed) as exc:
        att.checkin_record(
            actor=setup.student_user, placement=placement, client_key="short", latitude=30, longitude=120
        )
    assert "client_key" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        att.checkin_record(
            actor=setup.student_user,
            placement=placement,
            client_key="key-future-1",
            occurred_at=timezone.now() + dt.timedelta(hours=1),
            latitude=30,
            longitude=120,
        )
    assert "occurred_at" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        att.checkin_record(actor=setup.student_user, placement=placement, client_key="key-lat-only", latitude=30)
    with pytest.raises(PermissionDenied):
        att.checkin_record(
            actor=setup.mentor, placement=placement, client_key="key-mentor-1", latitude=30, longitude=120
        )
    assert not CheckIn.objects.exists()


def test_qr_checkin_and_shared_device_signal(setup):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.organizations.models import Membership
    from workbridge.organizations.tests.factories import UserFactory
    from workbridge.placements.engines.attendance import qr_token, qr_window

    from .factories import PlacementFactory

    placement = make_active_placement(setup)
    now = timezone.now()
    token = qr_token(placement.qr_secret, placement.pk, qr_window(now))
    checkin, _ = att.checkin_record(
        actor=setup.student_user, placement=placement, client_key="qr-key-0001", qr_token=token, device_id="phone-1"
    )
    assert checkin.method == "qr" and checkin.qr_valid and checkin.within_geofence
    # A second student checks in from the same phone.
    other_user = UserFactory(username="buddy")
    buddy = StudentFactory(school=setup.world.school1, major=setup.world.major1, user=other_user)
    m = Membership.objects.create(user=other_user, organization=setup.world.school1, role="student")
    other_user.current_membership = m
    other_user.save()
    p2 = PlacementFactory(
        student=buddy,
        position=placement.position,
        status="active",
        start_date=placement.start_date,
        end_date=placement.end_date,
    )
    lat, lon = at_work(placement)
    second, _ = att.checkin_record(
        actor=other_user, placement=p2, client_key="buddy-key-01", latitude=lat, longitude=lon, device_id="phone-1"
    )
    assert "shared_device" in {s["code"] for s in second.signals}
    assert Alert.objects.filter(kind="trust", placement=p2).exists()


def test_purge_keeps_verdict_drops_coordinates(setup):
    placement = make_active_placement(setup)
    lat, lon = at_work(placement)
    old, _ = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="old-key-0001",
        occurred_at=timezone.now() - dt.timedelta(days=6),
        latitude=lat,
        longitude=lon,
    )
    recent, _ = att.checkin_record(
        actor=setup.student_user, placement=placement, client_key="new-key-0001", latitude=lat, longitude=lon
    )
    purged = att.purge_raw_coordinates(now=timezone.now() + dt.timedelta(days=25))
    assert purged == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.latitude is None and old.longitude is None and old.within_geofence is True and old.distance_m is not None
    assert recent.latitude is not None


def test_makeup_and_leave_need_approval(setup):
    placement = make_active_placement(setup)
    day = timezone.localdate() - dt.timedelta(days=2)
    makeup = att.makeup_request(actor=setup.student_user, placement=placement, work_date=day, reason="手机没电")
    assert makeup.approval == "pending"
    with pytest.raises(PermissionDenied):
        att.makeup_decide(actor=setup.student_user, checkin=makeup, approve=True)
    assert att.makeup_decide(actor=setup.mentor, checkin=makeup, approve=True).approval == "approved"
    leave = att.leave_request(
        actor=setup.student_user, placement=placement, start_date=day, end_date=day, reason="病假"
    )
    assert att.leave_decide(actor=setup.teacher_user, leave=leave, approve=True).status == "approved"


def test_no_checkin_alert_after_n_expected_days(setup):
    placement = make_active_placement(setup, days_ago=20)
    raised = alerts.scan_placement(placement, timezone.localdate())
    kinds = {a.kind for a in raised}
    assert "no_checkin" in kinds and "report_overdue" in kinds
    # Running the scan again raises nothing new (dedupe).
    assert alerts.scan_placement(placement, timezone.localdate()) == []


def test_attendance_rules_from_checkins(setup):
    placement = make_active_placement(setup, days_ago=10)
    lat, lon = at_work(placement)
    day = timezone.localdate() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
    att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="long-day-in",
        occurred_at=start,
        latitude=lat,
        longitude=lon,
    )
    att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="long-day-out",
        occurred_at=start + dt.timedelta(hours=14, minutes=30),
        latitude=lat,
        longitude=lon,
        direction="out",
    )
    findings = att.attendance_compliance_check(actor=setup.school_admin, placement=placement)
    rules = {f["rule_id"] for f in findings}
    assert "CN-prov-daily-hours" in rules and "CN-2016-16-night-shift" in rules
    assert Alert.objects.filter(kind="rule_violation", placement=placement).exists()


def test_incident_escalates_to_authority_when_serious(setup):
    placement = make_active_placement(setup)
    alerts.incident_report(
        actor=setup.mentor,
        placement=placement,
        kind="injury",
        severity="serious",
        occurred_at=timezone.now(),
        description="手部划伤送医",
    )
    alert = Alert.objects.get(kind="incident")
    assert alert.escalation == 2
    from workbridge.core.models import Notification

    authority_user = setup.world.users["authority_officer"]
    assert Notification.objects.filter(recipient=authority_user, kind="placements.alert.incident").exists()
    # The other region's authority hears nothing.
    assert not Notification.objects.filter(recipient=setup.world.other["authority_officer"]).exists()


def test_weekly_confirmation_replaces_gps(setup):
    placement = make_active_placement(setup, days_ago=14)
    placement.attendance_mode = "weekly"
    placement.save()
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday() + 7)
    att.attendance_confirm_week(
        actor=setup.mentor,
        placement=placement,
        week_start=monday,
        days_present=[monday + dt.timedelta(days=i) for i in range(5)],
    )
    from workbridge.placements.services.alerts import present_days

    assert monday in present_days(placement)
    with pytest.raises(PermissionDenied):
        att.attendance_confirm_week(actor=setup.teacher_user, placement=placement, week_start=monday, days_present=[])


def test_a_night_finding_names_the_hours_worked_not_the_scheduled_shift(setup):
    """Issue 16.4: the seeded night-shift violation showed the position's 08:30-17:30 shift."""
    from decimal import Decimal

    from django.utils import timezone as tz

    from workbridge.placements.models import CheckIn
    from workbridge.placements.services import attendance

    from .conftest import make_active_placement

    placement = make_active_placement(setup, days_ago=5)
    day = tz.localdate() - dt.timedelta(days=1)
    for key, direction, hour, minute in (("n-in", "in", 8, 30), ("n-out", "out", 23, 10)):
        CheckIn.objects.create(
            placement=placement,
            client_key=key,
            direction=direction,
            work_date=day,
            occurred_at=tz.make_aware(dt.datetime.combine(day, dt.time(hour, minute))),
            latitude=Decimal("30.3"),
            longitude=Decimal("120.1"),
            within_geofence=True,
        )
    findings = attendance.attendance_compliance_check(actor=setup.school_admin, placement=placement)
    night = next(f for f in findings if f["rule_id"] == "CN-2016-16-night-shift")
    assert "08:30-23:10" in night["message_zh"]
