"""Matrix registrations for faculty routes (see workbridge/core/matrix.py): teachers come from academics; each side
has a practice record at its own enterprise, a qualification and an enterprise lecturer with taught hours."""

import datetime as dt

from workbridge.core.matrix import register_route, register_sample
from workbridge.faculty.models import EnterpriseLecturer, LecturerTeaching, PracticeRecord, Qualification

SUFFIX = {1: "甲", 2: "乙"}


def _practice(world, side):
    return PracticeRecord.objects.create(
        teacher=getattr(world, f"teacher{side}"),
        school=getattr(world, f"school{side}"),
        enterprise=getattr(world, f"enterprise{side}"),
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 31),
        days=20,
        tasks=f"机密实践任务{SUFFIX[side]}",
    )


def _qualification(world, side):
    return Qualification.objects.create(
        teacher=getattr(world, f"teacher{side}"),
        school=getattr(world, f"school{side}"),
        kind="skill_level",
        name=f"机密证书{SUFFIX[side]}",
        level="senior",
        issuer="人社厅",
        issued_on=dt.date(2022, 6, 1),
    )


def _lecturer(world, side):
    return EnterpriseLecturer.objects.create(
        enterprise=getattr(world, f"enterprise{side}"),
        school=getattr(world, f"school{side}"),
        name=f"机密工程师{SUFFIX[side]}",
        engaged_from=dt.date(2024, 1, 1),
    )


def _teaching(world, side):
    return LecturerTeaching.objects.create(
        lecturer=_lecturer_of(world, side),
        school=getattr(world, f"school{side}"),
        enterprise=getattr(world, f"enterprise{side}"),
        course=getattr(world, f"course{side}"),
        term="2024-2025-2",
        hours=16,
        taught_on=dt.date(2025, 4, 1),
    )


def _lecturer_of(world, side):
    return EnterpriseLecturer.objects.filter(school=getattr(world, f"school{side}")).first() or _lecturer(world, side)


register_sample("practice_record", model=PracticeRecord, make=_practice, marker=lambda r: r.tasks)
register_sample("qualification", model=Qualification, make=_qualification, marker=lambda q: q.name)
register_sample("lecturer", model=EnterpriseLecturer, make=_lecturer_of, marker=lambda x: x.name)
register_sample("lecturer_teaching", model=LecturerTeaching, make=_teaching)

for name in ("faculty:teacher", "faculty:practice-new", "faculty:qualification-new", "faculty-progress-detail"):
    register_route(name, pk="teacher")
register_route("faculty:qualification-verify", pk="qualification")
register_route("faculty-qualification-detail", pk="qualification")
register_route("faculty:confirm", pk="practice_record")
register_route("faculty:reject", pk="practice_record")
register_route("faculty-practice-*", pk="practice_record")
register_route("faculty:lecturer", pk="lecturer")
register_route("faculty-lecturer-detail", pk="lecturer")
register_route("faculty-lecturer-teaching-detail", pk="lecturer_teaching")
