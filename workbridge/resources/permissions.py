"""Who may do what with shared resources (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

# The admins who list their organisation's bases and resources and decide bookings of them.
OWNER_ADMIN_ROLES = (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN)


def may_book(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES


def manages_own_resources(actor: Actor) -> bool:
    return actor.role in OWNER_ADMIN_ROLES


def may_archive_resource(actor: Actor, resource) -> bool:
    """The owner's admin puts a shared resource away."""
    return manages_own_resources(actor) and actor.organization_id == resource.owner_id
