"""Spreadsheet importers for students, teachers and courses (see core.importing for the framework).

Each importer works for the acting school admin's school; re-importing the same file updates rows found by
their natural key (student number, staff number, major code + course code) instead of duplicating them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.core import crypto
from workbridge.core.access import Actor
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.importing import (
    Column,
    Importer,
    RowProblem,
    RowProblems,
    choice,
    collect,
    date,
    decimal,
    identifier_text,
    integer,
    text,
)
from workbridge.core.masking import mask_id_number
from workbridge.core.roles import Role
from workbridge.organizations.models import Organization

from . import accounts, services
from .engines.identity import birth_date_from_id, gender_from_id, id_number_error
from .models import Cohort, Course, CourseType, Department, EnrolmentStatus, Gender, Major, Student, Teacher


class SchoolImporter(Importer):
    roles = (Role.SCHOOL_ADMIN,)

    def check_permission(self, actor: Actor) -> None:
        if actor.role != Role.SCHOOL_ADMIN:
            raise PermissionDenied(
                _("Act as a school admin (use the role switcher) to import %(what)s.") % {"what": self.label}
            )

    def school(self, actor: Actor) -> Organization:
        return Organization.objects.get(pk=actor.organization_id)


def _major(raw: dict, ctx: dict) -> Major:
    code = text(raw, "major_code").upper()
    major = ctx["majors"].get(code)
    if major is None:
        raise RowProblem("major_code", _("unknown major code %(code)s: add the major first") % {"code": code[:20]})
    return major


def _phone(raw: dict) -> str:
    try:
        return services.check_phone(identifier_text(raw, "phone", required=False))
    except ValidationFailed:
        raise RowProblem("phone", _("not a valid phone number (11 digits starting with 1, or area code and number)"))


class StudentImporter(SchoolImporter):
    kind = "students"
    list_url_name = "academics:student-list"
    label = gettext_lazy("Students")
    natural_key = ("student_number",)
    unique_in_file = ("id_hash",)
    column_aliases = {"id_hash": "id_number"}
    columns = (
        Column(
            "student_number",
            "Student number",
            "学号",
            help_en="Unique in the school.",
            help_zh="在本校唯一。",
            example="2024010101",
        ),
        Column("name", "Name", "姓名", example="张三"),
        Column(
            "id_number",
            "ID number",
            "身份证号",
            help_en="18-character resident ID; format the column as text.",
            help_zh="18 位居民身份证号；请把该列设为文本格式。",
            example="330102200503140011",
        ),
        Column(
            "major_code",
            "Major code",
            "专业代码",
            help_en="National code of a major of your school.",
            help_zh="本校已有专业的国家专业代码。",
            example="460301",
        ),
        Column(
            "cohort",
            "Class",
            "班级",
            required=False,
            help_en="Created if it does not exist yet.",
            help_zh="不存在时自动创建。",
            example="2024级机电1班",
        ),
        Column("intake_year", "Intake year", "入学年份", required=False, example="2024"),
        Column(
            "gender",
            "Gender",
            "性别",
            required=False,
            help_en="Taken from the ID number when blank.",
            help_zh="留空则按身份证号判断。",
            example="男",
        ),
        Column(
            "birth_date",
            "Birth date",
            "出生日期",
            required=False,
            help_en="Taken from the ID number when blank.",
            help_zh="留空则按身份证号计算。",
            example="2005-03-14",
        ),
        Column("phone", "Phone", "手机号", required=False, example="13800001111"),
        Column("enrolment_status", "Enrolment status", "学籍状态", required=False, example="在读"),
        Column("grade_year", "Year of study", "年级", required=False, example="1"),
    )

    def prepare(self, actor: Actor) -> dict:
        school = self.school(actor)
        students = {
            s.student_number: s
            for s in Student.objects.filter(school=school).select_related("school", "major", "cohort")
        }
        return {
            "school": school,
            "majors": {m.code.upper(): m for m in Major.objects.filter(school=school).select_related("school")},
            "cohorts": {(c.major_id, c.name): c for c in Cohort.objects.filter(major__school=school)},
            "students": students,
            "hashes": {s.id_number_hash: s.student_number for s in students.values() if s.id_number_hash},
        }

    def clean_row(self, raw: dict, ctx: dict, actor: Actor) -> dict:
        def id_number():
            value = services.normalise_id_number(identifier_text(raw, "id_number"))
            problem = id_number_error(value)
            if problem:
                raise RowProblem("id_number", _("invalid ID number: %(p)s") % {"p": problem})
            return value

        values = collect(
            [
                ("student_number", lambda: text(raw, "student_number", max_length=30)),
                ("name", lambda: text(raw, "name", max_length=60)),
                ("id_number", id_number),
                ("major", lambda: _major(raw, ctx)),
                ("cohort", lambda: text(raw, "cohort", required=False, max_length=100)),
                ("intake_year", lambda: integer(raw, "intake_year", required=False, minimum=1990, maximum=2100)),
                ("gender", lambda: choice(raw, "gender", Gender.choices + [("M", "男"), ("F", "女")], required=False)),
                ("birth_date", lambda: date(raw, "birth_date", required=False)),
                ("phone", lambda: _phone(raw)),
                (
                    "enrolment_status",
                    lambda: choice(
                        raw,
                        "enrolment_status",
                        EnrolmentStatus.choices + [("enrolled", "在读"), ("enrolled", "在籍")],
                        default="enrolled",
                    ),
                ),
                ("grade_year", lambda: integer(raw, "grade_year", required=False, minimum=1, maximum=6) or 1),
            ]
        )
        problems = []
        number = values["id_number"]
        born = birth_date_from_id(number)
        if values["birth_date"] and values["birth_date"] != born:
            problems.append(RowProblem("birth_date", _("does not match the ID number")))
        if values["gender"] and values["gender"] != gender_from_id(number):
            problems.append(RowProblem("gender", _("does not match the ID number")))
        values["birth_date"] = born
        values["gender"] = gender_from_id(number)
        if (
            values["cohort"]
            and (values["major"].pk, values["cohort"]) not in ctx["cohorts"]
            and not values["intake_year"]
        ):
            problems.append(
                RowProblem("intake_year", _("needed to create the new class %(c)s") % {"c": values["cohort"]})
            )
        values["id_hash"] = crypto.keyed_hash(number)
        owner = ctx["hashes"].get(values["id_hash"])
        if owner and owner != values["student_number"]:
            problems.append(
                RowProblem("id_number", _("already belongs to student %(n)s of this school") % {"n": owner})
            )
        if problems:
            raise RowProblems(problems)
        return values

    def find_existing(self, cleaned: dict, ctx: dict):
        return ctx["students"].get(cleaned["student_number"])

    def _cohort(self, cleaned: dict, ctx: dict, actor: Actor):
        if not cleaned["cohort"]:
            return None
        key = (cleaned["major"].pk, cleaned["cohort"])
        cohort = ctx["cohorts"].get(key)
        if cohort is None:
            cohort = services.cohort_create(
                actor=actor, major=cleaned["major"], intake_year=cleaned["intake_year"], name=cleaned["cohort"]
            )
            ctx["cohorts"][key] = cohort
        return cohort

    def save_row(self, cleaned: dict, existing, ctx: dict, actor: Actor) -> None:
        fields = {
            "name": cleaned["name"],
            "id_number": cleaned["id_number"],
            "gender": cleaned["gender"],
            "birth_date": cleaned["birth_date"],
            "phone": cleaned["phone"],
            "major": cleaned["major"],
            "cohort": self._cohort(cleaned, ctx, actor),
            "enrolment_status": cleaned["enrolment_status"],
            "grade_year": cleaned["grade_year"],
        }
        if existing is None:
            student = services.student_create(
                actor=actor, school=ctx["school"], student_number=cleaned["student_number"], **fields
            )
            ctx["students"][student.student_number] = student
        else:
            services.student_update(actor=actor, student=existing, **fields)

    def save_rows(self, rows: list[dict], ctx: dict, actor: Actor) -> None:
        """All rows at once through ``students_bulk_save`` (classes are created first, one by one)."""
        creates, updates = [], []
        for cleaned in rows:
            fields = {
                "name": cleaned["name"],
                "id_number": cleaned["id_number"],
                "gender": cleaned["gender"],
                "birth_date": cleaned["birth_date"],
                "phone": cleaned["phone"],
                "major": cleaned["major"],
                "cohort": self._cohort(cleaned, ctx, actor),
                "enrolment_status": cleaned["enrolment_status"],
                "grade_year": cleaned["grade_year"],
            }
            if cleaned["_existing"] is None:
                creates.append({"student_number": cleaned["student_number"], **fields})
            else:
                updates.append((cleaned["_existing"], fields))
        services.students_bulk_save(actor=actor, school=ctx["school"], creates=creates, updates=updates)

    def after_rows(self, rows: list[dict], ctx: dict, actor: Actor) -> None:
        """Everyone imported can log in: new log-ins (never a reset of an existing one) and an account sheet."""
        numbers = [cleaned["student_number"] for cleaned in rows]
        accounts.accounts_for_imported(
            actor=actor,
            school=ctx["school"],
            students=Student.objects.filter(school=ctx["school"], student_number__in=numbers, user__isnull=True),
        )

    def display_headers(self) -> list[str]:
        return [_("Student number"), _("Name"), _("ID number"), _("Major"), _("Class"), _("Gender")]

    def display_row(self, cleaned: dict) -> list[str]:
        return [
            cleaned["student_number"],
            cleaned["name"],
            mask_id_number(cleaned["id_number"]),
            str(cleaned["major"]),
            cleaned["cohort"],
            Gender(cleaned["gender"]).label,
        ]


class TeacherImporter(SchoolImporter):
    kind = "teachers"
    list_url_name = "academics:teacher-list"
    label = gettext_lazy("Teachers")
    natural_key = ("employee_number",)
    columns = (
        Column("employee_number", "Staff number", "工号", example="T2019001"),
        Column("name", "Name", "姓名", example="王芳"),
        Column("gender", "Gender", "性别", required=False, example="女"),
        Column(
            "department",
            "Department",
            "院系",
            required=False,
            help_en="Created if it does not exist yet.",
            help_zh="不存在时自动创建。",
            example="智能制造学院",
        ),
        Column("title", "Professional title", "职称", required=False, example="副教授"),
        Column(
            "qualifications", "Professional qualifications", "职业资格", required=False, example="电工技师；双师型教师"
        ),
        Column("expertise", "Expertise", "专长", required=False, example="PLC 控制、工业机器人"),
        Column("phone", "Phone", "手机号", required=False, example="13900002222"),
    )

    def prepare(self, actor: Actor) -> dict:
        school = self.school(actor)
        return {
            "school": school,
            "departments": {d.name: d for d in Department.objects.filter(school=school)},
            "teachers": {t.employee_number: t for t in Teacher.objects.filter(school=school).select_related("school")},
        }

    def clean_row(self, raw: dict, ctx: dict, actor: Actor) -> dict:
        return collect(
            [
                ("employee_number", lambda: text(raw, "employee_number", max_length=30)),
                ("name", lambda: text(raw, "name", max_length=60)),
                ("gender", lambda: choice(raw, "gender", Gender.choices + [("M", "男"), ("F", "女")], required=False)),
                ("department", lambda: text(raw, "department", required=False, max_length=100)),
                ("title", lambda: text(raw, "title", required=False, max_length=60)),
                ("qualifications", lambda: text(raw, "qualifications", required=False)),
                ("expertise", lambda: text(raw, "expertise", required=False)),
                ("phone", lambda: _phone(raw)),
            ]
        )

    def find_existing(self, cleaned: dict, ctx: dict):
        return ctx["teachers"].get(cleaned["employee_number"])

    def save_row(self, cleaned: dict, existing, ctx: dict, actor: Actor) -> None:
        department = None
        if cleaned["department"]:
            department = ctx["departments"].get(cleaned["department"])
            if department is None:
                department = services.department_create(actor=actor, school=ctx["school"], name=cleaned["department"])
                ctx["departments"][department.name] = department
        fields = {k: cleaned[k] for k in ("name", "gender", "title", "qualifications", "expertise", "phone")}
        fields["department"] = department
        if existing is None:
            teacher = services.teacher_create(
                actor=actor, school=ctx["school"], employee_number=cleaned["employee_number"], **fields
            )
            ctx["teachers"][teacher.employee_number] = teacher
        else:
            services.teacher_update(actor=actor, teacher=existing, **fields)

    def after_rows(self, rows: list[dict], ctx: dict, actor: Actor) -> None:
        """Log-ins for the imported teachers who have none (and an account sheet)."""
        numbers = [cleaned["employee_number"] for cleaned in rows]
        accounts.accounts_for_imported(
            actor=actor,
            school=ctx["school"],
            teachers=Teacher.objects.filter(school=ctx["school"], employee_number__in=numbers, user__isnull=True),
        )

    def display_headers(self) -> list[str]:
        return [_("Staff number"), _("Name"), _("Department"), _("Professional title")]

    def display_row(self, cleaned: dict) -> list[str]:
        return [cleaned["employee_number"], cleaned["name"], cleaned["department"], cleaned["title"]]


class CourseImporter(SchoolImporter):
    kind = "courses"
    list_url_name = "academics:course-list"
    label = gettext_lazy("Courses")
    natural_key = ("major_code", "code")
    columns = (
        Column("major_code", "Major code", "专业代码", example="460301"),
        Column("code", "Course code", "课程代码", example="JD0301"),
        Column("name", "Course name", "课程名称", example="PLC 编程与应用"),
        Column("name_en", "English name", "英文名称", required=False, example="PLC Programming"),
        Column("credits", "Credits", "学分", example="3"),
        Column("hours", "Hours", "学时", example="48"),
        Column(
            "course_type",
            "Type",
            "课程类型",
            required=False,
            help_en="Theory, Practice or Theory and practice.",
            help_zh="理论、实践或理实一体。",
            example="理实一体",
        ),
        Column("semester", "Semester", "开课学期", example="3"),
        Column(
            "learning_outcomes",
            "Learning outcomes",
            "学习成果",
            required=False,
            example="能够完成典型 PLC 控制系统的编程与调试。",
        ),
    )

    def prepare(self, actor: Actor) -> dict:
        school = self.school(actor)
        return {
            "school": school,
            "majors": {m.code.upper(): m for m in Major.objects.filter(school=school).select_related("school")},
            "courses": {
                (c.major.code.upper(), c.code): c
                for c in Course.objects.filter(school=school).select_related("major", "school")
            },
        }

    def clean_row(self, raw: dict, ctx: dict, actor: Actor) -> dict:
        values = collect(
            [
                ("major", lambda: _major(raw, ctx)),
                ("code", lambda: text(raw, "code", max_length=30)),
                ("name", lambda: text(raw, "name", max_length=120)),
                ("name_en", lambda: text(raw, "name_en", required=False, max_length=150)),
                ("credits", lambda: decimal(raw, "credits", minimum=0, maximum=40)),
                ("hours", lambda: integer(raw, "hours", minimum=1, maximum=2000)),
                (
                    "course_type",
                    lambda: choice(
                        raw,
                        "course_type",
                        CourseType.choices + [("mixed", "理实一体"), ("theory", "理论"), ("practice", "实践")],
                        default="mixed",
                    ),
                ),
                ("semester", lambda: integer(raw, "semester", minimum=1, maximum=12)),
                ("learning_outcomes", lambda: text(raw, "learning_outcomes", required=False)),
            ]
        )
        values["major_code"] = values["major"].code.upper()
        return values

    def find_existing(self, cleaned: dict, ctx: dict):
        return ctx["courses"].get((cleaned["major_code"], cleaned["code"]))

    def save_row(self, cleaned: dict, existing, ctx: dict, actor: Actor) -> None:
        fields = {
            k: cleaned[k]
            for k in ("name", "name_en", "credits", "hours", "course_type", "semester", "learning_outcomes")
        }
        if existing is None:
            course = services.course_create(actor=actor, major=cleaned["major"], code=cleaned["code"], **fields)
            ctx["courses"][(cleaned["major_code"], course.code)] = course
        else:
            services.course_update(actor=actor, course=existing, **fields)

    def display_headers(self) -> list[str]:
        return [_("Major"), _("Course code"), _("Course name"), _("Credits"), _("Hours"), _("Semester")]

    def display_row(self, cleaned: dict) -> list[str]:
        return [
            str(cleaned["major"]),
            cleaned["code"],
            cleaned["name"],
            str(cleaned["credits"]),
            str(cleaned["hours"]),
            str(cleaned["semester"]),
        ]
