"""Demo region: the demo school's pre-placement training for the demo student's class (attendance taken), a
counselling request the demo teacher has taken, and a hard week flagged by a student the demo teacher mentors."""

from __future__ import annotations

import datetime as dt

ORDER = 47


def seed(ctx) -> None:
    from django.utils import timezone

    from workbridge.core.access import actor_for
    from workbridge.placements.models import Placement

    from . import services
    from .models import CounsellingKind, SessionKind

    student = ctx.shared.get("demo_student")
    teacher = ctx.shared.get("demo_teacher")
    users = ctx.shared.get("users", {})
    admin = users.get("school_admin")
    if student is None or teacher is None or admin is None or student.cohort_id is None:
        return
    school_admin = actor_for(admin)
    session = services.session_create(
        actor=school_admin,
        title="岗前培训：安全生产与实习权益",
        kind=SessionKind.PRE_PLACEMENT,
        held_on=ctx.today - dt.timedelta(days=30),
        cohort_id=student.cohort_id,
        place="实训楼 203",
        hours=4,
    )
    sheet = list(session.attendance.values_list("student_id", flat=True))
    present = {pk for i, pk in enumerate(sorted(sheet)) if i % 9 != 4} | {student.pk}
    services.attendance_record(actor=school_admin, session=session, present_ids=present)
    services.session_create(
        actor=school_admin,
        title="就业指导：简历与面试",
        kind=SessionKind.CAREER,
        held_on=ctx.today + dt.timedelta(days=10),
        cohort_id=student.cohort_id,
        place="图书馆报告厅",
        hours=2,
    )
    if student.user is None or teacher.user is None:
        return
    student_actor, teacher_actor = actor_for(student.user), actor_for(teacher.user)
    request = services.counselling_request(
        actor=student_actor, kind=CounsellingKind.CAREER, wish="想了解毕业后留在实习企业和专升本怎么选。"
    )
    services.counselling_schedule(
        actor=teacher_actor,
        request=request,
        scheduled_at=timezone.now() + dt.timedelta(days=2, hours=3),
        place="学生发展中心 2 号谈话室",
    )
    # a student the demo teacher mentors (another than the demo student when there is one) says the week was hard
    active = Placement.objects.filter(school_mentor=teacher, status="active").select_related("student__user")
    mentored = active.exclude(student=student).first() or active.first()
    if mentored is not None and mentored.student.user is not None:
        services.wellbeing_submit(
            actor=actor_for(mentored.student.user),
            mood=2,
            wants_talk=True,
            note="这周连着加班，和带班师傅沟通不太顺，有点想家。",
            today=ctx.today,
        )
