"""Who may read the audit log and who starts the day at the check-in (named predicates of the core app, see
core.permissions)."""

from __future__ import annotations

from .access import Actor
from .roles import Role

AUDIT_READERS = (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER)


def reads_all_audit(actor: Actor) -> bool:
    return actor.is_platform_admin


def reads_own_audit(actor: Actor) -> bool:
    """Organisation admins and authority officers read their organisation's audit lines."""
    return actor.role in AUDIT_READERS


def starts_with_checkin(actor: Actor) -> bool:
    """A student's home starts with today's check-in."""
    return actor.role == Role.STUDENT
