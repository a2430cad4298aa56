"""Forms of the joint enrolment pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import LeaveReason, PlanKind

DATE = {"type": "date"}


class PlanForm(forms.Form):
    agreement_id = forms.TypedChoiceField(label=_("Partner (framework agreement)"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    year = forms.IntegerField(label=_("Enrolment year"), min_value=2000, max_value=2100)
    major_ids = forms.TypedMultipleChoiceField(label=_("Majors"), coerce=int)
    quota = forms.IntegerField(label=_("Places"), min_value=1, max_value=200)
    criteria = forms.CharField(label=_("Selection criteria"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    minimum_grade = forms.IntegerField(
        label=_("Minimum grade average (optional)"), min_value=0, max_value=100, required=False
    )
    interview_required = forms.BooleanField(label=_("The enterprise interviews the applicants"), required=False)
    monthly_stipend = forms.IntegerField(label=_("Monthly stipend (yuan)"), min_value=0, max_value=100000, initial=0)
    posts_on_graduation = forms.IntegerField(
        label=_("Posts offered on graduation"), min_value=0, max_value=1000, initial=0
    )
    target_posts = forms.CharField(
        label=_("Posts the class trains for (one a line)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    other_commitments = forms.CharField(
        label=_("Other commitments"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    opens_on = forms.DateField(label=_("Applications open"), widget=forms.DateInput(attrs=DATE))
    closes_on = forms.DateField(label=_("Applications close"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, agreements=(), majors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement_id"].choices = [
            (a.pk, f"{a.school.name} · {a.enterprise.name} · {a.title}") for a in agreements
        ]
        self.fields["major_ids"].choices = [(m.pk, f"{m.school.name} · {m.name}") for m in majors]
        self.fields["major_ids"].widget.attrs["size"] = 4


class ApplyForm(forms.Form):
    statement = forms.CharField(label=_("Why I apply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    selected = forms.TypedChoiceField(
        label=pgettext_lazy("enrolment", "Decision"),
        choices=[("1", pgettext_lazy("enrolment", "Select")), ("0", _("Do not select"))],
        coerce=lambda v: v == "1",
    )
    grade_average = forms.IntegerField(label=_("Grade average"), min_value=0, max_value=100, required=False)
    interview_passed = forms.NullBooleanField(
        label=_("Interview"),
        required=False,
        widget=forms.NullBooleanSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview_passed"].widget.choices = [
            ("unknown", "—"),
            ("true", _("Passed")),
            ("false", _("Not passed")),
        ]


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why the student leaves"), choices=LeaveReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    guardian_name = forms.CharField(
        label=_("Guardian's name (written consent received)"), max_length=60, required=False
    )
