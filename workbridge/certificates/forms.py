from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MappingKind, Result


class RegistrationForm(forms.Form):
    certificate = forms.ModelChoiceField(label=_("Certificate"), queryset=None)
    exam_date = forms.DateField(label=_("Exam date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    students = forms.ModelMultipleChoiceField(label=_("Students"), queryset=None)

    def __init__(self, *args, certificates=None, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates
        self.fields["students"].queryset = students


class MappingForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    certificate = forms.ModelChoiceField(label=_("Certificate"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=MappingKind.choices)
    credits = forms.DecimalField(label=_("Credits recognised"), min_value=0, max_value=40, initial=0)

    def __init__(self, *args, courses=None, certificates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["certificate"].queryset = certificates


class ResultForm(forms.Form):
    """An exam sitting's result: passed (with the certificate number), failed or absent; the score if known."""

    result = forms.ChoiceField(
        label=_("Result"),
        choices=[(v, label) for v, label in Result.choices if v != Result.REGISTERED],
    )
    score = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=1, required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
