"""Input parsing for resource pages (validation of business rules lives in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import BaseKind, ResourceKind, Sharing


class BookingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M")
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    expected_users = forms.IntegerField(label=_("Expected users"), min_value=1, initial=1)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class UsageForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours used"), min_value=0, max_digits=6, decimal_places=2)
    users_count = forms.IntegerField(label=_("People who used it"), min_value=1)
    purpose = forms.CharField(label=_("What it was used for"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    base = forms.ModelChoiceField(label=_("Training base"), queryset=None, required=False)
    capacity = forms.IntegerField(label=pgettext_lazy("resource capacity", "Places"), min_value=1, initial=1)
    value_yuan = forms.DecimalField(label=_("Value (yuan)"), min_value=0, initial=0)
    sharing = forms.ChoiceField(label=_("Shared with"), choices=Sharing.choices, initial=Sharing.PARTNERS)
    weekly_open_hours = forms.IntegerField(label=_("Bookable hours per week"), min_value=1, max_value=168, initial=40)
    in_service_since = forms.DateField(
        label=_("In service since"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    requires_approval = forms.BooleanField(label=_("Bookings need approval"), required=False, initial=True)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, bases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases


class BaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BaseKind.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
