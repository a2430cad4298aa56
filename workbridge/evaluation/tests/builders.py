"""Hand-built records of other apps for evaluation tests (created directly, so each test controls every row)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from django.utils import timezone

from workbridge.academics.tests.factories import StudentFactory, TeacherFactory

_seq = count(1)
D = dt.date


def new_student(school):
    """A student of the school, in one of its existing majors (the world's major codes would collide otherwise)."""
    from workbridge.academics.models import Major

    major = Major.objects.filter(school=school).first()
    return StudentFactory(school=school, major=major, cohort=None) if major else StudentFactory(school=school)


def agreement(school, enterprise, start=D(2023, 9, 1), end=D(2027, 8, 31), status="active"):
    from workbridge.partnerships.models import Agreement

    return Agreement.objects.create(
        school=school, enterprise=enterprise, title=f"协议{next(_seq)}", start_date=start, end_date=end, status=status
    )


def project(ag, project_type="order_class", start=D(2024, 9, 1), end=None, status="running", majors=()):
    from workbridge.partnerships.models import Project

    p = Project.objects.create(
        agreement=ag,
        school=ag.school,
        enterprise=ag.enterprise,
        project_type=project_type,
        title=f"项目{next(_seq)}",
        start_date=start,
        end_date=end,
        status=status,
    )
    if majors:
        p.majors.set(majors)
    return p


def output(p, kind, quantity, on=D(2024, 10, 15)):
    from workbridge.partnerships.models import ProjectOutput

    return ProjectOutput.objects.create(project=p, kind=kind, quantity=Decimal(str(quantity)), recorded_on=on)


def participant(p, student):
    from workbridge.partnerships.models import ProjectParticipant

    return ProjectParticipant.objects.create(project=p, role="student", student=student)


def position(enterprise, start=D(2024, 9, 1), end=D(2025, 6, 30)):
    from workbridge.placements.models import Position

    return Position.objects.create(
        enterprise=enterprise,
        title="装配工",
        occupation_code="6-20-01-01",
        places=10,
        workplace_address="某路1号",
        latitude=Decimal("30.2"),
        longitude=Decimal("120.1"),
        monthly_pay=Decimal("3000"),
        daily_hours=Decimal("8"),
        shift_start=dt.time(8),
        shift_end=dt.time(17),
        start_date=start,
        end_date=end,
        status="published",
    )


def placement(
    school,
    enterprise,
    *,
    student=None,
    start=D(2024, 10, 1),
    end=D(2025, 1, 31),
    status="completed",
    hired=False,
    pos=None,
):
    from workbridge.placements.models import Placement

    student = student or new_student(school)
    pos = pos or position(enterprise)
    return Placement.objects.create(
        student=student,
        position=pos,
        school=school,
        enterprise=enterprise,
        start_date=start,
        end_date=end,
        status=status,
        hired_by_host=hired,
    )


def evaluation(pl, kind, total):
    from workbridge.placements.models import Evaluation

    return Evaluation.objects.create(placement=pl, evaluator_kind=kind, total=Decimal(str(total)))


def practice(
    school, enterprise, *, teacher=None, start=D(2024, 11, 1), end=D(2024, 12, 20), days=30, status="confirmed"
):
    from workbridge.faculty.models import PracticeRecord

    teacher = teacher or TeacherFactory(school=school)
    return PracticeRecord.objects.create(
        teacher=teacher,
        school=school,
        enterprise=enterprise,
        start_date=start,
        end_date=end,
        days=days,
        tasks="设备调试",
        status=status,
    )


def lecturer_teaching(school, enterprise, course, hours, on=D(2024, 12, 1), term="2024-2025-1"):
    from workbridge.faculty.models import EnterpriseLecturer, LecturerTeaching

    lecturer = EnterpriseLecturer.objects.create(
        enterprise=enterprise, school=school, name=f"工程师{next(_seq)}", engaged_from=D(2024, 1, 1)
    )
    return LecturerTeaching.objects.create(
        lecturer=lecturer, school=school, enterprise=enterprise, course=course, term=term, hours=hours, taught_on=on
    )


def usage(owner, requester, hours, on=D(2024, 11, 5)):
    from workbridge.resources.models import Booking, Resource, UsageRecord

    res = Resource.objects.create(
        owner=owner, kind="equipment", name=f"设备{next(_seq)}", in_service_since=D(2023, 1, 1)
    )
    start = timezone.make_aware(dt.datetime.combine(on, dt.time(9)))
    booking = Booking.objects.create(
        resource=res,
        owner=owner,
        requester_org=requester,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=float(hours)),
        purpose="实训",
        status="approved",
    )
    return UsageRecord.objects.create(
        booking=booking,
        resource=res,
        owner=owner,
        requester_org=requester,
        used_on=on,
        hours=Decimal(str(hours)),
        users_count=10,
        purpose="实训",
    )


def rnd_project(
    school,
    enterprise,
    *,
    signed=D(2024, 9, 20),
    start=D(2024, 10, 1),
    end=D(2025, 6, 30),
    value=150000,
    status="active",
    partnership_project=None,
):
    from workbridge.research.models import RndProject

    return RndProject.objects.create(
        school=school,
        enterprise=enterprise,
        title=f"研发{next(_seq)}",
        contract_number=f"HT{next(_seq)}",
        contract_value_yuan=Decimal(value),
        signed_on=signed,
        start_date=start,
        end_date=end,
        status=status,
        partnership_project=partnership_project,
    )


def rnd_outcome(rp, kind="patent", on=D(2024, 12, 10), saved=0, revenue=0):
    from workbridge.research.models import RndOutcome

    return RndOutcome.objects.create(
        project=rp,
        kind=kind,
        title=f"成果{next(_seq)}",
        achieved_on=on,
        cost_saved_yuan=Decimal(saved),
        revenue_yuan=Decimal(revenue),
    )
