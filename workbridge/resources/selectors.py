"""Reads for shared resources, scoped by core.access: lists, the week calendar, utilisation and idle flags."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.archiving import active

from .engines.booking import available_hours, is_idle, utilisation
from .models import HOLDING_STATUSES, SLOT_MINUTES, Booking, BookingStatus, Resource, TrainingBase, UsageRecord
from .rules import idle_rule


def resources(*, actor: Actor, owner_id=None, base_id=None, kind=None, archived: bool | None = False):
    qs = visible(actor, active(Resource.objects.select_related("owner", "base"), archived))
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if base_id:
        qs = qs.filter(base_id=base_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def resource(*, actor: Actor, pk) -> Resource:
    return access_object(actor, Resource.objects.select_related("owner", "base"), pk)


def bases(*, actor: Actor):
    return visible(actor, TrainingBase.objects.select_related("owner"))


def bookings(*, actor: Actor, resource_id=None, status=None):
    qs = visible(actor, Booking.objects.select_related("resource", "requester_org", "requested_by", "owner"))
    if resource_id:
        qs = qs.filter(resource_id=resource_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def pending_for_owner(*, actor: Actor):
    actor = as_actor(actor)
    return bookings(actor=actor, status=BookingStatus.PENDING).filter(owner_id=actor.organization_id)


def usage_records(*, actor: Actor, resource_id=None):
    qs = visible(actor, UsageRecord.objects.select_related("resource", "requester_org"))
    return qs.filter(resource_id=resource_id) if resource_id else qs


@dataclass
class Cell:
    starts_at: dt.datetime
    booking: Booking | None = None
    is_start: bool = False
    past: bool = False


@dataclass
class WeekGrid:
    resource: Resource
    monday: dt.date
    days: list[dt.date]
    times: list[dt.time]
    rows: list[list[Cell]] = field(default_factory=list)  # rows[time][day]

    @property
    def today(self) -> dt.date:
        return timezone.localdate()

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_grid(*, actor: Actor, res: Resource, monday: dt.date) -> WeekGrid:
    """The week's slots between opening and closing time, each with the pending/approved booking holding it.

    Bookings of other organisations are shown as taken without their purpose (see the template)."""
    tz = timezone.get_current_timezone()
    monday = monday_of(monday)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    start = dt.datetime.combine(monday, res.open_from, tzinfo=tz)
    end = dt.datetime.combine(days[-1], res.open_until, tzinfo=tz)
    held = list(
        Booking.objects.filter(
            resource=res, status__in=HOLDING_STATUSES, starts_at__lt=end, ends_at__gt=start
        ).select_related("requester_org")
    )
    times, cursor = [], dt.datetime.combine(monday, res.open_from)
    closing = dt.datetime.combine(monday, res.open_until)
    while cursor < closing:
        times.append(cursor.time())
        cursor += dt.timedelta(minutes=SLOT_MINUTES)
    now = timezone.now()
    grid = WeekGrid(res, monday, days, times)
    for t in times:
        row = []
        for day in days:
            moment = dt.datetime.combine(day, t, tzinfo=tz)
            hit = next((b for b in held if b.starts_at <= moment < b.ends_at), None)
            row.append(Cell(moment, hit, bool(hit and hit.starts_at == moment), moment < now))
        grid.rows.append(row)
    return grid


@dataclass
class UtilisationRow:
    resource: Resource
    used_hours: float
    available_hours: float
    users: int
    share: float | None
    idle: bool

    @property
    def percent(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.0f}%"


def utilisation_rows(
    *, actor: Actor, as_of: dt.date | None = None, owner_id=None, base_id=None, archived: bool = False
) -> list[UtilisationRow]:
    """Per resource over the idle rule's look-back window: hours used (usage records), bookable hours, idle flag.
    Archived resources are left out unless asked (``archived=True``: only them, for the list's archived view)."""
    rule = idle_rule()
    as_of = as_of or timezone.localdate()
    since = as_of - dt.timedelta(days=rule.lookback_days - 1)
    items = list(resources(actor=actor, owner_id=owner_id, base_id=base_id, archived=archived).filter(is_active=True))
    used: defaultdict[int, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
    for row in (
        UsageRecord.objects.filter(resource__in=[r.pk for r in items], used_on__gte=since, used_on__lte=as_of)
        .values("resource_id")
        .annotate(h=Sum("hours"), u=Sum("users_count"))
    ):
        used[row["resource_id"]] = (float(row["h"] or 0), int(row["u"] or 0))
    out = []
    for res in items:
        hours, users = used[res.pk]
        avail = available_hours(since, as_of, res.weekly_open_hours, res.in_service_since)
        days_in_service = (as_of - res.in_service_since).days
        out.append(
            UtilisationRow(
                res, hours, avail, users, utilisation(hours, avail), is_idle(hours, avail, days_in_service, rule)
            )
        )
    return out


@dataclass
class BaseRow:
    base: TrainingBase | None
    resources: int
    used_hours: float
    available_hours: float
    idle: int

    @property
    def share(self) -> float | None:
        return utilisation(self.used_hours, self.available_hours)

    @property
    def percent(self) -> str:
        share = self.share
        return "—" if share is None else f"{share * 100:.0f}%"


def base_utilisation(*, actor: Actor, as_of: dt.date | None = None) -> list[BaseRow]:
    """Utilisation per training base (resources without a base are grouped under None)."""
    groups: dict[int | None, BaseRow] = {}
    for row in utilisation_rows(actor=actor, as_of=as_of):
        key = row.resource.base_id
        entry = groups.setdefault(key, BaseRow(row.resource.base, 0, 0.0, 0.0, 0))
        entry.resources += 1
        entry.used_hours += row.used_hours
        entry.available_hours += row.available_hours
        entry.idle += int(row.idle)
    return sorted(groups.values(), key=lambda g: (g.base is None, g.base.name if g.base else ""))


def booking_get(*, actor: Actor, pk) -> Booking:
    return access_object(as_actor(actor), Booking.objects.select_related("resource"), pk)


def own_base_get(*, actor: Actor, pk) -> TrainingBase:
    """A training base of the actor's own organisation (a new resource may sit in it)."""
    actor = as_actor(actor)
    return access_object(actor, bases(actor=actor).filter(owner_id=actor.organization_id), pk)


def resources_reachable(actor: Actor):
    return visible(as_actor(actor), Resource.objects.all())


def resource_archive_blockers(resource: Resource) -> list[str]:
    from django.utils.translation import gettext as _

    upcoming = resource.bookings.filter(status__in=HOLDING_STATUSES, ends_at__gte=timezone.now()).count()
    if upcoming:
        return [_("%(n)s bookings of this resource are still to come; cancel or decline them first.") % {"n": upcoming}]
    return []
