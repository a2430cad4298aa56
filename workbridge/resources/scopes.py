"""Who sees which shared resource. Registered with core.access (custom scopes) in ResourcesConfig.ready.

- owner organisation: all its bases, resources and the bookings on them;
- cooperation partners (a signed or active agreement with the owner): resources shared with partners or group;
- co-members of the owner's vocational education group / industry association: resources shared with group;
- the requesting organisation: its own bookings and their usage;
- authority officer: everything owned by organisations in the region; group / association officer: members';
- students: nothing (teachers book on their behalf).
"""

from __future__ import annotations

from django.db.models import Q

from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

from .models import Sharing

NOTHING = Q(pk__in=[])


def group_peer_ids(org_id: int) -> set[int]:
    """Organisations sharing a vocational education group or industry association with ``org_id``."""
    from workbridge.organizations.models import Affiliation

    bodies = Affiliation.objects.filter(member_id=org_id).values("body_id")
    return set(
        Affiliation.objects.filter(body_id__in=bodies).exclude(member_id=org_id).values_list("member_id", flat=True)
    )


def resource_scope_q(actor) -> Q:
    """Owner and overseers see every resource; partners and group peers see the active ones shared with them."""
    if actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES:
        from workbridge.partnerships.models import Agreement

        org = actor.organization_id
        shared = Q(
            owner_id__in=Agreement.objects.live().partner_ids_of(org), sharing__in=[Sharing.PARTNERS, Sharing.GROUP]
        ) | Q(owner_id__in=group_peer_ids(org), sharing=Sharing.GROUP)
        return Q(owner_id=org) | (Q(is_active=True) & shared)
    return _region_or_members_q(actor, "owner")


def base_scope_q(actor) -> Q:
    """A base is visible to its owner's viewers and to anyone who can see one of its resources."""
    from .models import Resource

    visible_resources = Resource.objects.filter(resource_scope_q(actor)).values("base_id")
    return _region_or_members_q(actor, "owner") | _own_q(actor, "owner_id") | Q(pk__in=visible_resources)


def booking_scope_q(actor) -> Q:
    """Bookings (and usage records) are seen by the resource owner, the requester and their overseers."""
    if actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES:
        return Q(owner_id=actor.organization_id) | Q(requester_org_id=actor.organization_id)
    if actor.role == Role.AUTHORITY_OFFICER:
        return Q(owner__region_id__in=actor.region_ids) | Q(requester_org__region_id__in=actor.region_ids)
    if actor.role in (Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER):
        return Q(owner_id__in=actor.member_ids) | Q(requester_org_id__in=actor.member_ids)
    return NOTHING


def _own_q(actor, field: str) -> Q:
    if actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES:
        return Q(**{field: actor.organization_id})
    return NOTHING


def _region_or_members_q(actor, owner: str) -> Q:
    if actor.role == Role.AUTHORITY_OFFICER:
        return Q(**{f"{owner}__region_id__in": actor.region_ids})
    if actor.role in (Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER):
        return Q(**{f"{owner}_id__in": actor.member_ids})
    return NOTHING
