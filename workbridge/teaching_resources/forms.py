"""Forms of the teaching-resource pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Licence, ResourceKind


def _course_label(course) -> str:
    """A course with its school, "(…)" in English and "（…）" in Chinese (the catalog's punctuation)."""
    return str(_("%(course)s (%(school)s)") % {"course": course.name, "school": course.school.name})


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    course = forms.TypedChoiceField(label=_("Course"), coerce=int, required=False, empty_value=None)
    skill = forms.TypedChoiceField(label=_("Skill"), coerce=int, required=False, empty_value=None)
    contributor = forms.TypedChoiceField(label=_("Contributed by"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(ResourceKind.choices)
        self.fields["course"].choices = every + [(c.pk, c.name) for c in choices.get("courses", [])]
        self.fields["skill"].choices = every + [(s.pk, s.name_zh) for s in choices.get("skills", [])]
        self.fields["contributor"].choices = every + [(o.pk, o.name) for o in choices.get("contributors", [])]


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    licence = forms.ChoiceField(label=_("Who may use it"), choices=Licence.choices, initial=Licence.PARTNERS)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    co_contributor_ids = forms.TypedMultipleChoiceField(
        label=_("Co-contributors (for a joint work)"), coerce=int, required=False
    )
    course_ids = forms.TypedMultipleChoiceField(label=_("Courses"), coerce=int, required=False)
    skill_names = forms.CharField(
        label=_("Skills (names from the skills list, separated by commas)"), required=False, max_length=1000
    )

    def __init__(self, *args, partners=(), courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_contributor_ids"].choices = [(o.pk, o.name) for o in partners]
        self.fields["course_ids"].choices = [(c.pk, _course_label(c)) for c in courses]


class UpdateForm(forms.Form):
    licence = forms.ChoiceField(label=_("Who may use it"), choices=Licence.choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    course_ids = forms.TypedMultipleChoiceField(label=_("Courses"), coerce=int, required=False)
    skill_names = forms.CharField(
        label=_("Skills (names from the skills list, separated by commas)"), required=False, max_length=1000
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_ids"].choices = [(c.pk, _course_label(c)) for c in courses]


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, Word, PowerPoint, Excel, image, mp4 video or zip; at most 24 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.pptx,.xlsx,.jpg,.jpeg,.png,.mp4,.zip"}),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
