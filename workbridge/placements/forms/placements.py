"""Forms of the placement page's actions: mentors, insurance and training before the start, the agreement, the
work schedule, evaluations and ratings, and the ways a placement ends or comes back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import models as m
from .common import date_field, text_area


class SchoolMentorForm(forms.Form):
    teacher = forms.IntegerField(label=_("School mentor"), min_value=1)


class EnterpriseMentorForm(forms.Form):
    mentor = forms.IntegerField(label=_("Enterprise mentor"), min_value=1)


class BatchMentorForm(forms.Form):
    """One mentor for the placements ticked on the list."""

    mentor = forms.IntegerField(label=_("Mentor"), min_value=1, error_messages={"required": _("Choose one mentor.")})
    placement = forms.TypedMultipleChoiceField(label=_("Placements"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the ticked rows are checked by the service against what the actor may see; here only their form
        picked = self.data.getlist("placement") if hasattr(self.data, "getlist") else []
        self.fields["placement"].choices = [(v, v) for v in picked if str(v).isdigit()]


class InsuranceForm(forms.Form):
    insurer = forms.CharField(label=_("Insurer"), max_length=120, help_text=_("e.g. PICC"))
    policy_number = forms.CharField(label=_("Policy number"), max_length=60)
    cover_start = date_field(_("Cover from"))
    cover_end = date_field(_("Cover until"), help_text=_("Covers the whole internship."))
    paid_by = forms.ChoiceField(
        label=_("Paid by"), choices=m.Insurance._meta.get_field("paid_by").choices, initial="school"
    )

    def clean(self):
        data = super().clean()
        if data.get("cover_start") and data.get("cover_end") and data["cover_end"] < data["cover_start"]:
            self.add_error("cover_end", _("The cover ends before it starts."))
        return data


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=m.TrainingKind.choices)
    held_on = date_field(_("Held on"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=0.5,
        max_value=200,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    trainer = forms.CharField(label=_("Trainer"), max_length=100)
    content = text_area(_("Content"), required=False, max_length=4000)


class GuardianConsentForm(forms.Form):
    """A party confirms the agreement version it read; the school records a minor's guardian's consent."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    guardian_name = forms.CharField(label=_("Guardian name"), max_length=60, required=False)


class CompleteForm(forms.Form):
    hired = forms.BooleanField(label=_("hired by the host"), required=False)


class EndEarlyForm(forms.Form):
    end_reason = forms.ChoiceField(
        label=_("Why it ends early"),
        choices=[("", "—")] + [(v, label) for v, label in m.EndReason.choices if v != m.EndReason.CANCELLED],
        error_messages={"required": _("Choose why the internship ends early.")},
    )
    reason = text_area(_("What happened (required for “Other”)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("end_reason") == m.EndReason.OTHER and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say what happened."))
        return data


class AttendanceModeForm(forms.Form):
    mode = forms.ChoiceField(label=_("Attendance mode"), choices=m.AttendanceMode.choices)


class PhotoPolicyForm(forms.Form):
    policy = forms.ChoiceField(
        label=_("Check-in photo"), choices=[("", "—")] + list(m.PhotoPolicy.choices), required=False
    )


class ScheduleForm(forms.Form):
    schedule = forms.CharField(
        label=_("One period per line: start end work|school"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. 2026-03-02 2026-04-30 work"),
    )

    def clean_schedule(self) -> list[dict]:
        rows = []
        for number, line in enumerate(self.cleaned_data["schedule"].strip().splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3:
                raise forms.ValidationError(
                    _("Line %(n)d: write start end kind, e.g. 2026-03-02 2026-04-30 work.") % {"n": number}
                )
            rows.append({"start": parts[0], "end": parts[1], "kind": parts[2]})
        return rows


class EvaluationForm(forms.Form):
    """A score (0-100) per competency item, and a comment."""

    comment = text_area(_("Comment"), required=False, max_length=4000)

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for code, name in items:
            self.fields[f"score_{code}"] = forms.IntegerField(label=f"{name} (0-100)", min_value=0, max_value=100)
        self.fields["comment"] = comment

    def scores(self) -> dict:
        return {k[6:]: v for k, v in self.cleaned_data.items() if k.startswith("score_")}


class MentorRatingForm(forms.Form):
    mentor_kind = forms.ChoiceField(label=_("Mentor"), choices=m.MentorKind.choices, initial=m.MentorKind.ENTERPRISE)
    score = forms.TypedChoiceField(label=_("Stars"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)], initial=5)
    comment = text_area(_("Comment"), required=False, max_length=2000)
