"""Matrix registrations for resources routes (see workbridge/core/matrix.py): each side's school owns a lab shared
with partners (none across regions), and its enterprise has a pending booking on it."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from workbridge.core.matrix import register_private_rows, register_route, register_sample
from workbridge.resources.models import Booking, Resource, TrainingBase, UsageRecord

SUFFIX = {1: "甲", 2: "乙"}


def _resource(world, side):
    school = getattr(world, f"school{side}")
    found = Resource.objects.filter(owner=school, name__startswith="机密实训室").first()
    if found is not None:
        return found
    base = TrainingBase.objects.create(owner=school, name=f"机密实训基地{SUFFIX[side]}")
    return Resource.objects.create(
        owner=school,
        base=base,
        kind="lab",
        name=f"机密实训室{SUFFIX[side]}",
        capacity=30,
        sharing="partners",
        in_service_since=dt.date(2023, 9, 1),
    )


def _booking(world, side):
    resource = _resource(world, side)
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(9)))
    return Booking.objects.create(
        resource=resource,
        owner=resource.owner,
        requester_org=getattr(world, f"enterprise{side}"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        purpose=f"机密预约{SUFFIX[side]}",
    )


register_sample("resource", model=Resource, make=_resource, marker=lambda r: r.name)
register_sample("booking", model=Booking, make=_booking, marker=lambda b: b.purpose)
register_sample(
    "training_base", model=TrainingBase, make=lambda w, side: _resource(w, side).base, marker=lambda b: b.name
)
register_route("resources-base-detail", pk="training_base")
for name in ("resources:detail", "resources:week", "resources:book", "resources-resource-detail"):
    register_route(name, pk="resource")
for name in ("resources:approve", "resources:reject", "resources:cancel", "resources:usage", "resources-booking-*"):
    register_route(name, pk="booking")


def _side2_owned(world):
    return Q(owner__region=world.region2)


register_private_rows(TrainingBase, _side2_owned)
register_private_rows(Resource, _side2_owned)
register_private_rows(Booking, lambda w: Q(owner__region=w.region2) & Q(requester_org__region=w.region2))
register_private_rows(UsageRecord, lambda w: Q(owner__region=w.region2) & Q(requester_org__region=w.region2))
