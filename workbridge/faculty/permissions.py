"""Who may do what with teachers' enterprise practice, qualifications and enterprise lecturers (named predicates,
see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor, require_role
from workbridge.core.permissions import permission
from workbridge.core.roles import ENTERPRISE_ROLES, Role

# The people who follow a school's teachers: the school's admin and the bodies above it.
OVERSEERS = (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.PLATFORM_ADMIN)


def is_teacher(actor: Actor) -> bool:
    return actor.role == Role.TEACHER


def is_enterprise_side(actor: Actor) -> bool:
    return actor.role in ENTERPRISE_ROLES


def require_overseer(actor: Actor) -> Actor:
    return require_role(actor, OVERSEERS)


def require_enterprise(actor: Actor) -> Actor:
    return require_role(actor, ENTERPRISE_ROLES)


@permission("faculty.manage_school_teachers")
def manages_school_teachers(actor: Actor) -> bool:
    """The school admin records practice and qualifications for its teachers, verifies qualifications, sends
    reminders and engages enterprise lecturers."""
    return actor.role == Role.SCHOOL_ADMIN


def may_record_for(actor: Actor, *, own: bool) -> bool:
    return own or manages_school_teachers(actor)


def may_record_teaching(actor: Actor, lecturer) -> bool:
    return manages_school_teachers(actor) and actor.organization_id == lecturer.school_id
