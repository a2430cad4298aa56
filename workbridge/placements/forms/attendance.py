"""Forms of attendance: leave, a make-up check-in, a week's confirmation by the host."""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_date
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .common import check_dates_in_order, date_field, text_area


class LeaveForm(forms.Form):
    start_date = date_field(_("From"))
    end_date = date_field(_("Until"))
    reason = text_area(_("Reason"), help_text=_("e.g. back at school for a make-up exam"))

    def clean(self):
        data = super().clean()
        check_dates_in_order(self, "start_date", "end_date", _("The leave ends before it starts."))
        return data


class MakeupForm(forms.Form):
    work_date = date_field(_("Day"), help_text=_("A day you worked but could not check in."))
    reason = text_area(_("Reason"))


class DateListWidget(forms.Widget):
    """A few date pickers under one name (the days of a week)."""

    count = 5

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return [v for v in values if v]

    def render(self, name, value, attrs=None, renderer=None):
        values = [str(v) for v in (value or [])][: self.count]
        values += [""] * (self.count - len(values))
        return format_html_join("", '<input type="date" name="{}" value="{}">', ((name, v) for v in values))


class DateListField(forms.Field):
    widget = DateListWidget
    default_error_messages = {"invalid": _("Enter each day present as a date.")}

    def to_python(self, value) -> list:
        days = []
        for raw in value or []:
            try:
                day = raw if hasattr(raw, "year") else parse_date(str(raw).strip())
            except ValueError:
                day = None
            if day is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            days.append(day)
        return days


class ConfirmWeekForm(forms.Form):
    week_start = date_field(_("Week starting (Monday)"))
    days = DateListField(label=_("Days present (one date per field)"), required=False)
    overtime_hours = forms.DecimalField(
        label=_("Overtime hours"),
        min_value=0,
        max_value=80,
        decimal_places=1,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    night_shifts = forms.IntegerField(label=_("Night shifts"), min_value=0, max_value=7, initial=0, required=False)
    note = text_area(_("Note"), required=False)
