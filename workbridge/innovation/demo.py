"""Demo region: the demo school's innovation and entrepreneurship base, sponsored by the demo enterprise, with
three student ventures: one that registered a company, one on the market with a provincial award, one an idea."""

from __future__ import annotations

import datetime as dt

ORDER = 48


def seed(ctx) -> None:
    from workbridge.academics.models import Student, Teacher
    from workbridge.core.access import actor_for

    from . import services
    from .models import BaseKind, VentureStage

    admin = ctx.shared.get("users", {}).get("school_admin")
    school = ctx.shared.get("demo_school")
    if admin is None or school is None:
        return
    actor = actor_for(admin)
    sponsor = ctx.shared.get("demo_enterprise")
    base = services.base_create(
        actor=actor,
        name="智能制造创新创业实践基地",
        kind=BaseKind.PRACTICE_BASE,
        place="实训楼 5 层",
        area_m2=1200,
        sponsor_id=sponsor.pk if sponsor is not None else None,
    )
    services.base_create(
        actor=actor, name="大学生创业孵化园", kind=BaseKind.INCUBATOR, place="创业街 2 号", area_m2=800
    )
    teachers = list(Teacher.objects.filter(school=school).order_by("pk")[:3])
    students = list(Student.objects.filter(school=school).order_by("pk")[:9])
    if len(students) < 9 or not teachers:
        return
    plans = [
        (
            "视觉检测小盒子",
            "给小型注塑厂用的低成本外观缺陷检测装置。",
            VentureStage.INCUBATED,
            "嘉兴视检科技有限公司",
            6,
        ),
        ("设备点检小程序", "扫码点检、异常拍照上报、维保提醒。", VentureStage.MARKET, "", 0),
        ("共享实训工位预约", "把校企实训工位的空闲时段开放给周边中职学生。", VentureStage.IDEA, "", 0),
    ]
    for index, (title, summary, stage, company, jobs) in enumerate(plans):
        venture = services.venture_create(
            actor=actor,
            base=base,
            title=title,
            summary=summary,
            started_on=ctx.today - dt.timedelta(days=400 - 120 * index),
            school_mentor_id=teachers[index % len(teachers)].pk,
            enterprise_mentor="企业导师（合作企业工程师）",
        )
        for offset, role in enumerate(("负责人", "技术", "市场")):
            services.venture_member_add(
                actor=actor, venture=venture, student_id=students[index * 3 + offset].pk, role=role
            )
        services.milestone_add(actor=actor, venture=venture, title="完成样机", due_on=ctx.today - dt.timedelta(days=60))
        services.milestone_add(actor=actor, venture=venture, title="路演答辩", due_on=ctx.today + dt.timedelta(days=30))
        if stage != VentureStage.IDEA:
            services.award_record(
                actor=actor,
                venture=venture,
                competition="中国国际大学生创新大赛（省赛）",
                level="provincial",
                prize="银奖" if index else "金奖",
                year=ctx.today.year,
            )
        services.venture_stage_set(
            actor=actor,
            venture=venture,
            stage=stage,
            company_name=company,
            company_registered_on=ctx.today - dt.timedelta(days=90) if company else None,
            jobs_created=jobs,
        )
