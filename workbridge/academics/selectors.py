"""Reads for the academic structure, always scoped through core.access."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible

from .models import Cohort, Course, Department, Major, Student, Teacher


def department_list(*, actor: Actor, search: str = "") -> QuerySet[Department]:
    qs = Department.objects.select_related("school").annotate(major_count=Count("majors", distinct=True))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return visible(as_actor(actor), qs).order_by("school__name", "name")


def major_list(*, actor: Actor, department_id=None, search: str = "") -> QuerySet[Major]:
    qs = Major.objects.select_related("school", "department")
    if department_id:
        qs = qs.filter(department_id=department_id)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__startswith=search) | Q(name_en__icontains=search))
    return visible(as_actor(actor), qs)


def cohort_list(*, actor: Actor, major_id=None, intake_year=None, search: str = "") -> QuerySet[Cohort]:
    qs = Cohort.objects.select_related("major", "major__school", "head_teacher")
    if major_id:
        qs = qs.filter(major_id=major_id)
    if intake_year:
        qs = qs.filter(intake_year=intake_year)
    if search:
        qs = qs.filter(name__icontains=search)
    return visible(as_actor(actor), qs)


def student_list(
    *, actor: Actor, major_id=None, cohort_id=None, status=None, grade_year=None, search: str = ""
) -> QuerySet[Student]:
    qs = Student.objects.select_related("school", "major", "cohort")
    if major_id:
        qs = qs.filter(major_id=major_id)
    if cohort_id:
        qs = qs.filter(cohort_id=cohort_id)
    if status:
        qs = qs.filter(enrolment_status=status)
    if grade_year:
        qs = qs.filter(grade_year=grade_year)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(student_number__startswith=search))
    return visible(as_actor(actor), qs)


def teacher_list(*, actor: Actor, department_id=None, search: str = "") -> QuerySet[Teacher]:
    qs = Teacher.objects.select_related("school", "department")
    if department_id:
        qs = qs.filter(department_id=department_id)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(employee_number__startswith=search) | Q(title__icontains=search))
    return visible(as_actor(actor), qs)


def course_list(*, actor: Actor, major_id=None, semester=None, course_type=None, search: str = "") -> QuerySet[Course]:
    qs = Course.objects.select_related("school", "major")
    if major_id:
        qs = qs.filter(major_id=major_id)
    if semester:
        qs = qs.filter(semester=semester)
    if course_type:
        qs = qs.filter(course_type=course_type)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search) | Q(learning_outcomes__icontains=search))
    return visible(as_actor(actor), qs)


def department_get(*, actor: Actor, pk) -> Department:
    return access_object(as_actor(actor), Department.objects.select_related("school"), pk)


def major_get(*, actor: Actor, pk) -> Major:
    return access_object(as_actor(actor), Major.objects.select_related("school", "department"), pk)


def cohort_get(*, actor: Actor, pk) -> Cohort:
    return access_object(as_actor(actor), Cohort.objects.select_related("major", "major__school", "head_teacher"), pk)


def student_get(*, actor: Actor, pk) -> Student:
    return access_object(as_actor(actor), Student.objects.select_related("school", "major", "cohort"), pk)


def teacher_get(*, actor: Actor, pk) -> Teacher:
    return access_object(as_actor(actor), Teacher.objects.select_related("school", "department"), pk)


def course_get(*, actor: Actor, pk) -> Course:
    return access_object(as_actor(actor), Course.objects.select_related("school", "major"), pk)


def academic_counts(*, actor: Actor) -> dict:
    actor = as_actor(actor)
    return {
        "students": visible(actor, Student.objects.filter(enrolment_status="enrolled")).count(),
        "teachers": visible(actor, Teacher.objects.all()).count(),
        "majors": visible(actor, Major.objects.all()).count(),
        "courses": visible(actor, Course.objects.all()).count(),
    }
