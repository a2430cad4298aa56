"""Demo region, part 3: framework agreements (every status, structured clauses, a signed copy on file) and
cooperation projects of every type with participants, milestones and outputs. The demo school and demo
enterprise get a rich, dated history so their partnership page shows a full timeline, and an agreement that
ends within 60 days so the reminder card has something to show.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import (
    Agreement,
    AgreementClause,
    AgreementStatus,
    Milestone,
    Project,
    ProjectOutput,
    ProjectParticipant,
    ProjectStatus,
    ProjectType,
)

ORDER = 30
SIGNED_COPY = "agreements/demo/framework-agreement-signed-copy.pdf"

CLAUSES = {
    ("school", "obligation"): [
        "按双方共同制定的人才培养方案组织教学，推荐符合岗位要求的学生参加实习。",
        "为企业员工提供学历提升与技能培训服务，优先承接企业技术改造中的应用研究。",
        "选派专业教师到企业开展实践锻炼，每人每年不少于一个月。",
        "负责实习学生的安全教育和日常管理，为学生购买实习责任保险。",
    ],
    ("enterprise", "obligation"): [
        "每年提供不少于二十个与专业对口的实习岗位，并为每名实习学生配备企业导师。",
        "选派技术骨干担任兼职教师，参与课程开发与实训教学。",
        "按国家规定向实习学生支付实习报酬，不安排学生从事高空、井下、放射性等危险作业。",
        "向学校开放生产车间和设备，用于学生认知实习与教师企业实践。",
    ],
    ("both", "right"): [
        "双方可使用合作中形成的课程、教材等成果用于本单位教学与培训，署名按贡献协商。",
        "双方共享实训设备和场地，使用前提前五个工作日书面预约。",
        "任何一方可在提前三个月书面通知后解除本协议，已开展项目继续履行至结束。",
    ],
    ("school", "right"): ["学校有权了解实习学生的工作安排和安全保障情况。"],
    ("enterprise", "right"): ["企业在同等条件下优先录用合作培养的毕业生。"],
}
TITLE_PATTERNS = [
    "{school}与{enterprise}校企合作框架协议",
    "{school}·{enterprise}产教融合战略合作协议",
    "{school}与{enterprise}人才培养合作协议",
]
SCOPES = [
    "订单培养、岗位实习、共建实训基地与师资互聘。",
    "现代学徒制人才培养与企业员工培训。",
    "共建产业学院、联合开发课程教材，开展技术服务。",
    "实习就业基地建设与教师企业实践。",
]
POSTS = {
    "C": ["设备维护员", "数控操作工", "电气调试员", "质量检验员", "工艺技术员", "生产班组长"],
    "I": ["Java 开发工程师", "前端开发工程师", "运维工程师", "数据分析师", "测试工程师"],
    "F": ["电商运营专员", "直播运营", "客服主管", "采购专员"],
    "G": ["仓储主管", "物流调度员"],
    "H": ["前厅接待", "客房主管", "餐饮服务员"],
    "Q": ["护士", "康复治疗士", "健康管理师"],
    "E": ["施工员", "资料员", "造价员"],
    "L": ["人事专员", "会计"],
    "M": ["检测员", "绘图员"],
}
CERTS = [
    "工业机器人操作与运维",
    "Web 前端开发",
    "智能财税",
    "老年照护",
    "网店运营推广",
    "数控车铣加工",
    "大数据应用开发（Python）",
]
MILESTONES = {
    "order_class": ["签订三方培养协议", "完成订单班选拔", "企业课程模块开课", "岗位实习启动", "毕业生入职"],
    "apprenticeship": ["招工招生一体化录取", "签订学徒协议", "企业导师结对", "岗位技能考核", "出师考核"],
    "internship_base": ["基地挂牌", "首批实习生进驻", "实习中期检查", "实习总结评价"],
    "training_base": ["场地改造完成", "设备安装调试", "首次开放教学", "年度运行评估"],
    "joint_course": ["课程标准定稿", "教材初稿完成", "试用与修订", "正式出版或上线"],
    "enterprise_lecturer": ["兼职教师聘任", "授课计划审定", "学期授课完成"],
    "teacher_practice": ["实践岗位确定", "中期实践汇报", "实践总结与考核"],
    "joint_rnd": ["技术需求确认", "方案评审", "样机或成果交付", "结题验收"],
    "certificate_1x": ["考点备案", "师资培训", "考前模拟", "统一考核"],
    "industrial_college": ["理事会成立", "章程审议", "首届学生入学", "年度质量报告"],
}


def _signed_copy() -> str:
    """One sample signed copy (a real PDF) that every signed demo agreement points to."""
    if not default_storage.exists(SIGNED_COPY):
        import io

        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4)
        page.setTitle("WorkBridge demo: signed framework agreement")
        page.setFont("Helvetica-Bold", 16)
        page.drawString(72, 770, "Framework agreement - signed copy (demo sample)")
        page.setFont("Helvetica", 11)
        page.drawString(
            72, 745, "Synthetic demo data of WorkBridge. It stands for the scanned, signed and sealed copy."
        )
        page.showPage()
        page.save()
        default_storage.save(SIGNED_COPY, ContentFile(buffer.getvalue()))
    return SIGNED_COPY


def _clauses(rng) -> list[tuple[str, str, str]]:
    chosen = []
    for key in (("school", "obligation"), ("enterprise", "obligation"), ("both", "right")):
        for text in rng.sample(CLAUSES[key], k=2 if key != ("both", "right") else 1):
            chosen.append((*key, text))
    if rng.random() < 0.6:
        chosen.append(("enterprise", "right", CLAUSES[("enterprise", "right")][0]))
    if rng.random() < 0.4:
        chosen.append(("school", "right", CLAUSES[("school", "right")][0]))
    return chosen


def details_for(project_type: str, rng, enterprise, majors) -> dict:
    posts = POSTS.get(enterprise.industry_section, POSTS["C"])
    major_names = [m.name for m in majors] or ["机电一体化技术"]
    return {
        "order_class": lambda: {
            "class_size": rng.choice([30, 35, 40, 45]),
            "target_posts": rng.sample(posts, 2),
            "employment_commitment": rng.random() < 0.7,
        },
        "apprenticeship": lambda: {
            "mode": rng.choice(["modern_apprenticeship", "dual_system"]),
            "apprentices": rng.randint(15, 40),
            "students_per_mentor": rng.randint(2, 5),
            "target_posts": rng.sample(posts, 1),
        },
        "internship_base": lambda: {
            "capacity": rng.randint(10, 80),
            "posts": rng.sample(posts, 2),
            "accommodation": rng.random() < 0.5,
        },
        "training_base": lambda: {
            "mode": rng.choice(["school_in_factory", "factory_in_school"]),
            "floor_area_m2": f"{rng.randint(300, 3000)}.00",
            "workstations": rng.randint(20, 80),
            "location": rng.choice(["学校实训楼", "企业二号厂房", "经开区共享实训中心"]),
        },
        "joint_course": lambda: {
            "deliverable": rng.choice(["course", "textbook", "course_and_textbook"]),
            "course_name": f"{major_names[0]}岗位实务",
            "publisher": "高等教育出版社",
        },
        "enterprise_lecturer": lambda: {
            "lecturers": rng.randint(2, 8),
            "hours_per_term": rng.choice([32, 48, 64, 96]),
            "courses": [f"{major_names[0]}企业案例"],
        },
        "teacher_practice": lambda: {
            "teachers": rng.randint(2, 6),
            "days": rng.choice([30, 45, 60]),
            "posts": rng.sample(posts, 1),
        },
        "joint_rnd": lambda: {
            "kind": rng.choice(["joint_rnd", "technical_service", "consulting"]),
            "contract_amount": f"{rng.randint(5, 80) * 10000}.00",
            "deliverables": rng.choice(["工装夹具优化方案", "设备数据采集系统", "产线节拍分析报告"]),
        },
        "certificate_1x": lambda: {
            "certificate_name": rng.choice(CERTS),
            "level": rng.choice(["junior", "intermediate"]),
            "candidates": rng.randint(20, 120),
        },
        "industrial_college": lambda: {
            "college_name": f"{enterprise.short_name or enterprise.name[:6]}产业学院",
            "council_members": rng.randint(7, 15),
            "majors_covered": major_names[:3],
        },
    }[project_type]()


OUTPUTS = {
    "order_class": [("people_trained", 30, 45)],
    "apprenticeship": [("people_trained", 15, 40), ("hours_taught", 120, 400)],
    "internship_base": [("people_trained", 10, 80)],
    "training_base": [("equipment_value", 200000, 3000000), ("money_invested", 100000, 1500000)],
    "joint_course": [("courses", 1, 3), ("textbooks", 0, 1)],
    "enterprise_lecturer": [("hours_taught", 32, 256)],
    "teacher_practice": [("people_trained", 2, 6)],
    "joint_rnd": [("revenue", 50000, 800000), ("patents", 0, 3)],
    "certificate_1x": [("certificates", 15, 100), ("people_trained", 20, 120)],
    "industrial_college": [("money_invested", 500000, 5000000), ("people_trained", 60, 300)],
}


STATUS_ROTATION = [
    AgreementStatus.ACTIVE,
    AgreementStatus.SIGNED,
    AgreementStatus.DRAFT,
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
]


def _pick_status(rng, index: int) -> str:
    if index < len(STATUS_ROTATION):
        return STATUS_ROTATION[index]  # every status appears, even at the small scale
    return rng.choices(
        [
            AgreementStatus.ACTIVE,
            AgreementStatus.SIGNED,
            AgreementStatus.DRAFT,
            AgreementStatus.EXPIRED,
            AgreementStatus.TERMINATED,
        ],
        weights=[60, 8, 10, 14, 8],
    )[0]


def _term(rng, status: str, today: dt.date) -> tuple[dt.date, dt.date, dt.date | None]:
    """(start, end, signed_on) consistent with the status as of today."""
    years = rng.choice([3, 3, 5])
    if status == AgreementStatus.ACTIVE:
        start = today - dt.timedelta(days=rng.randint(60, 365 * years - 70))
    elif status == AgreementStatus.SIGNED:
        start = today + dt.timedelta(days=rng.randint(10, 120))
    elif status == AgreementStatus.DRAFT:
        start = today + dt.timedelta(days=rng.randint(30, 200))
    elif status == AgreementStatus.EXPIRED:
        start = today - dt.timedelta(days=365 * years + rng.randint(30, 900))
    else:  # terminated
        start = today - dt.timedelta(days=rng.randint(200, 365 * years - 30))
    start = start.replace(day=1)
    end = start.replace(year=start.year + years) - dt.timedelta(days=1)
    signed = None if status == AgreementStatus.DRAFT else start - dt.timedelta(days=rng.randint(5, 40))
    if signed and signed > today:
        signed = today
    return start, end, signed


_CATALOGUE: dict = {}


def _catalogue(loader) -> dict:
    if not _CATALOGUE:
        _CATALOGUE.update({m["code"]: m for m in loader()})
    return _CATALOGUE


def _matching_enterprises(rng, school, majors, approved, count, exclude):
    """Approved enterprises whose industry hires the school's majors first, then others."""
    from workbridge.academics.demo import load_majors

    wanted = set()
    catalogue = _catalogue(load_majors)
    for m in majors:
        wanted.update(catalogue.get(m.code, {}).get("industries", []))
    fitting = [e for e in approved if f"{e.industry_section}{e.industry_division}" in wanted and e.pk not in exclude]
    fitting_ids = {e.pk for e in fitting}
    others = [e for e in approved if e.pk not in exclude and e.pk not in fitting_ids]
    rng.shuffle(fitting)
    rng.shuffle(others)
    take = fitting[: int(count * 0.8) + 1]
    return (take + others)[:count]


def seed(ctx) -> None:
    rng = ctx.rng
    today = ctx.today
    signed_copy = _signed_copy()
    schools = ctx.shared["schools"]
    approved = ctx.shared["approved_enterprises"]
    majors_by_school = ctx.shared["majors_by_school"]
    teachers_by_school = ctx.shared["teachers_by_school"]
    students_by_school = ctx.shared["students_by_school"]
    demo_school, demo_enterprise = ctx.shared["demo_school"], ctx.shared["demo_enterprise"]
    creator = ctx.shared["users"].get("school_admin")

    # 1. Agreements (the demo pair gets a fixed history: an expired first agreement and one live now).
    plans = []  # (school, enterprise, status, start, end, signed)
    for school in schools:
        exclude = {demo_enterprise.pk} if school.pk == demo_school.pk else set()
        partners = _matching_enterprises(
            rng, school, majors_by_school[school.pk], approved, ctx.sizes["agreements_per_school"], exclude
        )
        if school.pk == demo_school.pk:
            first_start = (today - dt.timedelta(days=365 * 6)).replace(month=9, day=1)
            plans.append(
                (
                    school,
                    demo_enterprise,
                    AgreementStatus.EXPIRED,
                    first_start,
                    first_start.replace(year=first_start.year + 3) - dt.timedelta(days=1),
                    first_start - dt.timedelta(days=20),
                )
            )
            live_end = today + dt.timedelta(days=45)
            live_start = live_end.replace(year=live_end.year - 3) + dt.timedelta(days=1)
            plans.append(
                (
                    school,
                    demo_enterprise,
                    AgreementStatus.ACTIVE,
                    live_start,
                    live_end,
                    live_start - dt.timedelta(days=15),
                )
            )
            partners = partners[: max(0, len(partners) - 2)]
        for enterprise in partners:
            status = _pick_status(rng, len(plans))
            plans.append((school, enterprise, status, *_term(rng, status, today)))

    agreements = []
    for school, enterprise, status, start, end, signed in plans:
        title = rng.choice(TITLE_PATTERNS).format(school=school.short_name or school.name, enterprise=enterprise.name)
        agreements.append(
            Agreement(
                school=school,
                enterprise=enterprise,
                title=title[:200],
                scope=rng.choice(SCOPES),
                start_date=start,
                end_date=end,
                status=status,
                signed_on=signed,
                signed_file=signed_copy if signed else "",
                termination_reason="企业经营范围调整，双方协商一致提前终止。"
                if status == AgreementStatus.TERMINATED
                else "",
                created_by=creator if school.pk == demo_school.pk else None,
            )
        )
    agreements = ctx.bulk(Agreement, agreements)
    clauses = []
    for agreement in agreements:
        for position, (party, kind, text) in enumerate(_clauses(rng), start=1):
            clauses.append(AgreementClause(agreement=agreement, position=position, party=party, kind=kind, text=text))
    ctx.bulk(AgreementClause, clauses)

    # 2. Projects under signed, active, expired and terminated agreements; every type appears.
    types = list(ProjectType.values)
    type_cycle = 0
    project_rows = []  # (project, majors)
    for agreement in agreements:
        if agreement.status == AgreementStatus.DRAFT:
            continue
        demo_pair = agreement.school_id == demo_school.pk and agreement.enterprise_id == demo_enterprise.pk
        if demo_pair and agreement.status == AgreementStatus.ACTIVE:
            chosen = ["order_class", "training_base", "enterprise_lecturer", "teacher_practice", "joint_rnd"]
        elif demo_pair:
            chosen = ["internship_base", "joint_course"]
        else:
            n = rng.choice([0, 1, 1, 2, 3]) if agreement.status != AgreementStatus.SIGNED else rng.choice([0, 1])
            chosen = []
            for _ in range(n):
                chosen.append(types[type_cycle % len(types)] if type_cycle < len(types) * 2 else rng.choice(types))
                type_cycle += 1
        school_majors = majors_by_school[agreement.school_id]
        for project_type in chosen:
            majors = rng.sample(school_majors, k=min(len(school_majors), rng.randint(1, 2)))
            if demo_pair:
                majors = [m for m in school_majors if m.code == "460301"] or majors[:1]
            span = (agreement.end_date - agreement.start_date).days
            start = agreement.start_date + dt.timedelta(days=rng.randint(0, max(1, span // 3)))
            if agreement.status == AgreementStatus.SIGNED:
                start = agreement.start_date
            elif agreement.status == AgreementStatus.ACTIVE:
                # Mostly recent projects, so most under a live agreement are still running.
                lead = (today - agreement.start_date).days
                start = today - dt.timedelta(days=rng.randint(min(20, lead), max(min(20, lead), min(lead, 540))))
            elif agreement.status == AgreementStatus.TERMINATED:
                start = max(agreement.start_date, min(start, today - dt.timedelta(days=30)))
            end = min(agreement.end_date, start + dt.timedelta(days=rng.choice([365, 730, 1095])))
            if agreement.status in (AgreementStatus.EXPIRED,):
                status = ProjectStatus.COMPLETED
            elif agreement.status == AgreementStatus.TERMINATED:
                status = ProjectStatus.CANCELLED if rng.random() < 0.5 else ProjectStatus.COMPLETED
                end = min(end, today)
            elif agreement.status == AgreementStatus.SIGNED or start > today:
                status = ProjectStatus.PLANNED
            elif end < today:
                status = ProjectStatus.COMPLETED
            else:
                status = ProjectStatus.RUNNING if rng.random() < 0.9 else ProjectStatus.SUSPENDED
            if status in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED) and end > today:
                end = today
            end = max(end, start)
            label = ProjectType(project_type).label.split(" (")[0]
            project = Project(
                agreement=agreement,
                school_id=agreement.school_id,
                enterprise_id=agreement.enterprise_id,
                project_type=project_type,
                title=f"{majors[0].name}{_zh_type(project_type)}（{start.year}）",
                description=f"{label}",
                start_date=start,
                end_date=end,
                status=status,
                details=details_for(project_type, rng, agreement.enterprise, majors),
            )
            project_rows.append((project, majors))
    projects = ctx.bulk(Project, [p for p, _ in project_rows])
    Through = Project.majors.through
    ctx.bulk(
        Through,
        [
            Through(project_id=p.pk, major_id=m.pk)
            for p, (_, ms) in zip(projects, project_rows, strict=True)
            for m in ms
        ],
    )

    # 3. Participants, milestones and outputs.
    participants, milestones, outputs = [], [], []
    demo_student = ctx.shared.get("demo_student")
    demo_teacher = ctx.shared.get("demo_teacher")
    mentor = ctx.shared["users"].get("enterprise_mentor")
    for project in projects:
        teachers = teachers_by_school[project.school_id]
        demo_pair = project.school_id == demo_school.pk and project.enterprise_id == demo_enterprise.pk
        chosen_teachers = rng.sample(teachers, k=min(len(teachers), rng.randint(1, 2)))
        if demo_pair and demo_teacher and demo_teacher not in chosen_teachers:
            chosen_teachers.append(demo_teacher)
        for t in chosen_teachers:
            participants.append(ProjectParticipant(project=project, role="teacher", teacher=t, duty="校内负责人"))
        from workbridge.organizations.demo import person_name

        if demo_pair and mentor is not None and project.project_type in ("order_class", "enterprise_lecturer"):
            participants.append(
                ProjectParticipant(
                    project=project,
                    role="enterprise_staff",
                    staff_user=mentor,
                    staff_name=str(mentor)[:60],
                    duty="企业导师",
                )
            )
        else:
            participants.append(
                ProjectParticipant(
                    project=project, role="enterprise_staff", staff_name=person_name(rng), duty="企业项目负责人"
                )
            )
        if project.project_type in ("order_class", "apprenticeship", "certificate_1x") and project.status != "planned":
            pool = students_by_school[project.school_id]
            picked = set(rng.sample(pool, k=min(len(pool), rng.randint(8, 20))))
            if demo_pair and demo_student is not None:
                picked.add(demo_student.pk)
            for sid in sorted(picked):
                participants.append(ProjectParticipant(project=project, role="student", student_id=sid, duty="学员"))
        # Milestones spread over the project's term; those in the past are done (mostly on time).
        names = MILESTONES[project.project_type]
        span = max(30, ((project.end_date or project.start_date + dt.timedelta(days=365)) - project.start_date).days)
        for i, name in enumerate(names):
            due = project.start_date + dt.timedelta(days=span * (i + 1) // (len(names) + 1))
            done = None
            if due <= today and project.status != ProjectStatus.PLANNED:
                done = min(today, due + dt.timedelta(days=rng.randint(-10, 12)))
                if done < project.start_date:
                    done = project.start_date
            milestones.append(Milestone(project=project, title=name, due_date=due, done_on=done))
        if project.status in (ProjectStatus.RUNNING, ProjectStatus.COMPLETED, ProjectStatus.SUSPENDED):
            recorded = min(today, project.end_date or today)
            if recorded < project.start_date:
                recorded = project.start_date
            for kind, low, high in OUTPUTS[project.project_type]:
                value = rng.randint(low, high)
                if kind in ("equipment_value", "money_invested", "revenue"):
                    value = value // 1000 * 1000
                outputs.append(
                    ProjectOutput(
                        project=project, kind=kind, quantity=Decimal(value), recorded_on=recorded, note="年度统计"
                    )
                )
    ctx.bulk(ProjectParticipant, participants)
    ctx.bulk(Milestone, milestones)
    ctx.bulk(ProjectOutput, outputs)

    ctx.shared["agreements"] = agreements
    ctx.shared["projects"] = projects
    ctx.log(f"    {len(agreements)} agreements, {len(projects)} projects, {len(participants)} participants")


def _zh_type(project_type: str) -> str:
    return {
        "order_class": "订单班",
        "apprenticeship": "现代学徒制班",
        "internship_base": "实习基地",
        "training_base": "共建实训基地",
        "joint_course": "课程与教材共建",
        "enterprise_lecturer": "企业兼职教师",
        "teacher_practice": "教师企业实践",
        "joint_rnd": "技术服务项目",
        "certificate_1x": "1+X 证书培训",
        "industrial_college": "产业学院",
    }[project_type]
