"""Forms of the major review pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OptionKind

DATE = {"type": "date"}


class OpenForm(forms.Form):
    major_id = forms.TypedChoiceField(label=_("Major"), coerce=int)
    note = forms.CharField(label=_("Why open a review"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, majors=(), **kwargs):
        super().__init__(*args, **kwargs)
        levels = {"yellow": _("yellow warning"), "red": _("red warning")}
        self.fields["major_id"].choices = [(m.pk, f"{m.name} ({levels[level]})") for m, level in majors]


class OptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Option"), choices=OptionKind.choices)
    notes = forms.CharField(
        label=_("What it means for the major"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    intake_now = forms.IntegerField(
        label=_("Intake now (students a year)"), min_value=0, max_value=10000, required=False
    )
    intake_proposed = forms.IntegerField(
        label=_("Intake proposed (students a year)"), min_value=0, max_value=10000, required=False
    )
    merge_into_id = forms.TypedChoiceField(
        label=_("Merge into (for a merger)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, majors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into_id"].choices = [("", "—")] + [(m.pk, m.name) for m in majors]


class DecideForm(forms.Form):
    option_id = forms.TypedChoiceField(label=_("Option chosen"), coerce=int)
    decided_on = forms.DateField(label=_("Decided on"), widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    reasons = forms.CharField(
        label=_("Reasons for the decision"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option_id"].choices = [(o.pk, f"{o.get_kind_display()} · {o.notes[:60]}") for o in options]


class StepForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
