"""Writes for the academic structure: departments, majors, cohorts, students, teachers and courses.

Only the school's admin (or a platform admin) changes these records. Every write validates with
``full_clean()``, runs in a transaction and is audited without personal data.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core import crypto, figures_cache
from workbridge.core.access import Actor, as_actor, require_org
from workbridge.core.exceptions import Conflict, PermissionDenied, ValidationFailed, from_django_validation_error
from workbridge.core.roles import OrgKind, Role
from workbridge.core.services import audit_record, validated_save

from .engines.identity import birth_date_from_id, gender_from_id, id_number_error
from .models import Cohort, Course, Department, Major, Student, Teacher

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _require_school_admin(actor: Actor, school) -> Actor:
    actor = as_actor(actor)
    if school is None or getattr(school, "kind", OrgKind.SCHOOL) != OrgKind.SCHOOL:
        raise ValidationFailed(_("Choose a school."), errors={"school": [_("required")]})
    return require_org(actor, school.pk, [Role.SCHOOL_ADMIN])


def _apply(instance, fields: dict, allowed: tuple[str, ...]) -> list[str]:
    changed = []
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationFailed(
                _("The field %(f)s cannot be changed here.") % {"f": key}, errors={key: [_("not editable")]}
            )
        if getattr(instance, key) != value:
            setattr(instance, key, value)
            changed.append(key)
    return changed


def _audit(actor: Actor, action: str, instance, school_id, changed=None) -> None:
    audit_record(
        actor=actor.user,
        action=action,
        target=instance,
        organization_id=school_id,
        data={"fields": sorted(changed)} if changed else None,
    )


def _same_school(obj, school, field: str) -> None:
    if obj is not None and obj.school_id != school.pk:
        raise ValidationFailed(
            _("The %(f)s belongs to another school.") % {"f": field}, errors={field: [_("another school")]}
        )


# ---------------------------------------------------------------------------------------------------- departments

DEPARTMENT_FIELDS = ("code", "name")


@transaction.atomic
def department_create(*, actor: Actor, school, name: str, code: str = "") -> Department:
    actor = _require_school_admin(actor, school)
    department = Department(school=school, name=name.strip(), code=code.strip())
    validated_save(department)
    _audit(actor, "department.create", department, school.pk)
    return department


@transaction.atomic
def department_update(*, actor: Actor, department: Department, **fields) -> Department:
    actor = _require_school_admin(actor, department.school)
    changed = _apply(department, fields, DEPARTMENT_FIELDS)
    if changed:
        validated_save(department)
        _audit(actor, "department.update", department, department.school_id, changed)
    return department


# --------------------------------------------------------------------------------------------------------- majors

MAJOR_FIELDS = ("code", "name", "name_en", "department", "duration_years", "is_active")


@transaction.atomic
def major_create(
    *,
    actor: Actor,
    school,
    code: str,
    name: str,
    department=None,
    name_en: str = "",
    duration_years: int = 3,
    is_active: bool = True,
) -> Major:
    actor = _require_school_admin(actor, school)
    _same_school(department, school, "department")
    major = Major(
        school=school,
        code=(code or "").strip().upper(),
        name=name.strip(),
        department=department,
        name_en=name_en,
        duration_years=duration_years,
        is_active=is_active,
    )
    validated_save(major)
    _audit(actor, "major.create", major, school.pk)
    return major


@transaction.atomic
def major_update(*, actor: Actor, major: Major, **fields) -> Major:
    actor = _require_school_admin(actor, major.school)
    if "department" in fields:
        _same_school(fields["department"], major.school, "department")
    if "code" in fields:
        fields["code"] = (fields["code"] or "").strip().upper()
    changed = _apply(major, fields, MAJOR_FIELDS)
    if changed:
        validated_save(major)
        _audit(actor, "major.update", major, major.school_id, changed)
    return major


# -------------------------------------------------------------------------------------------------------- cohorts

COHORT_FIELDS = ("name", "intake_year", "head_teacher", "major")


@transaction.atomic
def cohort_create(*, actor: Actor, major: Major, intake_year: int, name: str, head_teacher=None) -> Cohort:
    actor = _require_school_admin(actor, major.school)
    _same_school(head_teacher, major.school, "head_teacher")
    cohort = Cohort(major=major, intake_year=intake_year, name=name.strip(), head_teacher=head_teacher)
    validated_save(cohort)
    _audit(actor, "cohort.create", cohort, major.school_id)
    return cohort


@transaction.atomic
def cohort_update(*, actor: Actor, cohort: Cohort, **fields) -> Cohort:
    school = cohort.major.school
    actor = _require_school_admin(actor, school)
    if "head_teacher" in fields:
        _same_school(fields["head_teacher"], school, "head_teacher")
    if "major" in fields:
        _same_school(fields["major"], school, "major")
    changed = _apply(cohort, fields, COHORT_FIELDS)
    if changed:
        validated_save(cohort)
        _audit(actor, "cohort.update", cohort, school.pk, changed)
    return cohort


# ------------------------------------------------------------------------------------------------------- students

STUDENT_FIELDS = (
    "student_number",
    "name",
    "gender",
    "birth_date",
    "major",
    "cohort",
    "enrolment_status",
    "grade_year",
    "id_number",
    "phone",
)


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def check_id_number(value: str) -> str:
    """Return the normalised ID number or raise ValidationFailed saying what is wrong (never echoing it)."""
    value = normalise_id_number(value)
    problem = id_number_error(value)
    if problem:
        raise ValidationFailed(_("Invalid ID number: %(p)s.") % {"p": problem}, errors={"id_number": [problem]})
    return value


def check_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not PHONE_RE.match(value):
        raise ValidationFailed(
            _("A phone number is 11 digits starting with 1, or an area code and number."),
            errors={"phone": [_("invalid phone number")]},
        )
    return value


def _set_id_number(student: Student, id_number: str) -> None:
    student.id_number_encrypted = crypto.encrypt(id_number)
    student.id_number_hash = crypto.keyed_hash(id_number)
    student.id_number_tail = id_number[-4:]


def _set_phone(person, phone: str) -> None:
    person.phone_encrypted = crypto.encrypt(phone) if phone else ""
    person.phone_tail = phone[-4:] if phone else ""


def _check_student_identity(student: Student, id_number: str) -> None:
    """Birth date and gender must agree with the ID number; the ID number is unique within the school."""
    born = birth_date_from_id(id_number)
    if student.birth_date is None:
        student.birth_date = born
    elif student.birth_date != born:
        raise ValidationFailed(
            _("The birth date does not match the ID number."),
            errors={"birth_date": [_("does not match the ID number")]},
        )
    gender = gender_from_id(id_number)
    if not student.gender:
        student.gender = gender
    elif student.gender != gender:
        raise ValidationFailed(
            _("The gender does not match the ID number."), errors={"gender": [_("does not match the ID number")]}
        )
    clash = Student.objects.filter(school_id=student.school_id, id_number_hash=crypto.keyed_hash(id_number))
    if student.pk:
        clash = clash.exclude(pk=student.pk)
    other = clash.values_list("student_number", flat=True).first()
    if other:
        raise Conflict(
            _("This ID number already belongs to student %(number)s of this school.") % {"number": other},
            errors={"id_number": [_("already used")]},
        )


@transaction.atomic
def student_create(
    *,
    actor: Actor,
    school,
    student_number: str,
    name: str,
    major: Major,
    id_number: str = "",
    gender: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    cohort: Cohort | None = None,
    enrolment_status: str = "enrolled",
    grade_year: int = 1,
    user=None,
) -> Student:
    actor = _require_school_admin(actor, school)
    _same_school(major, school, "major")
    student = Student(
        school=school,
        student_number=(student_number or "").strip(),
        name=(name or "").strip(),
        major=major,
        cohort=cohort,
        gender=gender,
        birth_date=birth_date,
        enrolment_status=enrolment_status,
        grade_year=grade_year,
        user=user,
    )
    if id_number:
        id_number = check_id_number(id_number)
        _check_student_identity(student, id_number)
        _set_id_number(student, id_number)
    _set_phone(student, check_phone(phone))
    if Student.objects.filter(school=school, student_number=student.student_number).exists():
        raise Conflict(
            _("Student number %(n)s already exists in this school.") % {"n": student.student_number},
            errors={"student_number": [_("already used")]},
        )
    validated_save(student)
    _audit(actor, "student.create", student, school.pk)
    return student


@transaction.atomic
def student_update(*, actor: Actor, student: Student, **fields) -> Student:
    actor = _require_school_admin(actor, student.school)
    id_number = fields.pop("id_number", None)
    phone = fields.pop("phone", None)
    if "major" in fields:
        _same_school(fields["major"], student.school, "major")
    changed = _apply(student, fields, STUDENT_FIELDS)
    if id_number is not None and id_number != "":
        id_number = check_id_number(id_number)
        if crypto.keyed_hash(id_number) != student.id_number_hash:
            changed.append("id_number")
        _check_student_identity(student, id_number)
        _set_id_number(student, id_number)
    elif ("birth_date" in changed or "gender" in changed) and student.id_number_encrypted:
        _check_student_identity(student, student.id_number)
    if phone is not None:
        phone = check_phone(phone)
        if phone != student.phone:
            _set_phone(student, phone)
            changed.append("phone")
    if (
        "student_number" in changed
        and Student.objects.filter(school_id=student.school_id, student_number=student.student_number)
        .exclude(pk=student.pk)
        .exists()
    ):
        raise Conflict(
            _("Student number %(n)s already exists in this school.") % {"n": student.student_number},
            errors={"student_number": [_("already used")]},
        )
    if changed:
        validated_save(student)
        _audit(actor, "student.update", student, student.school_id, changed)
    return student


# ------------------------------------------------------------------------------------------------------- teachers

TEACHER_FIELDS = ("employee_number", "name", "gender", "department", "title", "qualifications", "expertise", "phone")


@transaction.atomic
def teacher_create(
    *,
    actor: Actor,
    school,
    employee_number: str,
    name: str,
    gender: str = "",
    department=None,
    title: str = "",
    qualifications: str = "",
    expertise: str = "",
    phone: str = "",
    user=None,
) -> Teacher:
    actor = _require_school_admin(actor, school)
    _same_school(department, school, "department")
    teacher = Teacher(
        school=school,
        employee_number=(employee_number or "").strip(),
        name=(name or "").strip(),
        gender=gender,
        department=department,
        title=title,
        qualifications=qualifications,
        expertise=expertise,
        user=user,
    )
    _set_phone(teacher, check_phone(phone))
    if Teacher.objects.filter(school=school, employee_number=teacher.employee_number).exists():
        raise Conflict(
            _("Staff number %(n)s already exists in this school.") % {"n": teacher.employee_number},
            errors={"employee_number": [_("already used")]},
        )
    validated_save(teacher)
    _audit(actor, "teacher.create", teacher, school.pk)
    return teacher


@transaction.atomic
def teacher_update(*, actor: Actor, teacher: Teacher, **fields) -> Teacher:
    actor = _require_school_admin(actor, teacher.school)
    phone = fields.pop("phone", None)
    if "department" in fields:
        _same_school(fields["department"], teacher.school, "department")
    changed = _apply(teacher, fields, TEACHER_FIELDS)
    if phone is not None:
        phone = check_phone(phone)
        if phone != crypto.decrypt(teacher.phone_encrypted):
            _set_phone(teacher, phone)
            changed.append("phone")
    if changed:
        validated_save(teacher)
        _audit(actor, "teacher.update", teacher, teacher.school_id, changed)
    return teacher


# -------------------------------------------------------------------------------------------------------- courses

COURSE_FIELDS = ("major", "code", "name", "name_en", "credits", "hours", "course_type", "semester", "learning_outcomes")


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    major: Major,
    code: str,
    name: str,
    credits,
    hours: int,
    semester: int,
    course_type: str = "mixed",
    name_en: str = "",
    learning_outcomes: str = "",
) -> Course:
    actor = _require_school_admin(actor, major.school)
    course = Course(
        school=major.school,
        major=major,
        code=(code or "").strip(),
        name=(name or "").strip(),
        credits=credits,
        hours=hours,
        semester=semester,
        course_type=course_type,
        name_en=name_en,
        learning_outcomes=learning_outcomes,
    )
    if Course.objects.filter(major=major, code=course.code).exists():
        raise Conflict(
            _("Course code %(c)s already exists in this major.") % {"c": course.code},
            errors={"code": [_("already used")]},
        )
    validated_save(course)
    _audit(actor, "course.create", course, major.school_id)
    return course


@transaction.atomic
def course_update(*, actor: Actor, course: Course, **fields) -> Course:
    actor = _require_school_admin(actor, course.school)
    if "major" in fields:
        _same_school(fields["major"], course.school, "major")
    changed = _apply(course, fields, COURSE_FIELDS)
    if changed:
        validated_save(course)
        _audit(actor, "course.update", course, course.school_id, changed)
    return course


def require_school_actor(actor: Actor) -> Actor:
    """The school a school-side actor works for (raise for other roles); used by import and create pages."""
    actor = as_actor(actor)
    if actor.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied(_("Act as a school admin to change the school's records."))
    return actor


def _bulk_clean(student: Student, school) -> None:
    if student.major.school_id != school.pk:
        raise ValidationFailed(_("The major belongs to another school."), errors={"major": [_("another school")]})
    if student.cohort is not None and student.cohort.major_id != student.major_id:
        raise ValidationFailed(_("The class belongs to another major."), errors={"cohort": [_("another major")]})
    try:
        # Field checks only: the caller has checked uniqueness against the school's rows, and the database
        # constraints (student number and ID number unique per school) still guard the insert.
        student.full_clean(
            exclude=["school", "major", "cohort", "user"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise from_django_validation_error(exc) from exc


@transaction.atomic
def students_bulk_save(
    *, actor: Actor, school, creates: list[dict], updates: list[tuple[Student, dict]]
) -> tuple[int, int]:
    """Create and update many students of one school at once (the spreadsheet import).

    Each item holds the same fields as ``student_create`` with a checked ``id_number``; the caller (the importer)
    has already verified numbers and ID numbers against the school's existing students and inside the file.
    """
    actor = _require_school_admin(actor, school)
    new = []
    for data in creates:
        data = dict(data)
        id_number = check_id_number(data.pop("id_number"))
        phone = check_phone(data.pop("phone", ""))
        student = Student(school=school, **data)
        if student.birth_date != birth_date_from_id(id_number) or student.gender != gender_from_id(id_number):
            raise ValidationFailed(_("The birth date does not match the ID number."))
        _set_id_number(student, id_number)
        _set_phone(student, phone)
        _bulk_clean(student, school)
        new.append(student)
    changed = 0
    updates_by_pk: dict[int, dict] = {}
    for student, data in updates:
        data = dict(data)
        id_number = check_id_number(data.pop("id_number"))
        phone = check_phone(data.pop("phone", ""))
        diff = {key: value for key, value in data.items() if getattr(student, key) != value}
        for key, value in diff.items():
            setattr(student, key, value)
        if crypto.keyed_hash(id_number) != student.id_number_hash:
            _set_id_number(student, id_number)
            diff.update(
                id_number_encrypted=student.id_number_encrypted,
                id_number_hash=student.id_number_hash,
                id_number_tail=student.id_number_tail,
            )
        if phone != student.phone:
            _set_phone(student, phone)
            diff.update(phone_encrypted=student.phone_encrypted, phone_tail=student.phone_tail)
        if diff:
            _bulk_clean(student, school)
            updates_by_pk[student.pk] = diff
    try:
        with transaction.atomic():
            figures_cache.changed("insights")  # bulk writes send no signals: the regional figures count students
            Student.objects.bulk_create(new, batch_size=1000)
            now = timezone.now()
            # Only changed rows are written, one UPDATE each (re-importing an unchanged file writes nothing).
            for pk, diff in updates_by_pk.items():
                Student.objects.filter(pk=pk).update(**diff, updated_at=now)
                changed += 1
    except IntegrityError as exc:
        raise Conflict(_("This record clashes with an existing one (a number or code is already used).")) from exc
    audit_record(
        actor=actor,
        action="student.bulk_save",
        organization_id=school.pk,
        summary=f"{len(new)} new, {changed} updated",
        data={"created": len(new), "updated": changed},
    )
    return len(new), changed
