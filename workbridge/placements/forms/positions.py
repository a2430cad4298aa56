"""The enterprise's position form: a post offered to interns, in the enterprise admin's words.

Labels come from the model (one wording on the form, the detail page and the exports); the catalogues give the
choices (major categories, kinds of workplace), so nobody types a code. The form only parses; the rules of the
2021 regulation are checked by the service and shown on the form while the position is a draft.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import models as m
from .common import DATE

TIME = {"type": "time"}


def _label(name: str):
    return m.Position._meta.get_field(name).verbose_name


def _whole(name: str, *, required: bool = True, min_value: int = 0, max_value: int | None = None, **kw):
    return forms.IntegerField(label=_label(name), required=required, min_value=min_value, max_value=max_value, **kw)


def _amount(name: str, *, required: bool = True, max_value: Decimal | None = None, **kw):
    return forms.DecimalField(
        label=_label(name),
        required=required,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kw,
    )


def _degrees(name: str, limit: int):
    return forms.DecimalField(
        label=_label(name),
        min_value=Decimal(-limit),
        max_value=Decimal(limit),
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
    )


# GB 3869-1997 grades physical labour intensity I (light) to IV (very heavy); the internship rules forbid level III
# and above for interns, so the enterprise declares the level of the post and the rules check it.
INTENSITY_LEVELS = [
    (1, pgettext_lazy("labour intensity", "I: light")),
    (2, pgettext_lazy("labour intensity", "II: moderate")),
    (3, pgettext_lazy("labour intensity", "III: heavy")),
    (4, pgettext_lazy("labour intensity", "IV: very heavy")),
]

# The form's parts as the enterprise thinks of a post: what it is, where, pay and time, and the facts the rules ask.
GROUPS = [
    (
        "post",
        _("The post"),
        (
            "title",
            "occupation_code",
            "duties",
            "required_skills",
            "major_categories",
            "places",
            "post_staff_count",
            "project",
        ),
    ),
    ("workplace", _("Workplace"), ("workplace_address", "latitude", "longitude", "geofence_radius_m")),
    (
        "pay",
        _("Pay and working time"),
        (
            "monthly_pay",
            "post_wage",
            "daily_hours",
            "shift_start",
            "shift_end",
            "rest_days_per_week",
            "start_date",
            "end_date",
        ),
    ),
    (
        "rules",
        _("What the internship rules ask"),
        (
            "venue_type",
            "physical_intensity_level",
            "fee_to_student",
            "minors_forbidden_work",
            "women_forbidden_work",
            "via_agency",
            "night_shift",
        ),
    ),
]

# Fields that the model fills with its default when the form leaves them empty.
DEFAULTED = ("geofence_radius_m", "rest_days_per_week", "physical_intensity_level", "fee_to_student")


class PositionForm(forms.Form):
    title = forms.CharField(label=_label("title"), max_length=120, help_text=_("e.g. CNC machine setter intern"))
    occupation_code = forms.CharField(
        label=_label("occupation_code"),
        max_length=12,
        help_text=_("Type a job name and choose from the list; its code is filled in."),
        widget=forms.TextInput(attrs={"list": "occupation-list", "autocomplete": "off"}),
    )
    duties = forms.CharField(label=_label("duties"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required_skills = forms.CharField(
        label=_label("required_skills"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. PLC, electrical work, technical drawing"),
    )
    major_categories = forms.MultipleChoiceField(
        label=_("Suitable major categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the 2021 catalogue of vocational majors."),
    )
    places = _whole("places", min_value=1, max_value=10000)
    post_staff_count = _whole(
        "post_staff_count",
        required=False,
        max_value=1000000,
        help_text=_("Interns in one post may be at most a fifth of the staff in that kind of post."),
    )
    workplace_address = forms.CharField(label=_label("workplace_address"), max_length=300)
    latitude = _degrees("latitude", 90)
    longitude = _degrees("longitude", 180)
    geofence_radius_m = _whole(
        "geofence_radius_m",
        required=False,
        min_value=20,
        max_value=5000,
        help_text=_("Check-ins farther than this from the workplace are flagged. Left empty: 300 m."),
    )
    monthly_pay = _amount("monthly_pay")
    post_wage = _amount(
        "post_wage",
        required=False,
        help_text=_("In a post internship the intern's pay is, in principle, at least 80 per cent of it."),
    )
    daily_hours = forms.DecimalField(
        label=_label("daily_hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    shift_start = forms.TimeField(label=_label("shift_start"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    shift_end = forms.TimeField(label=_label("shift_end"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    rest_days_per_week = _whole("rest_days_per_week", required=False, max_value=7)
    start_date = forms.DateField(label=_label("start_date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end_date = forms.DateField(label=_label("end_date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    venue_type = forms.ChoiceField(label=_label("venue_type"), required=False)
    physical_intensity_level = forms.TypedChoiceField(
        label=_label("physical_intensity_level"), choices=INTENSITY_LEVELS, coerce=int, required=False, initial=1
    )
    fee_to_student = _amount(
        "fee_to_student", required=False, help_text=_("Charging interns is forbidden; enter 0 if nothing.")
    )
    minors_forbidden_work = forms.BooleanField(label=_label("minors_forbidden_work"), required=False)
    women_forbidden_work = forms.BooleanField(label=_label("women_forbidden_work"), required=False)
    via_agency = forms.BooleanField(label=_label("via_agency"), required=False)
    night_shift = forms.BooleanField(label=_label("night_shift"), required=False)
    project = forms.ModelChoiceField(
        label=_("Cooperation project (an order class reserves its places)"),
        queryset=None,
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, projects=None, position: m.Position | None = None, **kwargs):
        from ..selectors import major_category_choices, venue_choices

        if position is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(position)
        super().__init__(*args, **kwargs)
        self.fields["major_categories"].choices = major_category_choices()
        self.fields["venue_type"].choices = [("", "—"), *venue_choices()]
        if projects is None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = projects
            self.fields["project"].label_from_instance = lambda p: f"{p.title} ({p.get_project_type_display()})"
            if not projects.exists():
                del self.fields["project"]

    def groups(self) -> list[tuple[str, str, list]]:
        """The bound fields part by part, with the part's key (the template shows each part as a fieldset)."""
        return [(key, legend, [self[n] for n in names if n in self.fields]) for key, legend, names in GROUPS]

    @classmethod
    def initial_from(cls, position: m.Position) -> dict:
        initial = {name: getattr(position, name) for name in cls.base_fields if name != "project"}
        initial["required_skills"] = ", ".join(position.required_skills or [])
        initial["major_categories"] = list(position.major_categories or [])
        initial["project"] = position.project_id
        return initial

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end must come after the start."))
        return data

    def to_service_data(self) -> dict:
        """The cleaned values as ``position_create``/``position_update`` take them."""
        data = dict(self.cleaned_data)
        for name in DEFAULTED:
            if data.get(name) is None:
                data[name] = m.Position._meta.get_field(name).get_default()
        data["required_skills"] = [
            s.strip() for s in (data.get("required_skills") or "").replace("，", ",").split(",") if s.strip()
        ]
        data["major_categories"] = list(data.get("major_categories") or [])
        if "project" in data:
            data["project"] = data["project"].pk if data["project"] else None
        return data


__all__ = ["GROUPS", "INTENSITY_LEVELS", "PositionForm"]
