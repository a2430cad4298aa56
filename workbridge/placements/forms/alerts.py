"""Forms of incidents and alerts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import models as m
from .common import text_area


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=m.Incident._meta.get_field("kind").choices, initial="incident")
    severity = forms.ChoiceField(label=_("Severity"), choices=m.IncidentSeverity.choices, initial="minor")
    description = text_area(_("What happened"), max_length=4000)


class LeftPostForm(forms.Form):
    note = forms.CharField(label=_("What happened"), required=False, max_length=2000)


class AlertResolveForm(forms.Form):
    resolution = text_area(_("How it was resolved"), rows=3, max_length=4000)
