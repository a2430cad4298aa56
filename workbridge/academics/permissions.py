"""Who may change a school's records and log-ins (named predicates, see core.permissions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from workbridge.core.access import Actor
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.roles import Role


def manages_school_records(actor: Actor) -> bool:
    """The school admin keeps departments, majors, classes, students, teachers, courses and log-ins."""
    return actor.role == Role.SCHOOL_ADMIN


def require_school_admin(actor: Actor, message: str | None = None) -> Actor:
    if not manages_school_records(actor):
        raise PermissionDenied(
            message or _("Act as a school admin (use the role switcher) to change the school's records.")
        )
    return actor
