"""The form of a new matching round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import models as m


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("e.g. Spring 2026 two-way selection"))
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


class RankForm(forms.Form):
    """A student's choices, best first (empty slots left out)."""

    choice = forms.TypedMultipleChoiceField(label=_("Your choices"), coerce=int, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(p.pk, p.title) for p in positions]
        if hasattr(self.data, "getlist"):  # the slots post "" for "no choice here"
            self.data = self.data.copy()
            self.data.setlist("choice", [v for v in self.data.getlist("choice") if v])


class ScoreForm(forms.Form):
    """The enterprise's scores (0-100) of the students who ranked one of its positions: s_<student>=<score>."""

    position = forms.IntegerField(label=_("Position"), min_value=1)

    def clean(self):
        data = super().clean()
        score_field = forms.DecimalField(min_value=0, max_value=100, decimal_places=1)
        scores, bad = {}, []
        for key, value in self.data.items():
            if not key.startswith("s_") or value == "":
                continue
            student = key[2:]
            try:
                if not student.isdigit():
                    raise forms.ValidationError("")
                scores[int(student)] = score_field.clean(value)
            except forms.ValidationError:
                bad.append(value)
        if bad:
            raise forms.ValidationError(
                _("Scores are numbers from 0 to 100; not: %(v)s") % {"v": ", ".join(str(v)[:20] for v in bad)}
            )
        data["scores"] = scores
        return data
