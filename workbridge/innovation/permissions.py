"""Who may do what with innovation bases and ventures (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import Role


@permission("innovation.open_bases")
def may_open_bases(actor: Actor) -> bool:
    """The school's admin opens a base or an incubator."""
    return actor.role == Role.SCHOOL_ADMIN


def may_run_ventures(actor: Actor, base) -> bool:
    """The school's admin and teachers start ventures in their school's bases and keep them up to date."""
    return actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER) and actor.organization_id == base.school_id


def may_update_venture(actor: Actor, venture) -> bool:
    return may_run_ventures(actor, venture.base)
