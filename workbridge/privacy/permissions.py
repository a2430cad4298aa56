"""Who may copy or erase a person's data (named predicates, see core.permissions); the services ask the same."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.roles import Role


def school_ids_of(user) -> set[int]:
    """The schools whose records name this person (as a student or a teacher)."""
    from workbridge.academics.models import Student, Teacher

    return set(Student.objects.filter(user=user).values_list("school_id", flat=True)) | set(
        Teacher.objects.filter(user=user).values_list("school_id", flat=True)
    )


def may_look_up_people(actor: Actor) -> bool:
    """A school admin finds the school's students and teachers to copy or erase their data."""
    return actor.is_platform_admin or actor.role == Role.SCHOOL_ADMIN


def can_manage_person(actor: Actor, user) -> bool:
    """Platform admins, and a school's admins for that school's students and teachers."""
    if actor.is_platform_admin:
        return True
    return actor.role == Role.SCHOOL_ADMIN and actor.organization_id in school_ids_of(user)
