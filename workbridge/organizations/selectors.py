"""Reads for organisations and memberships, always scoped by the acting user."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from workbridge.core.access import Actor, actor_for, visible
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, OrgKind, Role

from .models import Membership, Organization, VettingStatus


def organization_scope_q(actor: Actor) -> Q:
    """Who sees which organisation rows (see core.access for the overall rules).

    Schools are public institutions: every signed-in user may see school rows. Approved enterprises form
    the partner directory that schools and students browse; pending or rejected ones are seen only by
    themselves, their region's authority and schools of that region (who review them).
    """
    own = Q(pk=actor.organization_id) if actor.organization_id else Q(pk__in=[])
    schools = Q(kind=OrgKind.SCHOOL)
    approved_enterprises = Q(kind=OrgKind.ENTERPRISE, vetting_status=VettingStatus.APPROVED)
    role = actor.role
    if role == Role.AUTHORITY_OFFICER:
        return own | Q(region_id__in=actor.region_ids)
    if role in SCHOOL_ROLES:
        from .models import Organization as Org

        school_region = Org.objects.filter(pk=actor.organization_id).values("region_id")
        reviewable = Q(kind=OrgKind.ENTERPRISE, region_id__in=school_region) if role == Role.SCHOOL_ADMIN else Q(pk__in=[])
        return own | schools | approved_enterprises | reviewable
    if role in ENTERPRISE_ROLES:
        return own | schools
    if role == Role.STUDENT:
        return own | approved_enterprises
    if role in (Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER):
        return own | Q(pk__in=actor.member_ids)
    return Q(pk__in=[])


def membership_scope_q(actor: Actor) -> Q:
    """Memberships are seen by admins of the organisation, the region's authority, and the person themself."""
    mine = Q(user_id=actor.user_id)
    if actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN):
        return mine | Q(organization_id=actor.organization_id)
    if actor.role == Role.AUTHORITY_OFFICER:
        return mine | Q(organization__region_id__in=actor.region_ids)
    return mine


def organization_list(*, actor, kind: str | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    return visible(actor_for(actor) if not isinstance(actor, Actor) else actor, qs)


def membership_list(*, actor) -> QuerySet[Membership]:
    return visible(actor, Membership.objects.select_related("user", "organization"))
