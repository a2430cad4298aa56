"""Forms of reports: the student's weekly report and the mentor's review (one report or several)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import models as m
from .common import text_area

ATTACHMENT_TYPES = "image/jpeg,image/png,application/pdf,.docx,.xlsx,.pptx"


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=m.ReportKind.choices, initial=m.ReportKind.WEEKLY, widget=forms.HiddenInput)
    period_start = forms.DateField(widget=forms.HiddenInput)
    tasks = text_area(_("Tasks done"), rows=3, max_length=20000)
    learnt = text_area(_("What I learnt"), rows=3, max_length=20000)
    attachment = forms.FileField(
        label=_("Attachment (optional: a photo of your work, a drawing, a PDF or office file)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ATTACHMENT_TYPES}),
    )
    problems = text_area(_("Problems and help needed"), required=False, max_length=20000)
    hours = forms.DecimalField(
        label=_("Hours worked this week"),
        min_value=0,
        max_value=168,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=_("e.g. 40"),
    )


class ReviewForm(forms.Form):
    """Approve a report with a score, or return it for revision with a comment."""

    score = forms.IntegerField(label=_("Score (0-100)"), min_value=0, max_value=100, required=False)
    comment = text_area(_("Comment"), required=False, max_length=4000)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return for revision"))],
        initial="approve",
        required=False,
        widget=forms.HiddenInput,
    )

    @property
    def returning(self) -> bool:
        return self.cleaned_data.get("decision") == "return"


class BatchReviewForm(ReviewForm):
    report = forms.TypedMultipleChoiceField(coerce=int, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # which ticked reports the reviewer may review is the service's to say; here only that they are numbers
        picked = self.data.getlist("report") if hasattr(self.data, "getlist") else []
        self.fields["report"].choices = [(v, v) for v in picked]
