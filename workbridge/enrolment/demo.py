"""Demo region: the demo school and the demo enterprise enrol together. A modern apprenticeship plan open for
applications now (six students applied, some already selected), and last intake's order class, formed: eight
members with their apprenticeship agreements (some confirmed), two on the waiting list, one who left for health
reasons and the first on the waiting list who took the place."""

from __future__ import annotations

import datetime as dt

ORDER = 46

STATEMENTS = (
    "从小喜欢拆装机器，希望毕业就能到企业一线做设备维护。",
    "家里就在园区附近，想留在本地的制造企业工作。",
    "参加过校技能节数控车比赛，想在真实岗位上继续练手。",
    "希望有企业师傅带，早点拿到中级工证书。",
    "学徒津贴可以减轻家里负担，也想学到真本事。",
    "对工业机器人编程很感兴趣，想做调试工程师。",
    "实习时在这家企业参观过，觉得车间管理很规范。",
    "想通过订单班早点确定就业方向。",
    "班主任推荐我报名，我的专业课成绩在班里前十。",
    "希望将来能从操作工成长为班组长。",
    "想学习自动化产线的维护和故障诊断。",
)


def _student_actor(student):
    from workbridge.core.access import Actor
    from workbridge.core.roles import OrgKind, Role
    from workbridge.organizations.models import User

    return Actor(
        user=student.user or User(),
        role=Role.STUDENT,
        organization_id=student.school_id,
        org_kind=OrgKind.SCHOOL,
        student_id=student.pk,
    )


def seed(ctx) -> None:
    from django.db.models import Count

    from workbridge.academics.models import Major, Student
    from workbridge.core.access import actor_for
    from workbridge.partnerships.models import Agreement

    from . import services
    from .models import LeaveReason, PlanKind

    users = ctx.shared.get("users", {})
    school, enterprise = ctx.shared.get("demo_school"), ctx.shared.get("demo_enterprise")
    if school is None or enterprise is None or "school_admin" not in users or "enterprise_admin" not in users:
        return
    agreement = Agreement.objects.live(ctx.today).filter(school=school, enterprise=enterprise).first()
    if agreement is None:
        return
    school_admin, enterprise_admin = actor_for(users["school_admin"]), actor_for(users["enterprise_admin"])
    demo_student = getattr(users.get("student"), "student", None)
    majors = list(
        Major.objects.filter(school=school).annotate(n=Count("students")).filter(n__gte=14).order_by("-n", "code")[:2]
    )
    if not majors:
        return
    formed_major = majors[0]
    open_majors = [m for m in majors if demo_student is None or m.pk != demo_student.major_id][:1]
    if demo_student is not None:
        open_majors.append(demo_student.major)
    today = ctx.today

    # Last intake's order class: applied, selected, formed; one member left and was replaced from the waiting list.
    plan = services.plan_create(
        actor=school_admin,
        agreement_id=agreement.pk,
        name=f"{today.year}级{formed_major.name}订单班（{enterprise.name}）"[:200],
        year=today.year,
        kind=PlanKind.ORDER_CLASS,
        major_ids=[formed_major.pk],
        quota=8,
        criteria="思想品德良好，身体健康，专业课平均成绩 70 分以上，通过企业面试；服从企业岗位安排。",
        minimum_grade=70,
        interview_required=True,
        monthly_stipend=1800,
        posts_on_graduation=8,
        target_posts="设备维修工\n自动化产线操作工\n质量检验员",
        other_commitments="企业承担订单班学生在校期间的学费 50%，第三学年安排岗位实习并购买实习责任保险。",
        opens_on=today - dt.timedelta(days=40),
        closes_on=today - dt.timedelta(days=10),
    )
    services.plan_approve(actor=school_admin, plan=plan)
    plan = services.plan_approve(actor=enterprise_admin, plan=plan)
    pool = list(
        Student.objects.filter(school=school, major=formed_major, enrolment_status="enrolled")
        .exclude(pk=getattr(demo_student, "pk", None))
        .order_by("student_number")[:11]
    )
    if len(pool) < 11:
        return
    applications = [
        services.application_submit(
            actor=_student_actor(s), plan=plan, statement=STATEMENTS[i], today=today - dt.timedelta(days=20)
        )
        for i, s in enumerate(pool)
    ]
    for index, application in enumerate(applications):
        grade = 72 + ctx.rng.randint(0, 20)
        if index == 10:
            services.application_decide(actor=enterprise_admin, application=application, selected=False)
            continue
        services.application_decide(actor=school_admin, application=application, selected=True, grade_average=grade)
        services.application_decide(
            actor=enterprise_admin, application=application, selected=True, interview_passed=True
        )
    plan = services.plan_start_selection(actor=school_admin, plan=plan)
    plan = services.plan_form_class(actor=school_admin, plan=plan, today=today - dt.timedelta(days=7))
    members = [a for a in applications[:8]]
    for application in members[:5]:
        application.refresh_from_db()
        agreement_row = application.agreement
        services.agreement_confirm(actor=school_admin, agreement=agreement_row, version=1)
        services.agreement_confirm(actor=enterprise_admin, agreement=agreement_row, version=1)
        services.agreement_confirm(actor=_student_actor(application.student), agreement=agreement_row, version=1)
    services.member_leave(actor=school_admin, application=members[7], reason=LeaveReason.HEALTH, note="因病休学一年")
    services.place_fill(actor=school_admin, plan=plan, today=today - dt.timedelta(days=2))

    # This year's modern apprenticeship class, open for applications now (the demo student may still apply).
    open_plan = services.plan_create(
        actor=enterprise_admin,
        agreement_id=agreement.pk,
        name=f"{today.year + 1}级现代学徒制班（{enterprise.name}）"[:200],
        year=today.year + 1,
        kind=PlanKind.APPRENTICESHIP,
        major_ids=[m.pk for m in open_majors],
        quota=12,
        criteria="自愿成为企业学徒，遵守企业规章；企业师傅面试。",
        interview_required=True,
        monthly_stipend=2000,
        posts_on_graduation=12,
        target_posts="工业机器人运维员\n设备调试员",
        other_commitments="一名企业师傅带不超过 3 名学徒；学徒期间按月发放津贴并购买意外伤害保险。",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=25),
    )
    services.plan_approve(actor=enterprise_admin, plan=open_plan)
    open_plan = services.plan_approve(actor=school_admin, plan=open_plan)
    applicants = list(
        Student.objects.filter(school=school, major__in=open_majors, enrolment_status="enrolled")
        .exclude(pk=getattr(demo_student, "pk", None))
        .exclude(pk__in=[s.pk for s in pool])
        .order_by("-student_number")[:6]
    )
    for i, student in enumerate(applicants):
        application = services.application_submit(
            actor=_student_actor(student), plan=open_plan, statement=STATEMENTS[(i + 3) % len(STATEMENTS)], today=today
        )
        if i < 3:
            services.application_decide(
                actor=school_admin, application=application, selected=True, grade_average=78 + i * 4
            )
        if i < 2:
            services.application_decide(
                actor=enterprise_admin, application=application, selected=True, interview_passed=True
            )
