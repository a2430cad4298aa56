"""Reads of the messaging app, scoped by the actor: people see their own deliveries, organisation admins their
organisation's channels and deliveries, the platform admin everything."""

from __future__ import annotations

from django.db.models import Q

from workbridge.core.access import Actor

from .models import Delivery, OrganizationChannel
from .services import can_manage_channels


def channels(actor: Actor):
    if actor.is_platform_admin:
        return OrganizationChannel.objects.select_related("organization")
    if not can_manage_channels(actor):
        return OrganizationChannel.objects.none()
    return OrganizationChannel.objects.filter(organization_id=actor.organization_id)


def deliveries(actor: Actor, *, status: str = ""):
    qs = Delivery.objects.select_related("notification", "channel")
    if not actor.is_platform_admin:
        own = Q(notification__recipient=actor.user)
        if can_manage_channels(actor):
            own |= Q(organization_id=actor.organization_id)
        qs = qs.filter(own)
    if status:
        qs = qs.filter(status=status)
    return qs
