"""Forms of the evaluation pages: they parse what people type (translated labels and help, the right widgets, errors
beside the fields); the services decide."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core.exceptions import DomainError, ValidationFailed
from workbridge.core.forms import apply_domain_error

TERM_RE = re.compile(r"\d{4}-\d{4}-[12]")


def bind_domain_error(form, exc: DomainError) -> None:
    """A service error beside the fields it names, in the page's language: some services name a field with the
    value that failed, so the field gets the service's (translated) message, never the raw value."""
    errors = exc.errors if isinstance(exc.errors, dict) else {}
    named = {k: [exc.message] for k in errors if k in form.fields}
    apply_domain_error(form, ValidationFailed(exc.message, errors=named or None))


def _term_field(label=pgettext_lazy("school term", "Term")) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=11,
        help_text=_("School year and term, e.g. 2024-2025-1."),
        widget=forms.TextInput(attrs={"pattern": r"\d{4}-\d{4}-[12]", "placeholder": "2024-2025-1"}),
    )


def _clean_term(value: str) -> str:
    value = (value or "").strip()
    if not TERM_RE.fullmatch(value) or int(value[5:9]) != int(value[:4]) + 1:
        raise forms.ValidationError(_("Give the term as school year and term, e.g. 2024-2025-1."))
    return value


class RecomputeForm(forms.Form):
    term = _term_field()

    def clean_term(self):
        return _clean_term(self.cleaned_data["term"])


class DirectWeightsForm(forms.Form):
    """One weight per item of the level (w_<key>), and a note."""

    level = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        self.keys = []
        for key, label in items:
            self.fields[f"w_{key}"] = forms.FloatField(
                label=label, min_value=0, widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})
            )
            self.keys.append(key)
        self.fields["note"] = note

    def weights(self) -> dict[str, float]:
        return {key: self.cleaned_data[f"w_{key}"] for key in self.keys}


SAATY_MIN, SAATY_MAX = 1 / 9, 9.0


def _saaty_value(raw: str) -> float:
    """A judgement on Saaty's scale as people type it: 3, 1/3, 0.5 (full-width digits and slash accepted)."""
    text = (raw or "").strip().translate(str.maketrans("０１２３４５６７８９／．", "0123456789/."))
    if not text:
        raise forms.ValidationError(_("Enter a judgement (1 if both matter equally)."), code="required")
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            value = float(top) / float(bottom)
        else:
            value = float(text)
    except (ValueError, ZeroDivisionError):
        raise forms.ValidationError(_("Enter a number such as 3 or 1/3."), code="invalid") from None
    if not SAATY_MIN - 1e-9 <= value <= SAATY_MAX + 1e-9:
        raise forms.ValidationError(_("Use Saaty's scale: from 1/9 to 9."), code="range")
    return value


class AHPMatrixForm(forms.Form):
    """The upper triangle of a pairwise comparison (a_<row>_<col>, row < col) for one level's items."""

    level = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (whose judgement, when)"), max_length=300, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        n = len(self.items)
        for i in range(n):
            for j in range(i + 1, n):
                self.fields[f"a_{i}_{j}"] = forms.CharField(required=False, max_length=12)

    def clean(self):
        data = super().clean()
        n = len(self.items)
        for i in range(n):
            for j in range(i + 1, n):
                name = f"a_{i}_{j}"
                try:
                    data[name] = _saaty_value(self.data.get(name, ""))
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def upper(self) -> list[list[float | None]]:
        n = len(self.items)
        return [[self.cleaned_data.get(f"a_{i}_{j}") if j > i else None for j in range(n)] for i in range(n)]

    def pair(self, name: str) -> tuple[str, str]:
        _a, i, j = name.split("_")
        return str(self.items[int(i)][1]), str(self.items[int(j)][1])

    def errors_by_pair(self) -> list[str]:
        """Each cell's error after the two items it compares, in the page's language."""
        lines = []
        for name, errors in self.errors.items():
            if name.startswith("a_"):
                row, col = self.pair(name)
                lines += [_("%(row)s vs %(col)s: %(error)s") % {"row": row, "col": col, "error": e} for e in errors]
            else:
                lines += [str(e) for e in errors]
        return lines


class AttestForm(forms.Form):
    criterion_key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    statement = forms.CharField(label=_("Statement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(
        label=_("Document"), required=False, help_text=_("A PDF or an image of the supporting document (optional).")
    )


class DeclareForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019)
    education_surcharge = forms.DecimalField(
        label=_("Education surcharge payable (yuan)"), min_value=Decimal("0"), max_digits=14, decimal_places=2
    )
    local_education_surcharge = forms.DecimalField(
        label=_("Local education surcharge payable (yuan)"), min_value=Decimal("0"), max_digits=14, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = dt.date.today().year
        self.fields["year"].max_value = this_year
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].initial = this_year


class CertifyForm(forms.Form):
    reference = forms.CharField(
        label=_("Document number"), max_length=100, help_text=_("e.g. Education Dept. Notice [2024] No. 12")
    )
    certified_on = forms.DateField(
        label=_("Certified on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_certified_on(self):
        day = self.cleaned_data["certified_on"]
        if day > dt.date.today():
            raise forms.ValidationError(_("The certification date cannot be in the future."))
        return day


class AssignForm(forms.Form):
    evaluator = forms.TypedChoiceField(label=_("Evaluator"), coerce=int)
    pair = forms.ChoiceField(label=_("Partnership"))

    def __init__(self, *args, bodies=(), pairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].choices = [(b.pk, f"{b.name} ({b.get_kind_display()})") for b in bodies]
        self.fields["pair"].choices = [
            (f"{p[0]}:{p[1]}", f"{getattr(s, 'short_name', '') or s or ''} · {e or ''}") for p, s, e in pairs
        ]

    def clean_pair(self):
        school_id, enterprise_id = (int(x) for x in self.cleaned_data["pair"].split(":"))
        return school_id, enterprise_id


class RateForm(forms.Form):
    term = _term_field()
    score = forms.IntegerField(label=_("Score"), min_value=0, max_value=100, help_text=_("0 to 100."))
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)

    def clean_term(self):
        return _clean_term(self.cleaned_data["term"])
