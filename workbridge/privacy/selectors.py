"""Reads of the privacy app, scoped by the actor."""

from __future__ import annotations

from django.db.models import Q

from workbridge.academics.models import Student, Teacher
from workbridge.core.access import Actor, as_actor, visible


def people_with_accounts(*, actor: Actor, q: str, limit: int = 20) -> list:
    """Students and teachers with a log-in whose number or name is exactly `q` (a data-rights request names one
    person, so no partial matches)."""
    actor = as_actor(actor)
    students = visible(actor, Student.objects.filter(Q(student_number=q) | Q(name=q), user__isnull=False))[:limit]
    teachers = visible(actor, Teacher.objects.filter(Q(employee_number=q) | Q(name=q), user__isnull=False))[:limit]
    return list(students) + list(teachers)
