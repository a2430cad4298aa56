from django.contrib import admin

from workbridge.core.admin import ReadOnlyAdmin

from .models import Cohort, Course, Department, Major, Student, Teacher

# Academic records are edited on the school's pages (through the services); the admin only reads them.


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "school"]
    search_fields = ["name"]


@admin.register(Major)
class MajorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "school", "department", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = ["name", "major", "intake_year"]


@admin.register(Student)
class StudentAdmin(ReadOnlyAdmin):
    list_display = ["student_number", "name", "school", "major", "enrolment_status", "id_number_masked"]
    search_fields = ["student_number", "name"]
    list_filter = ["enrolment_status"]
    fields = [
        "school",
        "student_number",
        "name",
        "gender",
        "birth_date",
        "major",
        "cohort",
        "enrolment_status",
        "grade_year",
        "id_number_masked",
        "phone_masked",
    ]
    readonly_fields = ["id_number_masked", "phone_masked"]


@admin.register(Teacher)
class TeacherAdmin(ReadOnlyAdmin):
    list_display = ["employee_number", "name", "school", "department", "title"]
    search_fields = ["employee_number", "name"]
    exclude = ["phone_encrypted"]


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "major", "credits", "hours", "semester"]
    search_fields = ["code", "name"]
