"""Input parsing for faculty pages (business rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Level, QualificationKind

DATE = {"type": "date"}


class PracticeForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    start_date = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end_date = forms.DateField(label=_("End"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    days = forms.IntegerField(label=_("Days at the enterprise"), min_value=1)
    tasks = forms.CharField(label=_("Tasks and post"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QualificationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), required=False
    )


class LecturerForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=60)
    position = forms.CharField(label=_("Position at the enterprise"), max_length=100, required=False)
    expertise = forms.CharField(label=_("Expertise"), required=False)
    engaged_from = forms.DateField(label=_("Engaged from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class TeachingForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    term = forms.CharField(label=pgettext_lazy("school term", "Term"), max_length=12, help_text=_("e.g. 2025-2026-1"))
    hours = forms.IntegerField(label=_("Hours taught"), min_value=1)
    taught_on = forms.DateField(label=_("Last taught on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class DecideForm(forms.Form):
    """The host's decision on a teacher's practice record: a comment, required to reject."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)
