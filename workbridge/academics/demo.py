"""Demo region, part 2: departments, majors (real 2021 catalogue codes, data/demo_majors.json), courses with
learning outcomes naming real skills, classes, teachers and students (valid, encrypted ID numbers), and the
teacher and student demo log-ins. Everything is bulk-created so the large scale (200,000 students) stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path

from workbridge.core import crypto
from workbridge.core.roles import Role

from .engines.identity import make_id_number

ORDER = 20
DATA = Path(__file__).resolve().parent / "data" / "demo_majors.json"

# Birth-place division codes (GB/T 2260) for ID numbers: mostly the demo city, some from elsewhere.
HOME_CODES = ["330402", "330411", "330421", "330424", "330481", "330482", "330483"] * 3 + [
    "330102",
    "330381",
    "331081",
    "340104",
    "360102",
    "411302",
    "510104",
    "522601",
    "500101",
]
TITLES_HIGHER = [("助教", 2), ("讲师", 5), ("副教授", 3), ("教授", 1)]
TITLES_SECONDARY = [("三级教师", 1), ("二级教师", 4), ("一级教师", 4), ("高级教师", 2)]
QUALIFICATIONS = [
    "电工高级技师",
    "数控车工技师",
    "1+X 工业机器人操作与运维（中级）考评员",
    "华为 HCIP 认证",
    "软件设计师",
    "注册会计师",
    "中级会计师",
    "护师",
    "导游资格证",
    "电子商务师",
    "全国计算机技术与软件专业技术资格（中级）",
    "维修电工技师",
    "高级物流师",
    "企业实践 6 个月（双师型）",
]
SCHOOL_LEVEL = {"higher": "higher", "undergraduate": "higher", "secondary": "secondary", "applied": "undergraduate"}


def load_majors() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["majors"]


def _current_intake(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def _pick_majors(rng, catalogue: list[dict], level: str, count: int, must: tuple[str, ...] = ()) -> list[dict]:
    pool = [m for m in catalogue if m["level"] == level]
    chosen = [m for m in pool if m["code"] in must]
    rest = [m for m in pool if m["code"] not in must]
    rng.shuffle(rest)
    chosen += rest[: max(0, count - len(chosen))]
    return sorted(chosen, key=lambda m: m["code"])


def seed(ctx) -> None:
    from workbridge.organizations.demo import person_name

    from .models import Cohort, Course, Department, Major, Student, Teacher

    rng = ctx.rng
    sizes = ctx.sizes
    catalogue = load_majors()
    schools = ctx.shared["schools"]
    demo_school = ctx.shared["demo_school"]
    intake_now = _current_intake(ctx.today)
    majors_per_school = {"small": 5, "medium": 7, "large": 9}[ctx.scale]

    # Students per school: the total split with some variation (deterministic).
    weights = [rng.uniform(0.7, 1.3) for _ in schools]
    per_school = [int(sizes["students"] * w / sum(weights)) for w in weights]
    per_school[0] += sizes["students"] - sum(per_school)

    plans = {}
    departments = []
    for school in schools:
        level = SCHOOL_LEVEL[school.school_type]
        must = ("460301", "510201") if school.pk == demo_school.pk else ()
        chosen = _pick_majors(rng, catalogue, level, majors_per_school, must)
        plans[school.pk] = chosen
        for name in sorted({m["department"] for m in chosen}):
            departments.append(Department(school=school, name=name, code=f"D{len(departments) + 1:03d}"))
    departments = ctx.bulk(Department, departments)
    dept_by = {(d.school_id, d.name): d for d in departments}

    majors = ctx.bulk(
        Major,
        [
            Major(
                school_id=school_id,
                department=dept_by[(school_id, m["department"])],
                code=m["code"],
                name=m["name"],
                name_en=m["name_en"],
                duration_years=m["years"],
            )
            for school_id, chosen in plans.items()
            for m in chosen
        ],
    )
    data_by_code = {m["code"]: m for m in catalogue}
    majors_by_school: dict[int, list] = {}
    for major in majors:
        majors_by_school.setdefault(major.school_id, []).append(major)

    courses = []
    for major in majors:
        for i, (name, kind, hours, credits, semester, outcomes) in enumerate(data_by_code[major.code]["courses"], 1):
            courses.append(
                Course(
                    school_id=major.school_id,
                    major=major,
                    code=f"{major.code[:6]}{semester}{i:02d}",
                    name=name,
                    credits=Decimal(credits),
                    hours=hours,
                    course_type=kind,
                    semester=semester,
                    learning_outcomes=outcomes,
                )
            )
    courses = ctx.bulk(Course, courses)

    # Teachers, spread over each school's departments.
    teachers = []
    for school_index, school in enumerate(schools, start=1):
        school_depts = [d for d in departments if d.school_id == school.pk]
        titles = TITLES_SECONDARY if school.school_type == "secondary" else TITLES_HIGHER
        for n in range(sizes["teachers_per_school"]):
            phone = f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"
            dept = school_depts[n % len(school_depts)]
            teachers.append(
                Teacher(
                    school=school,
                    employee_number=f"T{school_index:02d}{n + 1:04d}",
                    name=person_name(rng),
                    gender=rng.choice("MF"),
                    department=dept,
                    title=rng.choices([t for t, _ in titles], weights=[w for _, w in titles])[0],
                    qualifications="；".join(rng.sample(QUALIFICATIONS, rng.randint(0, 2))),
                    expertise=dept.name,
                    phone_encrypted=crypto.encrypt(phone),
                    phone_tail=phone[-4:],
                )
            )
    teachers = ctx.bulk(Teacher, teachers)
    teachers_by_school: dict[int, list] = {}
    for t in teachers:
        teachers_by_school.setdefault(t.school_id, []).append(t)

    # Classes and students.
    cohorts_by_school: dict[int, list] = {}
    students_by_school: dict[int, list[int]] = {}
    for school_index, (school, total) in enumerate(zip(schools, per_school, strict=True), start=1):
        school_majors = majors_by_school[school.pk]
        school_teachers = teachers_by_school[school.pk]
        base_age = 15 if school.school_type == "secondary" else 18
        groups = []  # (major, intake_year, grade, count)
        years_total = sum(m.duration_years for m in school_majors)
        for major in school_majors:
            share = total * major.duration_years / years_total
            for grade in range(1, major.duration_years + 1):
                groups.append((major, intake_now - grade + 1, grade, max(1, round(share / major.duration_years))))
        cohorts, cohort_plan = [], []
        for major, intake, grade, count in groups:
            classes = max(1, math.ceil(count / 45))
            for c in range(classes):
                cohorts.append(
                    Cohort(
                        major=major,
                        intake_year=intake,
                        name=f"{intake}级{major.name}{c + 1}班",
                        head_teacher=school_teachers[(len(cohorts) * 7) % len(school_teachers)],
                    )
                )
                cohort_plan.append((major, intake, grade, count // classes + (1 if c < count % classes else 0)))
        cohorts = ctx.bulk(Cohort, cohorts)
        cohorts_by_school[school.pk] = cohorts

        students, seen_ids, serial = [], set(), 0
        for cohort, (major, intake, grade, count) in zip(cohorts, cohort_plan, strict=True):
            for _ in range(count):
                serial += 1
                gender = rng.choice("MF")
                while True:
                    birth = dt.date(
                        intake - base_age - (1 if rng.random() < 0.3 else 0), rng.randint(1, 12), rng.randint(1, 28)
                    )
                    seq = rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
                    id_number = make_id_number(rng.choice(HOME_CODES), birth, seq)
                    if id_number not in seen_ids:
                        seen_ids.add(id_number)
                        break
                phone = f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"
                students.append(
                    Student(
                        school=school,
                        student_number=f"{intake}{school_index:02d}{serial:05d}",
                        name=person_name(rng),
                        gender=gender,
                        birth_date=birth,
                        id_number_encrypted=crypto.encrypt(id_number),
                        id_number_hash=crypto.keyed_hash(id_number),
                        id_number_tail=id_number[-4:],
                        phone_encrypted=crypto.encrypt(phone),
                        phone_tail=phone[-4:],
                        major=major,
                        cohort=cohort,
                        grade_year=grade,
                        enrolment_status="enrolled" if rng.random() > 0.01 else "suspended",
                    )
                )
        saved = ctx.bulk(Student, students)
        students_by_school[school.pk] = [s.pk for s in saved]
        if school.pk == demo_school.pk:
            demo_student = saved[0]

    departments_by_school: dict[int, list] = {}
    for d in departments:
        departments_by_school.setdefault(d.school_id, []).append(d)
    courses_by_school: dict[int, list] = {}
    for c in courses:
        courses_by_school.setdefault(c.school_id, []).append(c)
    ctx.shared.update(
        {
            "departments_by_school": departments_by_school,
            "majors_by_school": majors_by_school,
            "cohorts_by_school": cohorts_by_school,
            "courses_by_school": courses_by_school,
            "teachers_by_school": teachers_by_school,
            "students_by_school": students_by_school,
        }
    )

    # Demo log-ins: the demo school's first teacher (head of a mechatronics class) and first student.
    demo_teacher = teachers_by_school[demo_school.pk][0]
    teacher_user = ctx.make_login(
        username="demo_teacher",
        display_name=demo_teacher.name,
        organization=demo_school,
        role=Role.TEACHER,
        title=demo_teacher.title,
    )
    Teacher.objects.filter(pk=demo_teacher.pk).update(user=teacher_user)
    demo_teacher.user = teacher_user
    student_user = ctx.make_login(
        username="demo_student", display_name=demo_student.name, organization=demo_school, role=Role.STUDENT
    )
    Student.objects.filter(pk=demo_student.pk).update(user=student_user)
    demo_student.user = student_user
    ctx.shared["demo_teacher"] = demo_teacher
    ctx.shared["demo_student"] = demo_student
    ctx.log(
        f"    {len(majors)} majors, {len(courses)} courses, {len(teachers)} teachers, "
        f"{sum(len(v) for v in students_by_school.values())} students"
    )
