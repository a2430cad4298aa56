import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from workbridge.core.exceptions import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role
from workbridge.resources import selectors, services
from workbridge.resources.models import Booking, BookingSlot, UsageRecord

from .conftest import at
from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(partnered):
    return ResourceFactory(owner=partnered.school1, capacity=30)


def book(user, lab, start, end, **kw):
    return services.booking_request(
        actor=user, resource_id=lab.pk, starts_at=start, ends_at=end, purpose=kw.pop("purpose", "PLC 实训"), **kw
    )


def test_partner_request_is_pending_and_owner_notified(partnered, lab):
    w = partnered
    b = book(w.users[Role.ENTERPRISE_ADMIN], lab, at(2, 9), at(2, 11), expected_users=10)
    assert b.status == "pending" and b.requester_org_id == w.enterprise1.pk
    assert BookingSlot.objects.filter(booking=b).count() == 4
    assert Notification.objects.filter(recipient=w.users[Role.SCHOOL_ADMIN], kind="resources.booking.pending").exists()
    assert AuditLog.objects.filter(action="resources.booking.request", target_id=str(b.pk)).exists()


def test_owner_admin_booking_is_approved_at_once(partnered, lab):
    b = book(partnered.users[Role.SCHOOL_ADMIN], lab, at(2, 9), at(2, 10))
    assert b.status == "approved"


@pytest.mark.parametrize(
    "start,end,clash",
    [
        ((9, 0), (11, 0), True),  # identical
        ((10, 0), (12, 0), True),  # overlaps the end
        ((8, 0), (9, 30), True),  # overlaps the start
        ((9, 30), (10, 0), True),  # inside
        ((8, 0), (12, 0), True),  # around
        ((11, 0), (12, 0), False),  # touches the end
        ((8, 0), (9, 0), False),  # touches the start
    ],
)
def test_overlapping_requests_refused(partnered, lab, start, end, clash):
    teacher = partnered.users[Role.TEACHER]
    book(teacher, lab, at(3, 9), at(3, 11))
    if clash:
        with pytest.raises(Conflict):
            book(partnered.users[Role.ENTERPRISE_MENTOR], lab, at(3, *start), at(3, *end))
    else:
        assert book(partnered.users[Role.ENTERPRISE_MENTOR], lab, at(3, *start), at(3, *end)).pk


def test_rejected_and_cancelled_bookings_free_the_time(partnered, lab):
    w = partnered
    b = book(w.users[Role.ENTERPRISE_ADMIN], lab, at(2, 9), at(2, 11))
    services.booking_decide(actor=w.users[Role.SCHOOL_ADMIN], booking=b, approve=False, note="检修")
    c = book(w.users[Role.TEACHER], lab, at(2, 9), at(2, 11))
    services.booking_cancel(actor=w.users[Role.TEACHER], booking=c)
    assert not BookingSlot.objects.exists()
    assert book(w.users[Role.ENTERPRISE_MENTOR], lab, at(2, 9), at(2, 11)).status == "pending"
    with pytest.raises(InvalidTransition):
        services.booking_decide(actor=w.users[Role.SCHOOL_ADMIN], booking=b, approve=True)


def test_database_refuses_double_slots_even_without_the_service_check(partnered, lab):
    b = book(partnered.users[Role.TEACHER], lab, at(2, 9), at(2, 10))
    other = Booking.objects.create(
        resource=lab,
        owner=lab.owner,
        requester_org=partnered.enterprise1,
        starts_at=at(2, 9, 30),
        ends_at=at(2, 10, 30),
        purpose="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingSlot.objects.create(resource=lab, booking=other, starts_at=at(2, 9, 30))
    with pytest.raises(Conflict):
        services.hold_slots(other, [at(2, 9, 30), at(2, 10)])
    assert BookingSlot.objects.filter(booking=b).count() == 2


@pytest.mark.parametrize(
    "start,end,users,field",
    [
        ((9, 15), (10, 0), 1, "starts_at"),  # not on a slot boundary
        ((7, 0), (9, 0), 1, "starts_at"),  # before opening
        ((20, 0), (22, 0), 1, "starts_at"),  # after closing
        ((10, 0), (9, 0), 1, "starts_at"),  # reversed
        ((9, 0), (10, 0), 31, "expected_users"),  # over capacity
    ],
)
def test_bad_requests_say_what_is_wrong(partnered, lab, start, end, users, field):
    with pytest.raises(ValidationFailed) as exc:
        book(partnered.users[Role.TEACHER], lab, at(2, *start), at(2, *end), expected_users=users)
    assert field in exc.value.errors
    assert not Booking.objects.exists()


def test_past_bookings_refused(partnered, lab):
    with pytest.raises(ValidationFailed):
        book(partnered.users[Role.TEACHER], lab, at(-1, 9), at(-1, 10))


def test_other_region_cannot_see_or_book(partnered, lab):
    with pytest.raises(NotFound):
        book(partnered.other[Role.ENTERPRISE_ADMIN], lab, at(2, 9), at(2, 10))
    assert not selectors.resources(actor=partnered.other[Role.SCHOOL_ADMIN]).exists()


def test_private_resource_invisible_to_partners(partnered):
    private = ResourceFactory(owner=partnered.school1, sharing="private")
    with pytest.raises(NotFound):
        book(partnered.users[Role.ENTERPRISE_ADMIN], private, at(2, 9), at(2, 10))


def test_students_cannot_book(partnered, lab):
    with pytest.raises(PermissionDenied):
        book(partnered.users[Role.STUDENT], lab, at(2, 9), at(2, 10))


def test_only_owner_admin_decides(partnered, lab):
    b = book(partnered.users[Role.ENTERPRISE_ADMIN], lab, at(2, 9), at(2, 10))
    with pytest.raises(PermissionDenied):
        services.booking_decide(actor=partnered.users[Role.ENTERPRISE_ADMIN], booking=b, approve=True)


def _started_booking(w, lab, hours=2):
    """An approved booking that started an hour ago (written directly: the service refuses past starts)."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    return Booking.objects.create(
        resource=lab,
        owner=lab.owner,
        requester_org=w.enterprise1,
        requested_by=w.users[Role.ENTERPRISE_ADMIN],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        purpose="员工培训",
        status="approved",
    )


def test_usage_recorded_and_counted_in_utilisation(partnered, lab):
    w = partnered
    b = _started_booking(w, lab)
    with pytest.raises(ValidationFailed):
        services.usage_record(actor=w.users[Role.ENTERPRISE_ADMIN], booking=b, hours=3, users_count=5)
    usage = services.usage_record(
        actor=w.users[Role.ENTERPRISE_ADMIN], booking=b, hours="1.5", users_count=12, purpose="新员工 PLC 培训"
    )
    assert usage.hours == 1.5 and usage.resource_id == lab.pk
    with pytest.raises(Conflict):
        services.usage_record(actor=w.users[Role.SCHOOL_ADMIN], booking=b, hours=1, users_count=1)
    row = next(r for r in selectors.utilisation_rows(actor=w.users[Role.SCHOOL_ADMIN]) if r.resource.pk == lab.pk)
    assert row.used_hours == 1.5 and row.users == 12
    assert row.available_hours == pytest.approx(40 * 90 / 7)
    assert row.idle  # 1.5 h of ~514 h is far below 10 %


def test_usage_needs_an_approved_started_booking(partnered, lab):
    w = partnered
    future = book(w.users[Role.SCHOOL_ADMIN], lab, at(2, 9), at(2, 10))
    with pytest.raises(InvalidTransition):
        services.usage_record(actor=w.users[Role.SCHOOL_ADMIN], booking=future, hours=1, users_count=1)
    with pytest.raises(PermissionDenied):
        services.usage_record(
            actor=w.other[Role.SCHOOL_ADMIN], booking=_started_booking(w, lab), hours=1, users_count=1
        )


def test_busy_resource_is_not_idle_and_base_totals_add_up(partnered):
    w = partnered
    busy = ResourceFactory(owner=w.school1, weekly_open_hours=7)  # 90 bookable hours in 90 days
    quiet = ResourceFactory(owner=w.school1, base=busy.base, weekly_open_hours=7)
    for i in range(10):
        start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=i + 1)
        b = Booking.objects.create(
            resource=busy,
            owner=w.school1,
            requester_org=w.school1,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            purpose="课",
            status="approved",
        )
        UsageRecord.objects.create(
            booking=b,
            resource=busy,
            owner=w.school1,
            requester_org=w.school1,
            used_on=timezone.localtime(start).date(),
            hours=2,
            users_count=20,
            purpose="课",
        )
    rows = {r.resource.pk: r for r in selectors.utilisation_rows(actor=w.users[Role.SCHOOL_ADMIN])}
    assert rows[busy.pk].share == pytest.approx(20 / 90) and not rows[busy.pk].idle
    assert rows[quiet.pk].idle
    base_row = next(b for b in selectors.base_utilisation(actor=w.users[Role.SCHOOL_ADMIN]) if b.base == busy.base)
    assert base_row.resources == 2 and base_row.idle == 1 and base_row.share == pytest.approx(20 / 180)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_the_same_slot_book_once(partnered):
    lab = ResourceFactory(owner=partnered.school1, capacity=30)
    users = [
        partnered.users[Role.TEACHER],
        partnered.users[Role.ENTERPRISE_ADMIN],
        partnered.users[Role.ENTERPRISE_MENTOR],
        partnered.users[Role.SCHOOL_ADMIN],
    ]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def attempt(user):
        try:
            barrier.wait()
            book(user, lab, at(4, 14), at(4, 16))
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"], outcomes
    assert Booking.objects.filter(resource=lab, status__in=["pending", "approved"]).count() == 1
    assert BookingSlot.objects.filter(resource=lab).count() == 4
