"""Demo region: enterprises' technical problems, schools' proposals, contracted R&D projects with milestones,
outcomes (patents, process improvements, revenue, cost saved) and students. Deterministic from ctx.rng."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

ORDER = 54

PROBLEMS = [
    (
        "注塑件表面缺陷在线视觉检测",
        "注塑产线依靠人工目检，漏检率高。希望基于机器视觉和 PLC 联动实"
        "现在线缺陷检测与自动剔除，熟悉 Python、OpenCV 者优先。",
    ),
    (
        "数控加工工艺参数优化",
        "薄壁铝合金零件数控加工变形大，需要优化数控加工工艺与刀具路径，掌握 CAD/CAM 与 SolidWorks 三维建模。",
    ),
    ("工业机器人上下料工作站改造", "冲压线需增加工业机器人自动上下料，要求完成工作站集成、PLC 编程与安全联锁设计。"),
    ("仓储作业效率提升与 WMS 优化", "冷链物流仓库拣货效率低，希望优化仓储管理流程并对 WMS 数据进行数据分析。"),
    ("设备预测性维护数据分析", "采集变频器与电机振动数据，建立设备故障预测模型，需要数据分析、Python 与 MySQL 经验。"),
    ("企业官网与小程序前端重构", "需要使用 Vue 与 JavaScript 重构产品展示网站，并对接后端接口。"),
    ("康养机构照护流程标准化", "为连锁养老机构梳理老年照护与康复护理服务流程，编写培训标准。"),
    ("电气控制柜设计标准化", "梳理电气原理图设计规范，统一 AutoCAD 电气制图模板并培训设计人员。"),
]
OUTCOMES = [
    ("patent", "一种{t}装置", 0, 0),
    ("process", "{t}工艺改进", 0, 1),
    ("product", "{t}样机", 1, 0),
    ("software", "{t}软件 V1.0", 1, 0),
    ("standard", "{t}企业标准", 0, 0),
]


def seed(ctx) -> None:
    from workbridge.academics.models import Student

    from .models import Proposal, RndMember, RndMilestone, RndOutcome, RndProject, RndStudent, TechnicalProblem

    rng, today = ctx.rng, ctx.today
    demo_school, demo_enterprise = ctx.shared["demo_school"], ctx.shared["demo_enterprise"]
    pairs = [
        (a.school, a.enterprise)
        for a in ctx.shared.get("agreements", [])
        if a.status in ("signed", "active", "expired")
    ]
    rng.shuffle(pairs)
    per_scale = {"small": 12, "medium": 60, "large": 300}.get(ctx.scale, 12)
    pairs = [(demo_school, demo_enterprise), *[p for p in pairs if p != (demo_school, demo_enterprise)]][:per_scale]
    problems, plans = [], []
    for index, (school, enterprise) in enumerate(pairs):
        title, text = PROBLEMS[index % len(PROBLEMS)]
        posted = today - dt.timedelta(days=rng.randint(30, 900)) if index else today - dt.timedelta(days=10)
        status = "open" if index == 0 or rng.random() < 0.2 else "contracted"
        if status == "open":
            posted = today - dt.timedelta(days=rng.randint(3, 20))
        problems.append(
            TechnicalProblem(
                enterprise=enterprise,
                title=title,
                description=text,
                budget_yuan=Decimal(rng.choice([50000, 120000, 200000, 500000])),
                respond_by=posted + dt.timedelta(days=45),
                status=status,
            )
        )
        plans.append((school, enterprise, posted, status))
    problems = ctx.bulk(TechnicalProblem, problems)
    # A second open problem of the demo enterprise, already answered by the demo school.
    teachers_by_school = ctx.shared["teachers_by_school"]
    proposals, projects, project_plans = [], [], []
    for problem, (school, enterprise, _posted, status) in zip(problems, plans, strict=True):
        teachers = teachers_by_school[school.pk]
        team = rng.sample(teachers, min(len(teachers), rng.randint(2, 4)))
        if status == "open" and school.pk != demo_school.pk:
            continue
        proposals.append((problem, school, enterprise, team, "accepted" if status == "contracted" else "submitted"))
    saved_props = ctx.bulk(
        Proposal,
        [
            Proposal(
                problem=p,
                school=s,
                enterprise=e,
                lead=team[0],
                approach=f"组建{len(team)}人团队，分阶段完成调研、方案设计、样机与验收。",
                price_yuan=p.budget_yuan * Decimal("0.9"),
                duration_days=rng.choice([90, 120, 180]),
                status=st,
            )
            for p, s, e, team, st in proposals
        ],
    )
    link = Proposal.team.through
    ctx.bulk(
        link,
        [
            link(proposal_id=prop.pk, teacher_id=t.pk)
            for prop, (_p, _s, _e, team, _st) in zip(saved_props, proposals, strict=True)
            for t in team
        ],
    )
    for prop, (problem, school, enterprise, team, st) in zip(saved_props, proposals, strict=True):
        if st != "accepted":
            continue
        signed = problem.respond_by + dt.timedelta(days=rng.randint(5, 30))
        if signed > today:
            signed = today - dt.timedelta(days=5)
        end = signed + dt.timedelta(days=prop.duration_days)
        projects.append(
            RndProject(
                problem=problem,
                proposal=prop,
                school=school,
                enterprise=enterprise,
                title=problem.title,
                contract_number=f"HX{signed:%Y}-{len(projects) + 1:04d}",
                contract_value_yuan=prop.price_yuan,
                signed_on=signed,
                start_date=signed,
                end_date=end,
                status="completed" if end < today else "active",
                completed_on=end if end < today else None,
            )
        )
        project_plans.append(team)
    projects = ctx.bulk(RndProject, projects)
    members, milestones, outcomes, students = [], [], [], []
    for project, team in zip(projects, project_plans, strict=True):
        members += [RndMember(project=project, teacher=t, is_lead=i == 0) for i, t in enumerate(team)]
        span = (project.end_date - project.start_date).days
        for k, title in enumerate(["需求调研与方案评审", "样机/试运行", "结题验收"]):
            due = project.start_date + dt.timedelta(days=span * (k + 1) // 3)
            milestones.append(
                RndMilestone(project=project, title=title, due_date=due, done_on=due if due <= today else None)
            )
        if project.status == "completed" or rng.random() < 0.3:
            for kind, pattern, earns, saves in rng.sample(OUTCOMES, rng.randint(1, 3)):
                outcomes.append(
                    RndOutcome(
                        project=project,
                        kind=kind,
                        title=pattern.format(t=project.title[:10]),
                        reference=f"ZL{project.signed_on:%Y}{rng.randint(10**7, 10**8 - 1)}"
                        if kind == "patent"
                        else "",
                        achieved_on=min(today, project.end_date),
                        revenue_yuan=Decimal(rng.choice([0, 80000, 300000])) if earns else 0,
                        cost_saved_yuan=Decimal(rng.choice([120000, 450000, 900000])) if saves else 0,
                    )
                )
        ids = list(
            Student.objects.filter(school_id=project.school_id, grade_year__gte=2).values_list("pk", flat=True)[:200]
        )
        for sid in rng.sample(ids, min(len(ids), rng.randint(1, 3))):
            students.append(
                RndStudent(
                    project=project,
                    student_id=sid,
                    duty=rng.choice(["数据采集与标注", "样机装配调试", "图纸绘制", "测试记录"]),
                    joined_on=project.start_date,
                )
            )
    ctx.bulk(RndMember, members)
    ctx.bulk(RndMilestone, milestones)
    ctx.bulk(RndOutcome, outcomes)
    ctx.bulk(RndStudent, students)
    ctx.log(
        f"  research: {len(problems)} problems, {len(saved_props)}"
        f" proposals, {len(projects)} projects, {len(outcomes)} outcomes"
    )
