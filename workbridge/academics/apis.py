"""REST API for the academic structure (/api/v1/): list/retrieve scoped by the actor; create and update through
the services (school admins only). Personal data is returned masked; ID numbers and phones are write-only."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workbridge.core.roles import Role
from workbridge.core.viewsets import ScopedPrimaryKeyRelatedField, ScopedViewSet
from workbridge.organizations.models import Organization

from . import permissions as perms
from . import selectors, services
from .models import Cohort, Course, Department, Major, Student, Teacher


def _school(actor) -> Organization:
    perms.require_school_admin(actor)
    return Organization.objects.get(pk=actor.organization_id)


# ----------------------------------------------------------------------------------------------------- serializers


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "school", "code", "name", "created_at", "updated_at"]
        read_only_fields = ["id", "school", "created_at", "updated_at"]


class MajorSerializer(serializers.ModelSerializer):
    department = ScopedPrimaryKeyRelatedField(model=Department, required=False, allow_null=True)

    class Meta:
        model = Major
        fields = [
            "id",
            "school",
            "department",
            "code",
            "name",
            "name_en",
            "duration_years",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "school", "created_at", "updated_at"]
        # Uniqueness and format are checked by the service (so API and pages give the same messages).
        validators = []


class CohortSerializer(serializers.ModelSerializer):
    major = ScopedPrimaryKeyRelatedField(model=Major)
    head_teacher = ScopedPrimaryKeyRelatedField(model=Teacher, required=False, allow_null=True)

    class Meta:
        model = Cohort
        fields = ["id", "major", "intake_year", "name", "head_teacher", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []


class StudentSerializer(serializers.ModelSerializer):
    major = ScopedPrimaryKeyRelatedField(model=Major)
    cohort = ScopedPrimaryKeyRelatedField(model=Cohort, required=False, allow_null=True)
    id_number = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=18,
        help_text="18-character resident ID; stored encrypted, never returned.",
    )
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(required=False)
    gender = serializers.ChoiceField(choices=Student._meta.get_field("gender").choices, required=False)

    class Meta:
        model = Student
        fields = [
            "id",
            "school",
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
            "id_number_masked",
            "phone_masked",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "school", "created_at", "updated_at"]
        validators = []


class TeacherSerializer(serializers.ModelSerializer):
    department = ScopedPrimaryKeyRelatedField(model=Department, required=False, allow_null=True)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = Teacher
        fields = [
            "id",
            "school",
            "employee_number",
            "name",
            "gender",
            "department",
            "title",
            "qualifications",
            "expertise",
            "phone",
            "phone_masked",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "school", "created_at", "updated_at"]
        validators = []

    @extend_schema_field(serializers.CharField())
    def get_phone_masked(self, obj) -> str:
        return ("*******" + obj.phone_tail) if obj.phone_tail else ""


class CourseSerializer(serializers.ModelSerializer):
    major = ScopedPrimaryKeyRelatedField(model=Major)

    class Meta:
        model = Course
        fields = [
            "id",
            "school",
            "major",
            "code",
            "name",
            "name_en",
            "credits",
            "hours",
            "course_type",
            "semester",
            "learning_outcomes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "school", "created_at", "updated_at"]
        validators = []


# ------------------------------------------------------------------------------------------------------- filters


class StudentFilter(django_filters.FilterSet):
    major = django_filters.NumberFilter(field_name="major_id")
    cohort = django_filters.NumberFilter(field_name="cohort_id")

    class Meta:
        model = Student
        fields = ["major", "cohort", "enrolment_status", "grade_year", "gender"]


class CourseFilter(django_filters.FilterSet):
    major = django_filters.NumberFilter(field_name="major_id")

    class Meta:
        model = Course
        fields = ["major", "semester", "course_type"]


class MajorFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id")

    class Meta:
        model = Major
        fields = ["department", "is_active", "code"]


class CohortFilter(django_filters.FilterSet):
    major = django_filters.NumberFilter(field_name="major_id")

    class Meta:
        model = Cohort
        fields = ["major", "intake_year"]


class TeacherFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id")

    class Meta:
        model = Teacher
        fields = ["department", "title"]


# ----------------------------------------------------------------------------------------------------- viewsets


class DepartmentViewSet(ScopedViewSet):
    """Departments (院系) of the acting user's school."""

    queryset = Department.objects.none()
    serializer_class = DepartmentSerializer
    selector = staticmethod(selectors.department_list)
    write_roles = (Role.SCHOOL_ADMIN,)
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]

    def service_create(self, data):
        return services.department_create(actor=self.actor, school=_school(self.actor), **data)

    def service_update(self, obj, data):
        return services.department_update(actor=self.actor, department=obj, **data)


class MajorViewSet(ScopedViewSet):
    """Majors with their national catalogue code."""

    queryset = Major.objects.none()
    serializer_class = MajorSerializer
    selector = staticmethod(selectors.major_list)
    filterset_class = MajorFilter
    write_roles = (Role.SCHOOL_ADMIN,)
    search_fields = ["name", "code", "name_en"]
    ordering_fields = ["code", "name"]

    def service_create(self, data):
        return services.major_create(actor=self.actor, school=_school(self.actor), **data)

    def service_update(self, obj, data):
        return services.major_update(actor=self.actor, major=obj, **data)


class CohortViewSet(ScopedViewSet):
    """Classes (班级): one major and intake year."""

    queryset = Cohort.objects.none()
    serializer_class = CohortSerializer
    selector = staticmethod(selectors.cohort_list)
    filterset_class = CohortFilter
    write_roles = (Role.SCHOOL_ADMIN,)
    search_fields = ["name"]
    ordering_fields = ["name", "intake_year"]

    def service_create(self, data):
        return services.cohort_create(actor=self.actor, **data)

    def service_update(self, obj, data):
        return services.cohort_update(actor=self.actor, cohort=obj, **data)


class StudentViewSet(ScopedViewSet):
    """Students. ID numbers and phones are accepted on write and only ever returned masked."""

    queryset = Student.objects.none()
    serializer_class = StudentSerializer
    selector = staticmethod(selectors.student_list)
    filterset_class = StudentFilter
    write_roles = (Role.SCHOOL_ADMIN,)
    search_fields = ["name", "student_number"]
    ordering_fields = ["student_number", "name", "grade_year"]

    def service_create(self, data):
        return services.student_create(actor=self.actor, school=_school(self.actor), **data)

    def service_update(self, obj, data):
        return services.student_update(actor=self.actor, student=obj, **data)


class TeacherViewSet(ScopedViewSet):
    """Teachers (school mentors) with title and professional qualifications."""

    queryset = Teacher.objects.none()
    serializer_class = TeacherSerializer
    selector = staticmethod(selectors.teacher_list)
    filterset_class = TeacherFilter
    write_roles = (Role.SCHOOL_ADMIN,)
    search_fields = ["name", "employee_number", "title"]
    ordering_fields = ["employee_number", "name"]

    def service_create(self, data):
        return services.teacher_create(actor=self.actor, school=_school(self.actor), **data)

    def service_update(self, obj, data):
        return services.teacher_update(actor=self.actor, teacher=obj, **data)


class CourseViewSet(ScopedViewSet):
    """Courses per major, with learning outcomes."""

    queryset = Course.objects.none()
    serializer_class = CourseSerializer
    selector = staticmethod(selectors.course_list)
    filterset_class = CourseFilter
    write_roles = (Role.SCHOOL_ADMIN,)
    search_fields = ["name", "code", "learning_outcomes"]
    ordering_fields = ["code", "name", "semester", "credits"]

    def service_create(self, data):
        return services.course_create(actor=self.actor, **data)

    def service_update(self, obj, data):
        return services.course_update(actor=self.actor, course=obj, **data)
