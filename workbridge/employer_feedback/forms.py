"""Forms of the employer feedback pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SCALE = [
    (1, _("1 · very poor")),
    (2, _("2 · poor")),
    (3, _("3 · average")),
    (4, _("4 · good")),
    (5, _("5 · excellent")),
]


class RoundForm(forms.Form):
    term = forms.CharField(label=_("Term (e.g. 2025-2026-1)"), max_length=11)
    closes_on = forms.DateField(label=_("Answers due"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(forms.Form):
    """One radio row of 1-5 per capability, then the overall satisfaction and a comment."""

    overall = forms.TypedChoiceField(
        label=_("Overall satisfaction"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comments (what to keep, what to teach better)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.capability_fields = []
        for q in questions:
            name = f"capability_{q['capability'].pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=q["label"], choices=SCALE, coerce=int, widget=forms.RadioSelect, initial=q["score"]
            )
            self.capability_fields.append(name)
        self.order_fields([*self.capability_fields, "overall", "comment"])

    def ratings(self) -> dict[int, int]:
        return {int(n.split("_", 1)[1]): self.cleaned_data[n] for n in self.capability_fields}


class TaskForm(forms.Form):
    outcome = forms.CharField(
        label=_("What the review decided"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ThresholdForm(forms.Form):
    mean_below = forms.DecimalField(
        label=_("Review a capability when its mean is below"), min_value=1, max_value=5, decimal_places=1
    )
    min_responses = forms.IntegerField(label=_("and it has at least this many ratings"), min_value=1, max_value=100)
    reason = forms.CharField(label=_("Why this threshold"), max_length=300)


class LeaderForm(forms.Form):
    major_id = forms.TypedChoiceField(label=_("Major"), coerce=int)
    teacher_id = forms.TypedChoiceField(label=_("Major leader"), coerce=int)

    def __init__(self, *args, majors=(), teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major_id"].choices = [(m.pk, m.name) for m in majors]
        self.fields["teacher_id"].choices = [(t.pk, t.name) for t in teachers]
