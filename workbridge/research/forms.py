from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OutcomeKind

DATE = {"type": "date"}


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    budget_yuan = forms.DecimalField(label=_("Budget (yuan)"), min_value=0, initial=0)
    respond_by = forms.DateField(label=_("Proposals due"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class ProposalForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead teacher"), queryset=None)
    team = forms.ModelMultipleChoiceField(label=_("Team"), queryset=None, required=False)
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 4}))
    price_yuan = forms.DecimalField(label=_("Price (yuan)"), min_value=0)
    duration_days = forms.IntegerField(label=_("Duration (days)"), min_value=1)

    def __init__(self, *args, teachers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = teachers
        self.fields["team"].queryset = teachers


class AcceptForm(forms.Form):
    contract_number = forms.CharField(label=_("Contract number"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    start_date = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end_date = forms.DateField(label=_("Planned end"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=80, required=False)
    achieved_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    revenue_yuan = forms.DecimalField(label=_("Revenue (yuan)"), min_value=0, initial=0)
    cost_saved_yuan = forms.DecimalField(label=_("Cost saved (yuan)"), min_value=0, initial=0)


class StudentForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)
    duty = forms.CharField(label=_("Duty"), max_length=200, required=False)

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
