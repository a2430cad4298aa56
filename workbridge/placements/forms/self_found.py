"""The student's proposal of a placement they found themselves, and the school's decision on it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import check_dates_in_order, date_field, text_area

TIME = {"type": "time"}


class SelfFoundForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=None,
        help_text=_("An enterprise approved on the platform."),
        empty_label=None,
    )
    title = forms.CharField(label=_("Post"), max_length=120)
    occupation_code = forms.CharField(
        label=_("Occupation code (CSCO 2022)"),
        max_length=12,
        widget=forms.TextInput(attrs={"placeholder": "4-04-05-03"}),
        help_text=_("e.g. 6-31-01-03 for a maintenance electrician"),
    )
    duties = text_area(_("Duties"), required=False, rows=3, max_length=4000)
    workplace_address = forms.CharField(label=_("Workplace address"), max_length=300)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    monthly_pay = forms.DecimalField(label=_("Monthly pay (yuan)"), min_value=0, max_value=1_000_000, decimal_places=2)
    daily_hours = forms.DecimalField(
        label=_("Daily hours"),
        min_value=1,
        max_value=24,
        decimal_places=1,
        initial=8,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    shift_start = forms.TimeField(label=_("Shift start"), initial="08:30", required=False, widget=forms.TimeInput(TIME))
    shift_end = forms.TimeField(label=_("Shift end"), initial="17:30", required=False, widget=forms.TimeInput(TIME))
    start_date = date_field(_("Start"))
    end_date = date_field(_("End"))
    reason = text_area(_("Why this placement"), required=False, rows=3, max_length=4000)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises

    def clean(self):
        data = super().clean()
        check_dates_in_order(self, "start_date", "end_date", _("The placement ends before it starts."))
        return data

    def service_arguments(self) -> dict:
        import datetime as dt

        d = self.cleaned_data
        data = {
            k: d[k]
            for k in (
                "title",
                "occupation_code",
                "duties",
                "workplace_address",
                "latitude",
                "longitude",
                "monthly_pay",
                "start_date",
                "end_date",
                "reason",
            )
        }
        data["daily_hours"] = d.get("daily_hours") or 8
        data["shift_start"] = d.get("shift_start") or dt.time(8, 30)
        data["shift_end"] = d.get("shift_end") or dt.time(17, 30)
        return {"enterprise_id": d["enterprise"].pk, "data": data}


class DecisionForm(forms.Form):
    """Approve or reject with a comment (required to reject)."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why it is rejected."))
        return data


class ApproveRejectForm(forms.Form):
    """Which of the two buttons was pressed (a leave, a make-up check-in)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
