"""Writes for shared resources: bases, resources, bookings (no double booking), approval, usage."""

from __future__ import annotations

import datetime as dt
import functools
import time
from decimal import Decimal

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean

from .engines.booking import BookingError, slot_starts, within_opening
from .models import (
    HOLDING_STATUSES,
    SLOT_MINUTES,
    Booking,
    BookingSlot,
    BookingStatus,
    Resource,
    TrainingBase,
    UsageRecord,
)
from .permissions import OWNER_ADMIN_ROLES

BOOKER_ROLES = (*SCHOOL_ROLES, *ENTERPRISE_ROLES)


def _admins(org_id: int):
    from workbridge.organizations.models import User

    return list(
        User.objects.filter(
            memberships__organization_id=org_id, memberships__role__in=OWNER_ADMIN_ROLES, memberships__is_active=True
        ).distinct()
    )


@transaction.atomic
def base_create(
    *, actor: Actor, owner, name: str, kind: str, address: str = "", description: str = "", project=None
) -> TrainingBase:
    actor = as_actor(actor)
    require_org(actor, owner.pk, OWNER_ADMIN_ROLES)
    base = TrainingBase(
        owner=owner, name=(name or "").strip(), kind=kind, address=address, description=description, project=project
    )
    _clean(base)
    base.save()
    audit_record(actor=actor, action="resources.base.create", target=base, organization_id=owner.pk)
    return base


@transaction.atomic
def resource_create(
    *,
    actor: Actor,
    owner,
    name: str,
    kind: str,
    in_service_since: dt.date,
    base=None,
    description: str = "",
    capacity: int = 1,
    value_yuan: Decimal | int = 0,
    sharing: str = "partners",
    weekly_open_hours: int = 40,
    open_from: dt.time = dt.time(8),
    open_until: dt.time = dt.time(21),
    requires_approval: bool = True,
    project=None,
) -> Resource:
    actor = as_actor(actor)
    require_org(actor, owner.pk, OWNER_ADMIN_ROLES)
    resource = Resource(
        owner=owner,
        base=base,
        name=(name or "").strip(),
        kind=kind,
        description=description,
        capacity=capacity,
        value_yuan=value_yuan,
        sharing=sharing,
        weekly_open_hours=weekly_open_hours,
        open_from=open_from,
        open_until=open_until,
        requires_approval=requires_approval,
        in_service_since=in_service_since,
        project=project,
    )
    _clean(resource)
    resource.save()
    audit_record(actor=actor, action="resources.resource.create", target=resource, organization_id=owner.pk)
    return resource


def _check_times(resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime) -> list[dt.datetime]:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationFailed(_("Times need a time zone."))
    try:
        slots = slot_starts(starts_at, ends_at, SLOT_MINUTES)
    except BookingError as exc:
        raise ValidationFailed(str(exc), errors={"starts_at": [str(exc)]}) from exc
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if not within_opening(local_start, local_end, resource.open_from, resource.open_until):
        message = _("%(r)s can be booked on one day between %(a)s and %(b)s.") % {
            "r": resource.name,
            "a": resource.open_from.strftime("%H:%M"),
            "b": resource.open_until.strftime("%H:%M"),
        }
        raise ValidationFailed(message, errors={"starts_at": [message]})
    return slots


def hold_slots(booking: Booking, slots: list[dt.datetime]) -> None:
    """Insert the booking's slot rows; the unique (resource, start) constraint makes double booking impossible."""
    try:
        with transaction.atomic():
            BookingSlot.objects.bulk_create(
                [BookingSlot(resource_id=booking.resource_id, booking=booking, starts_at=s) for s in slots]
            )
    except IntegrityError as exc:
        raise Conflict(_("Someone else has just booked part of this time. Please pick another slot.")) from exc


def retry_when_sqlite_locked(fn):
    """SQLite has no row locks: a competing writer makes the whole transaction fail with "locked".

    Outside any enclosing transaction, retry a few times so that the loser of a race gets the ordinary
    Conflict (slot taken) instead of a database error. PostgreSQL waits on the row lock and never gets here.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(8):
            try:
                return fn(*args, **kwargs)
            except OperationalError as exc:
                if (
                    connection.vendor != "sqlite"
                    or "locked" not in str(exc)
                    or connection.in_atomic_block
                    or attempt == 7
                ):
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    return wrapper


@retry_when_sqlite_locked
@transaction.atomic
def booking_request(
    *,
    actor: Actor,
    resource_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    expected_users: int = 1,
) -> Booking:
    """Request a resource for a time. Overlaps with pending or approved bookings are refused.

    The resource row is locked (select_for_update) while checking, and the slot rows' unique constraint is the
    final guarantee when two requests race (PostgreSQL and SQLite alike).
    """
    actor = as_actor(actor)
    require_role(actor, BOOKER_ROLES, _("Only school or enterprise staff book resources."))
    resource = access_object(actor, Resource.objects.all(), resource_id)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not resource.is_active:
        raise InvalidTransition(_("%(r)s is out of service.") % {"r": resource.name})
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationFailed(_("Say what the booking is for."), errors={"purpose": [_("This field is required.")]})
    if expected_users < 1 or expected_users > resource.capacity:
        message = _("Expected users must be between 1 and the %(c)s places of %(r)s.") % {
            "c": resource.capacity,
            "r": resource.name,
        }
        raise ValidationFailed(message, errors={"expected_users": [message]})
    slots = _check_times(resource, starts_at, ends_at)
    if starts_at < timezone.now():
        raise ValidationFailed(
            _("The start lies in the past."), errors={"starts_at": [_("The start lies in the past.")]}
        )
    clash = (
        Booking.objects.filter(
            resource=resource, status__in=HOLDING_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise Conflict(
            _("%(r)s is already booked from %(a)s to %(b)s.")
            % {
                "r": resource.name,
                "a": timezone.localtime(clash.starts_at).strftime("%Y-%m-%d %H:%M"),
                "b": timezone.localtime(clash.ends_at).strftime("%H:%M"),
            }
        )
    own = actor.organization_id == resource.owner_id
    auto = (not resource.requires_approval) or (own and actor.role in OWNER_ADMIN_ROLES) or actor.is_platform_admin
    booking = Booking(
        resource=resource,
        owner_id=resource.owner_id,
        requester_org_id=actor.organization_id or resource.owner_id,
        requested_by=acting_user(actor),
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        expected_users=expected_users,
        status=BookingStatus.APPROVED if auto else BookingStatus.PENDING,
        decided_at=timezone.now() if auto else None,
        decided_by=acting_user(actor) if auto else None,
    )
    _clean(booking)
    booking.save()
    hold_slots(booking, slots)
    audit_record(
        actor=actor,
        action="resources.booking.request",
        target=booking,
        organization_id=resource.owner_id,
        data={"resource_id": resource.pk, "status": booking.status},
    )
    if booking.status == BookingStatus.PENDING:
        admins = _admins(resource.owner_id)
        for user in admins:
            notification_send(
                recipient=user,
                kind="resources.booking.pending",
                title=_("Booking request for %(r)s") % {"r": resource.name},
                link="/resources/bookings/",
            )
    return booking


def _release(booking: Booking) -> None:
    BookingSlot.objects.filter(booking=booking).delete()


@transaction.atomic
def booking_decide(*, actor: Actor, booking: Booking, approve: bool, note: str = "") -> Booking:
    actor = as_actor(actor)
    require_org(actor, booking.owner_id, OWNER_ADMIN_ROLES)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingStatus.PENDING:
        raise InvalidTransition(
            _("Only pending bookings can be decided (this one is %(s)s).") % {"s": booking.get_status_display()}
        )
    booking.status = BookingStatus.APPROVED if approve else BookingStatus.REJECTED
    booking.decided_by, booking.decided_at, booking.decision_note = (
        acting_user(actor),
        timezone.now(),
        (note or "").strip()[:300],
    )
    booking.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    if not approve:
        _release(booking)
    audit_record(
        actor=actor, action=f"resources.booking.{booking.status}", target=booking, organization_id=booking.owner_id
    )
    if booking.requested_by_id:
        requester = booking.requested_by
        title = (_("Booking approved: %(r)s") if approve else _("Booking rejected: %(r)s")) % {
            "r": booking.resource.name
        }
        notification_send(
            recipient=requester,
            kind="resources.booking.decided",
            title=title,
            body=booking.decision_note,
            link=f"/resources/{booking.resource_id}/",
        )
    return booking


@transaction.atomic
def booking_cancel(*, actor: Actor, booking: Booking) -> Booking:
    actor = as_actor(actor)
    if not actor.is_platform_admin and actor.organization_id not in (booking.requester_org_id, booking.owner_id):
        raise PermissionDenied(_("Only the requester or the owner cancels a booking."))
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in HOLDING_STATUSES:
        raise InvalidTransition(_("This booking is already %(s)s.") % {"s": booking.get_status_display()})
    if booking.starts_at <= timezone.now():
        raise InvalidTransition(_("A booking that has started cannot be cancelled; record its use instead."))
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    _release(booking)
    audit_record(actor=actor, action="resources.booking.cancel", target=booking, organization_id=booking.owner_id)
    return booking


@transaction.atomic
def usage_record(
    *, actor: Actor, booking: Booking, hours, users_count: int, purpose: str = "", note: str = ""
) -> UsageRecord:
    """Record what actually happened in an approved booking once it has started (one record per booking)."""
    actor = as_actor(actor)
    if not actor.is_platform_admin and actor.organization_id not in (booking.requester_org_id, booking.owner_id):
        raise PermissionDenied(_("Only the requester or the owner records use."))
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingStatus.APPROVED:
        raise InvalidTransition(_("Use is recorded for approved bookings only."))
    if booking.starts_at > timezone.now():
        raise InvalidTransition(_("Use can be recorded once the booking has started."))
    if UsageRecord.objects.filter(booking=booking).exists():
        raise Conflict(_("Use of this booking is already recorded."))
    try:
        hours = Decimal(str(hours))
    except Exception:
        raise ValidationFailed(_("Hours must be a number."), errors={"hours": [_("Enter a number.")]}) from None
    booked = Decimal(str(round(booking.hours, 2)))
    if hours <= 0 or hours > booked:
        message = _("Hours used must be more than 0 and at most the %(h)s hours booked.") % {"h": booked}
        raise ValidationFailed(message, errors={"hours": [message]})
    if users_count < 1:
        raise ValidationFailed(_("At least one person used it."), errors={"users_count": [_("Must be at least 1.")]})
    usage = UsageRecord(
        booking=booking,
        resource_id=booking.resource_id,
        owner_id=booking.owner_id,
        requester_org_id=booking.requester_org_id,
        used_on=timezone.localtime(booking.starts_at).date(),
        hours=hours,
        users_count=users_count,
        purpose=(purpose or booking.purpose).strip()[:300],
        note=note,
        recorded_by=acting_user(actor),
    )
    _clean(usage)
    usage.save()
    audit_record(
        actor=actor,
        action="resources.usage.record",
        target=usage,
        organization_id=booking.owner_id,
        data={"hours": str(hours), "users": users_count},
    )
    return usage
