"""Demo region: teacher profiles, enterprise practice (confirmed, pending, rejected), industry qualifications,
enterprise lecturers and their hours. Deterministic from ctx.rng and ctx.today; bulk writes for large scales.

The demo teacher gets a fixed story: 120 confirmed days in the window (behind, 60 days short) and one period at
the demo enterprise awaiting its confirmation, so the teacher's dashboard and the enterprise's queue show both.
"""

from __future__ import annotations

import datetime as dt

ORDER = 50

TASKS = [
    "参与产线 PLC 控制程序调试与设备维护，整理典型故障案例用于教学",
    "在工艺部跟岗，参与数控加工工艺优化和刀具管理",
    "参与工业机器人工作站集成与调试，编写操作规程",
    "在质量部参与来料检验与 SPC 数据分析",
    "参与仓储管理系统(WMS)实施与物流流程优化",
    "在研发部参与电气原理图设计与 AutoCAD 制图",
    "参与 Web 前端页面开发与接口联调，了解企业项目管理流程",
    "在运维部参与服务器与网络设备日常运维、Linux 系统管理",
    "参与财务共享中心业务，熟悉智能财税软件与电子发票流程",
    "在康养机构参与老年照护服务与康复护理实践",
]
QUALS = [
    ("skill_level", "电工", "人力资源和社会保障部门"),
    ("skill_level", "工业机器人操作与运维", "北京新奥时代科技有限责任公司"),
    ("skill_level", "数控车铣加工", "武汉华中数控股份有限公司"),
    ("professional", "注册电气工程师", "中国电气工程师注册管理委员会"),
    ("engineering_title", "机械工程师", "省工程技术人员职称评审委员会"),
    ("skill_level", "Web前端开发", "工业和信息化部教育与考试中心"),
    ("professional", "初级会计专业技术资格", "财政部会计资格评价中心"),
    ("skill_level", "物流管理", "北京中物联物流采购培训中心"),
    ("skill_level", "老年照护", "北京中民福祉教育科技有限责任公司"),
]
LECTURER_POSTS = ["电气工程师", "工艺主管", "车间主任", "高级技师", "软件架构师", "运维经理", "质量经理", "物流主管"]


def _partners_by_school(ctx) -> dict[int, list]:
    found: dict[int, list] = {}
    for agreement in ctx.shared.get("agreements", []):
        if agreement.status in ("signed", "active", "expired"):
            found.setdefault(agreement.school_id, [])
            if agreement.enterprise not in found[agreement.school_id]:
                found[agreement.school_id].append(agreement.enterprise)
    return found


def seed(ctx) -> None:
    from workbridge.organizations.demo import person_name

    from .models import EnterpriseLecturer, LecturerTeaching, PracticeRecord, Qualification, TeacherProfile

    rng, today = ctx.rng, ctx.today
    approved = ctx.shared["approved_enterprises"]
    partners = _partners_by_school(ctx)
    demo_teacher = ctx.shared.get("demo_teacher")
    demo_enterprise = ctx.shared["demo_enterprise"]
    courses_by_school = ctx.shared.get("courses_by_school", {})
    profiles, records, quals, through = [], [], [], []
    for school in ctx.shared["schools"]:
        pool = partners.get(school.pk) or approved[:10]
        courses = courses_by_school.get(school.pk, [])
        for teacher in ctx.shared["teachers_by_school"][school.pk]:
            years = rng.choice([1, 2, 3, 4, 6, 8, 10, 12, 15, 20, 25])
            employed = today - dt.timedelta(days=int(365.25 * years) + rng.randint(0, 200))
            subject = rng.random() < 0.85
            if demo_teacher is not None and teacher.pk == demo_teacher.pk:
                employed, subject = today - dt.timedelta(days=int(365.25 * 12)), True
            profiles.append(
                TeacherProfile(teacher=teacher, school=school, employment_start=employed, subject_to_practice=subject)
            )
            if courses:
                through.append((teacher.pk, rng.sample(courses, min(len(courses), rng.randint(1, 3)))))
            if demo_teacher is not None and teacher.pk == demo_teacher.pk:
                continue
            # Practice periods back from today, never overlapping, 0-4 of them.
            cursor = today - dt.timedelta(days=rng.randint(20, 400))
            for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4])):
                length = rng.choice([21, 30, 45, 60, 90, 120, 180])
                start = cursor - dt.timedelta(days=length)
                if start < employed:
                    break
                days = max(1, int(length * rng.uniform(0.6, 1.0)))
                status = "confirmed" if rng.random() < 0.9 else rng.choice(["submitted", "rejected"])
                records.append(
                    PracticeRecord(
                        teacher=teacher,
                        school=school,
                        enterprise=rng.choice(pool),
                        start_date=start,
                        end_date=start + dt.timedelta(days=length - 1),
                        days=days,
                        tasks=rng.choice(TASKS),
                        status=status,
                        confirmed_at=None,
                        enterprise_comment="" if status != "rejected" else "日期与考勤记录不符，请核对后重新提交",
                    )
                )
                cursor = start - dt.timedelta(days=rng.randint(60, 500))
            for kind, name, issuer in rng.sample(QUALS, rng.choice([0, 1, 1, 2])):
                issued = today - dt.timedelta(days=rng.randint(100, 3000))
                quals.append(
                    Qualification(
                        teacher=teacher,
                        school=school,
                        kind=kind,
                        name=name,
                        issuer=issuer,
                        issued_on=issued,
                        level=rng.choices(["junior", "intermediate", "senior"], weights=[3, 4, 2])[0],
                        certificate_number=f"{rng.randint(10**9, 10**10 - 1)}",
                        verified=rng.random() < 0.85,
                    )
                )
    if demo_teacher is not None:
        school = demo_teacher.school
        pool = partners.get(school.pk) or approved[:5]
        other = next((e for e in pool if e.pk != demo_enterprise.pk), demo_enterprise)
        for start, length, days, enterprise, status in (
            (today - dt.timedelta(days=900), 60, 55, other, "confirmed"),
            (today - dt.timedelta(days=420), 70, 65, demo_enterprise, "confirmed"),
            (today - dt.timedelta(days=40), 30, 22, demo_enterprise, "submitted"),
        ):
            records.append(
                PracticeRecord(
                    teacher=demo_teacher,
                    school=school,
                    enterprise=enterprise,
                    start_date=start,
                    end_date=start + dt.timedelta(days=length - 1),
                    days=days,
                    tasks=TASKS[0],
                    status=status,
                )
            )
        quals.append(
            Qualification(
                teacher=demo_teacher,
                school=school,
                kind="skill_level",
                name="电工",
                issuer="人力资源和社会保障部门",
                issued_on=today - dt.timedelta(days=2000),
                level="intermediate",
                verified=True,
                certificate_number="3301202012345",
            )
        )
    ctx.bulk(TeacherProfile, profiles)
    for record in records:
        if record.status != "submitted":
            record.confirmed_at = dt.datetime.combine(
                record.end_date + dt.timedelta(days=7), dt.time(10), tzinfo=dt.UTC
            )
    ctx.bulk(PracticeRecord, records)
    ctx.bulk(Qualification, quals)
    link = TeacherProfile.teaching_courses.through
    profile_ids = dict(TeacherProfile.objects.values_list("teacher_id", "pk"))
    ctx.bulk(link, [link(teacherprofile_id=profile_ids[t], course_id=c.pk) for t, cs in through for c in cs])

    # Enterprise staff teaching at schools, with hours per course and term.
    lecturers, teaching = [], []
    year = today.year if today.month >= 9 else today.year - 1
    terms = [(f"{year - 1}-{year}-1", dt.date(year - 1, 12, 20)), (f"{year - 1}-{year}-2", dt.date(year, 6, 20))]
    for school in ctx.shared["schools"]:
        pool = partners.get(school.pk) or approved[:5]
        courses = courses_by_school.get(school.pk, [])
        for _ in range(min(len(pool), rng.randint(3, 8))):
            lecturers.append(
                EnterpriseLecturer(
                    enterprise=rng.choice(pool),
                    school=school,
                    name=person_name(rng),
                    position=rng.choice(LECTURER_POSTS),
                    engaged_from=today - dt.timedelta(days=rng.randint(200, 1500)),
                )
            )
    lecturers = ctx.bulk(EnterpriseLecturer, lecturers)
    for lecturer in lecturers:
        courses = courses_by_school.get(lecturer.school_id, [])
        for term, taught in terms:
            if courses and taught <= today and rng.random() < 0.8:
                teaching.append(
                    LecturerTeaching(
                        lecturer=lecturer,
                        school_id=lecturer.school_id,
                        enterprise_id=lecturer.enterprise_id,
                        course=rng.choice(courses),
                        term=term,
                        hours=rng.choice([8, 16, 24, 32, 48]),
                        taught_on=taught,
                    )
                )
    seen, unique = set(), []
    for row in teaching:
        key = (row.lecturer_id, row.course_id, row.term)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    ctx.bulk(LecturerTeaching, unique)
    ctx.log(
        f"  faculty: {len(profiles)} profiles, {len(records)} practice records, {len(quals)} qualifications, "
        f"{len(lecturers)} enterprise lecturers"
    )
