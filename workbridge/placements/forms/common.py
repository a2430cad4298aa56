"""Shared pieces of the placements forms: date pickers, reason boxes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = {"type": "date"}


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date with the browser's date picker."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )


def text_area(label, *, required: bool = True, rows: int = 2, max_length: int = 2000, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def check_dates_in_order(form: forms.Form, first: str, last: str, message) -> None:
    """Put ``message`` beside ``last`` when it lies before ``first``."""
    data = form.cleaned_data
    if data.get(first) and data.get(last) and data[last] < data[first]:
        form.add_error(last, message)


class ReasonForm(forms.Form):
    """An action whose only input is why it is done (cancel, reopen)."""

    reason = text_area(_("Why"))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


__all__ = ["DATE", "ReasonForm", "check_dates_in_order", "date_field", "text_area"]
