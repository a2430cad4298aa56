"""The form of a new matching round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import models as m


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("e.g. 2026 春季岗位双选"))
    max_choices = forms.IntegerField(label=_("Positions a student may rank"), min_value=1, max_value=50, initial=10)
    variant = forms.ChoiceField(label=_("Algorithm"), choices=m.MatchVariant.choices, initial=m.MatchVariant.DA)
    positions = forms.ModelMultipleChoiceField(
        label=_("Positions in the round"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one position.")},
    )

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = positions
        self.fields["positions"].label_from_instance = lambda p: f"{p.title} · {p.enterprise.name} ({p.places})"
        if not self.is_bound:
            self.fields["positions"].initial = list(positions.values_list("pk", flat=True))


class ComputeForm(forms.Form):
    variant = forms.ChoiceField(
        label=_("Algorithm"), choices=[("", "—")] + list(m.MatchVariant.choices), required=False
    )
    seed = forms.IntegerField(label=_("lottery seed (optional)"), min_value=0, max_value=2**31 - 1, required=False)
