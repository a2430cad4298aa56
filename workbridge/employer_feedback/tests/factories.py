"""Test helpers for employer feedback: interns hosted in the spring term of 2025/26 and a graduate hired."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

TERM = "2025-2026-2"


def host_interns(world, count: int = 3):
    """``count`` students of the first school's major (world.student1 first) interned at world.enterprise1 in
    the spring term of 2025/26; returns the students."""
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    students = [world.student1] + [
        StudentFactory(school=world.school1, major=world.major1, cohort=world.cohort1) for _ in range(count - 1)
    ]
    for student in students:
        PlacementFactory(
            student=student,
            position=PositionFactory(
                enterprise=world.enterprise1, start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 6, 30)
            ),
            status="completed",
        )
    return students


def hire_graduate(world, enterprise):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.labour_market.models import GraduateDestination

    graduate = StudentFactory(school=world.school1, major=world.major1, cohort=world.cohort1, name="赵毕业")
    GraduateDestination.objects.create(
        school=world.school1,
        major=world.major1,
        student=graduate,
        student_number=graduate.student_number,
        graduation_year=2026,
        destination="employed",
        employer_name=enterprise.name,
        employer=enterprise,
    )
    return graduate


def due():
    return timezone.localdate() + dt.timedelta(days=14)
