"""Forms of the innovation pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AwardLevel, BaseKind, VentureStage

DATE = {"type": "date"}


class BaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BaseKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    area_m2 = forms.IntegerField(label=_("Floor area (m²)"), min_value=1, max_value=1_000_000, required=False)
    sponsor_id = forms.TypedChoiceField(label=_("Sponsoring enterprise"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, sponsors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor_id"].choices = [("", _("None"))] + [(o.pk, o.name) for o in sponsors]


class VentureForm(forms.Form):
    base = forms.TypedChoiceField(label=_("Base"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("What it does"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    started_on = forms.DateField(label=_("Started"), widget=forms.DateInput(attrs=DATE))
    school_mentor_id = forms.TypedChoiceField(label=_("School mentor"), coerce=int, required=False, empty_value=None)
    enterprise_mentor = forms.CharField(label=_("Enterprise mentor (name, company)"), max_length=100, required=False)

    def __init__(self, *args, bases=(), teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].choices = [(b.pk, b.name) for b in bases]
        self.fields["school_mentor_id"].choices = [("", "—")] + [(t.pk, t.name) for t in teachers]


class MemberForm(forms.Form):
    student_id = forms.TypedChoiceField(label=_("Student"), coerce=int)
    role = forms.CharField(label=_("Role in the team"), max_length=60, required=False)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student_id"].choices = [(s.pk, f"{s.name} {s.student_number}") for s in students]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs=DATE))


class AwardForm(forms.Form):
    competition = forms.CharField(label=_("Competition"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=AwardLevel.choices)
    prize = forms.CharField(label=_("Prize"), max_length=60)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=VentureStage.choices)
    company_name = forms.CharField(label=_("Company"), max_length=200, required=False)
    company_registered_on = forms.DateField(
        label=_("Registered on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    jobs_created = forms.IntegerField(label=_("Jobs created"), min_value=0, max_value=100000, initial=0)
