"""Who may do what with 1+X certificates (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor, require_role
from workbridge.core.permissions import permission
from workbridge.core.roles import SCHOOL_ROLES, Role

OVERSIGHT = (*SCHOOL_ROLES, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER)


@permission("certificates.see_registrations")
def sees_registrations(actor: Actor) -> bool:
    """Course mappings, registrations, results and pass rates are for schools and their overseers."""
    return actor.is_platform_admin or actor.role in OVERSIGHT


def require_registrations(actor: Actor) -> Actor:
    return require_role(actor, OVERSIGHT)


@permission("certificates.map_courses")
def may_map_courses(actor: Actor) -> bool:
    return actor.role == Role.SCHOOL_ADMIN


@permission("certificates.register_students")
def may_register_students(actor: Actor) -> bool:
    return actor.role in SCHOOL_ROLES


@permission("certificates.record_results")
def may_record_results(actor: Actor) -> bool:
    return actor.role == Role.SCHOOL_ADMIN


def sees_own_certificates_only(actor: Actor) -> bool:
    return actor.role == Role.STUDENT
