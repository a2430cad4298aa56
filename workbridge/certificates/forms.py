from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MappingKind


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
