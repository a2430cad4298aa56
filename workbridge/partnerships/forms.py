"""Page forms: they only parse input; every rule is checked in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .engines.details import schema_for
from .models import OutputKind, ParticipantRole, ProjectStatus, ProjectType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the value an <input type=date> reads


class AgreementForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    scope = forms.CharField(label=_("Scope of cooperation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, schools=None, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools
            self.fields["school"].required = True
        if enterprises is None:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].queryset = enterprises
            self.fields["enterprise"].required = True


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signed_file = forms.FileField(label=_("Signed copy (PDF, JPG or PNG)"), required=False)


class RenewForm(forms.Form):
    title = forms.CharField(label=_("Title of the renewed agreement"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    carry = forms.MultipleChoiceField(
        label=_("Projects that continue under the renewed agreement"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Projects left unticked stay with the old agreement and end with it."),
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carry"].choices = [(str(p.pk), f"{p.title} · {p.get_status_display()}") for p in projects]

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] <= data["start_date"]:
            self.add_error("end_date", _("The end must come after the start."))
        return data


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ProjectForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=None)
    project_type = forms.ChoiceField(label=_("Type"), choices=ProjectType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    majors = forms.ModelMultipleChoiceField(
        label=_("Majors"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args, agreements, majors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["majors"].queryset = majors


class ProjectEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ProjectStatus.choices)


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    student = forms.ModelChoiceField(label=_("Student"), queryset=None, required=False)
    teacher = forms.ModelChoiceField(label=_("Teacher"), queryset=None, required=False)
    staff_name = forms.CharField(label=_("Enterprise staff name"), max_length=60, required=False)
    duty = forms.CharField(label=_("Duty"), max_length=200, required=False)

    def __init__(self, *args, students, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["teacher"].queryset = teachers


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due"), widget=DATE)


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Output"), choices=OutputKind.choices)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=2, min_value=0)
    recorded_on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    file = forms.FileField(label=_("Evidence file"), required=False)


FIELD_LABELS = {
    # The engine's labels are English keys; these make them translatable on pages.
    "class_size": _("Class size"),
    "target_posts": _("Target posts (one per line)"),
    "employment_commitment": _("Enterprise commits to hire graduates"),
    "intake_year": _("Intake year"),
    "mode": _("Mode"),
    "apprentices": _("Apprentices"),
    "students_per_mentor": _("Apprentices per enterprise mentor"),
    "capacity": _("Interns per year"),
    "posts": _("Posts (one per line)"),
    "accommodation": _("Accommodation provided"),
    "floor_area_m2": _("Floor area (m²)"),
    "workstations": _("Workstations"),
    "location": _("Location"),
    "deliverable": _("Deliverable"),
    "course_name": _("Course or textbook title"),
    "isbn": _("ISBN (textbooks)"),
    "publisher": _("Publisher"),
    "lecturers": _("Number of enterprise lecturers"),
    "hours_per_term": _("Teaching hours per term"),
    "courses": _("Courses taught (one per line)"),
    "teachers": _("Teachers on practice"),
    "days": _("Days per teacher"),
    "kind": _("Kind"),
    "contract_amount": _("Contract amount (yuan)"),
    "deliverables": _("Deliverables"),
    "certificate_name": _("1+X certificate"),
    "level": _("Level"),
    "candidates": _("Candidates"),
    "college_name": _("Industrial college name"),
    "council_members": _("Council members"),
    "majors_covered": _("Majors covered (one per line)"),
}
CHOICE_LABELS = {
    "school_in_factory": _("School in factory"),
    "factory_in_school": _("Factory in school"),
    "modern_apprenticeship": _("Modern apprenticeship"),
    "dual_system": _("Dual system"),
    "course": _("Course"),
    "textbook": _("Textbook"),
    "course_and_textbook": _("Course and textbook"),
    "joint_rnd": _("Joint R&D"),
    "technical_service": _("Technical service"),
    "consulting": _("Consulting"),
    "junior": _("Entry"),
    "intermediate": _("Intermediate"),
    "senior": _("Senior"),
}


def detail_fields(project_type: str, values: dict | None = None, errors: dict | None = None) -> list[dict]:
    """The type-specific inputs of the project form, as plain dicts for the template."""
    values = values or {}
    errors = errors or {}
    rows = []
    for field in schema_for(project_type):
        value = values.get(field.name, "")
        if field.kind == "list" and isinstance(value, list):
            value = "\n".join(value)
        rows.append(
            {
                "name": field.name,
                "input": f"d_{field.name}",
                "kind": field.kind,
                "label": FIELD_LABELS.get(field.name, field.label),
                "required": field.required,
                "value": value,
                "choices": [(key, CHOICE_LABELS.get(key, label)) for key, label in field.choices],
                "min": field.minimum,
                "max": field.maximum,
                "error": errors.get(f"details.{field.name}", [""])[0] if errors else "",
            }
        )
    return rows


def details_from_post(project_type: str, data) -> dict:
    details = {}
    for field in schema_for(project_type):
        key = f"d_{field.name}"
        if field.kind == "bool":
            details[field.name] = key in data
        elif key in data:
            details[field.name] = data.get(key, "")
    return details


def display_details(project_type: str, details: dict) -> list[tuple[str, str]]:
    rows = []
    for field in schema_for(project_type):
        if field.name not in details:
            continue
        value = details[field.name]
        if field.kind == "bool":
            value = _("Yes") if value else _("No")
        elif field.kind == "choice":
            value = CHOICE_LABELS.get(value, value)
        elif field.kind == "list":
            value = pgettext("list separator", ", ").join(value)
        rows.append((FIELD_LABELS.get(field.name, field.label), value))
    return rows
