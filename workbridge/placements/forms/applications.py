"""Forms of positions and applications: the school's review, the student's application, the enterprise's steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import text_area


class PositionReviewForm(forms.Form):
    comment = text_area(_("Comment"), required=False, rows=2, max_length=2000)


class ApplyForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills (comma-separated)"),
        required=False,
        max_length=500,
        help_text=_("e.g. PLC, electrician's licence"),
    )
    summary = text_area(_("About me"), required=False, rows=3, max_length=4000)
    cover_letter = text_area(_("Cover letter"), required=False, rows=3, max_length=4000)


class ApplicationStepForm(forms.Form):
    """An enterprise's step on an application: the interview's time and place, a note (why an offer is withdrawn),
    a score."""

    interview_at = forms.DateTimeField(
        label=_("Interview time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    interview_place = forms.CharField(label=_("Place"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    score = forms.IntegerField(label=_("Score (0-100)"), min_value=0, max_value=100, required=False)
