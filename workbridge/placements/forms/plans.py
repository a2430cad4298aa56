"""The internship plan form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import models as m
from .common import DATE


def _date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=120, help_text=_("e.g. Mechatronics class of 2024, post internship")
    )
    kind = forms.ChoiceField(label=_("Kind of internship"), choices=m.PlanKind.choices, initial=m.PlanKind.POST)
    course = forms.ModelChoiceField(
        label=_("Practice course"), queryset=None, required=False, empty_label=_("Not tied to a course")
    )
    start_date = _date_field(_("Starts on"))
    end_date = _date_field(_("Ends on"))
    min_weeks = forms.IntegerField(label=_("Minimum weeks"), min_value=0, max_value=104, initial=0, required=False)
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Classes"), queryset=None, widget=forms.CheckboxSelectMultiple, help_text=_("Who takes part.")
    )
    school_mentors = forms.ModelMultipleChoiceField(
        label=_("School mentors"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    weight_enterprise = forms.IntegerField(label=_("Enterprise mentor's evaluation (%)"), min_value=0, max_value=100)
    weight_school = forms.IntegerField(label=_("School mentor's evaluation (%)"), min_value=0, max_value=100)
    weight_reports = forms.IntegerField(label=_("Weekly reports (%)"), min_value=0, max_value=100)
    weight_attendance = forms.IntegerField(label=_("Attendance (%)"), min_value=0, max_value=100)
    min_weekly_reports = forms.IntegerField(
        label=_("Weekly reports required"), min_value=0, max_value=60, initial=0, required=False, help_text=_("e.g. 10")
    )
    min_report_chars = forms.IntegerField(
        label=_("Characters per weekly report, at least"),
        min_value=0,
        max_value=5000,
        initial=0,
        help_text=_("e.g. 400"),
    )
    final_report_required = forms.BooleanField(label=_("A final report is required"), required=False, initial=True)
    final_report_template = forms.CharField(
        label=_("Final report outline"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    final_report_due = _date_field(_("Final report due"), required=False)
    checkin_photo = forms.ChoiceField(
        label=_("Photo with each check-in"),
        choices=m.PhotoPolicy.choices,
        initial=m.PhotoPolicy.OFF,
        required=False,  # left out, a plan asks for no photo
        help_text=_("Taken with the phone's camera at the workplace; a placement may differ."),
    )

    def __init__(self, *args, school_id: int | None, **kwargs):
        from workbridge.academics.models import Cohort, Course, Teacher

        from ..selectors.common import school_settings

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(school_id=school_id).order_by("name")
        self.fields["cohorts"].queryset = Cohort.objects.filter(major__school_id=school_id).order_by("-name")
        self.fields["school_mentors"].queryset = Teacher.objects.filter(school_id=school_id).order_by("name")
        if school_id and not self.is_bound:
            from ..selectors.common import defaults

            weights = school_settings(school_id).grade_weights or defaults()["grade_weights"]
            for key in ("enterprise", "school", "reports", "attendance"):
                self.fields[f"weight_{key}"].initial = round(float(weights.get(key, 0)) * 100)

    def clean(self):
        data = super().clean()
        weights = [data.get(f"weight_{k}") for k in ("enterprise", "school", "reports", "attendance")]
        if all(w is not None for w in weights) and sum(weights) != 100:
            self.add_error(
                "weight_attendance", _("The four weights add up to %(s)s%%, not 100%%.") % {"s": sum(weights)}
            )
        return data

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "kind": d["kind"],
            "course_id": d["course"].pk if d.get("course") else None,
            "start_date": d["start_date"],
            "end_date": d["end_date"],
            "min_weeks": d["min_weeks"] or 0,
            "cohort_ids": [c.pk for c in d["cohorts"]],
            "mentor_ids": [t.pk for t in d["school_mentors"]],
            "grade_weights": {k: d[f"weight_{k}"] / 100 for k in ("enterprise", "school", "reports", "attendance")},
            "min_weekly_reports": d["min_weekly_reports"] or 0,
            "min_report_chars": d["min_report_chars"] or 0,
            "final_report_required": d["final_report_required"],
            "final_report_template": d["final_report_template"],
            "final_report_due": d.get("final_report_due"),
            "checkin_photo": d.get("checkin_photo") or m.PhotoPolicy.OFF,
        }


class PlanStatusForm(forms.Form):
    """Open or close a plan (the buttons on its page)."""

    status = forms.ChoiceField(choices=m.PlanStatus.choices, widget=forms.HiddenInput)
