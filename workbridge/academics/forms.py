"""Forms only parse input; the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Cohort, Course, Department, Major, Student, Teacher


class _ServiceForm(forms.ModelForm):
    def __init__(self, *args, school_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {
            "department": Department.objects.filter(school_id=school_id),
            "major": Major.objects.filter(school_id=school_id),
            "cohort": Cohort.objects.filter(major__school_id=school_id).select_related("major"),
            "head_teacher": Teacher.objects.filter(school_id=school_id),
        }
        for name, queryset in limits.items():
            if name in self.fields:
                self.fields[name].queryset = queryset

    def _post_clean(self):
        """Model validation runs in the service (full_clean), not here."""


class DepartmentForm(_ServiceForm):
    class Meta:
        model = Department
        fields = ["name", "code"]


class MajorForm(_ServiceForm):
    class Meta:
        model = Major
        fields = ["code", "name", "name_en", "department", "duration_years", "is_active"]
        help_texts = {"code": _("National catalogue code, e.g. 460301 (higher vocational) or 080202.")}


class CohortForm(_ServiceForm):
    class Meta:
        model = Cohort
        fields = ["major", "intake_year", "name", "head_teacher"]


class StudentForm(_ServiceForm):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("18-character resident ID; stored encrypted, shown masked."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    class Meta:
        model = Student
        fields = ["student_number", "name", "gender", "birth_date", "major", "cohort", "enrolment_status", "grade_year"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"major": _("Major"), "cohort": _("Class")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["gender"].required = False
        self.fields["birth_date"].help_text = _("Taken from the ID number when blank.")
        if self.instance.pk:
            self.fields["id_number"].help_text = _("Stored: %(masked)s. Leave blank to keep it.") % {
                "masked": self.instance.id_number_masked or "—"
            }
            self.fields["phone"].help_text = _("Stored: %(masked)s. Leave blank to keep it.") % {
                "masked": self.instance.phone_masked or "—"
            }


class TeacherForm(_ServiceForm):
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    class Meta:
        model = Teacher
        fields = ["employee_number", "name", "gender", "department", "title", "qualifications", "expertise"]
        widgets = {"qualifications": forms.Textarea(attrs={"rows": 2}), "expertise": forms.Textarea(attrs={"rows": 2})}


class CourseForm(_ServiceForm):
    class Meta:
        model = Course
        fields = [
            "major",
            "code",
            "name",
            "name_en",
            "credits",
            "hours",
            "course_type",
            "semester",
            "learning_outcomes",
        ]
        widgets = {"learning_outcomes": forms.Textarea(attrs={"rows": 5})}
