"""Forms of the guidance pages (they parse input; the services decide)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CounsellingKind, Mood, SessionKind


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    cohort = forms.TypedChoiceField(label=_("Class"), coerce=int, required=False, empty_value=None)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("40"), decimal_places=1, initial=2
    )

    def __init__(self, *args, cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [("", _("No class (add students later)"))] + [(c.pk, str(c)) for c in cohorts]


class CounsellingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of talk"), choices=CounsellingKind.choices, widget=forms.RadioSelect)
    wish = forms.CharField(
        label=_("What you would like to talk about (optional; only your counsellor reads it)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class HeldForm(forms.Form):
    private_note = forms.CharField(
        label=_("Note (only you and the student read it)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WellbeingForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("How did this week go?"), choices=Mood.choices, coerce=int, widget=forms.RadioSelect
    )
    wants_talk = forms.BooleanField(label=_("I would like to talk to a teacher"), required=False)
    note = forms.CharField(
        label=_("Anything to add (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
