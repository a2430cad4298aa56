"""Forms of the labour-market pages: they parse what people type (translated labels, help texts, the right widgets,
errors beside the fields); the services decide. Grouped like the services package's sub-domains."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .models import Destination, FileFormat, Occupation, QuestionKind, Relevance, Skill

YEAR_MIN, YEAR_MAX = 2000, 2100
_CODE_RE = re.compile(r"\d-\d{2}-\d{2}-\d{2}")


def _year_field(label, *, required: bool = True, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=YEAR_MIN, max_value=YEAR_MAX, required=required, help_text=help_text
    )


# --------------------------------------------------------------------------------------------------
# reference: occupations and skills chosen by name
# --------------------------------------------------------------------------------------------------
class OccupationInput(forms.TextInput):
    """A text box with the classification's detailed occupations as suggestions: people type part of a name."""

    template_name = "labour_market/widgets/occupation_input.html"

    def get_context(self, name, value, attrs):
        from .selectors import occupation_choices

        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-list"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = occupation_choices()
        return context

    def format_value(self, value):
        """A stored code is shown by its name (the name is what people choose)."""
        if value and _CODE_RE.fullmatch(str(value).strip()):
            from .selectors import occupation_names

            return occupation_names([str(value).strip()]).get(str(value).strip(), value)
        return super().format_value(value)


class OccupationField(forms.CharField):
    """An occupation of the 2022 classification, typed by name (or code); cleans to its code."""

    widget = OccupationInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Occupation"))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text", _("Type part of its name or its code, e.g. 6-31-07-03, and choose it from the list.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value):
        from .selectors import occupation_display

        text = super().clean(value)
        if not text:
            return text
        if not Occupation.objects.exists():  # no classification loaded: the code is taken as typed
            return text
        code = _CODE_RE.search(text)
        if code and Occupation.objects.filter(code=code.group(0)).exists():
            return code.group(0)
        matches = [
            c
            for c, name in Occupation.objects.filter(level=4, name__startswith=text).values_list("code", "name")
            if occupation_display(name)[0] == text or name == text
        ]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise forms.ValidationError(_("Several occupations have this name; choose one from the list."))
        raise forms.ValidationError(
            _("No occupation called “%(t)s” in the 2022 classification; choose one from the list.") % {"t": text}
        )


def find_skill(text: str) -> Skill | None:
    """A skill of the taxonomy by its id, Chinese name or English name."""
    text = (text or "").strip()
    if not text:
        return None
    return Skill.objects.filter(Q(skill_id=text) | Q(name_zh=text) | Q(name_en__iexact=text)).first()


class SkillAddForm(forms.Form):
    skill = forms.CharField(
        label=_("Skill"),
        max_length=160,
        help_text=_("Its name in the skill taxonomy, in Chinese or English, e.g. CNC programming."),
    )

    def clean_skill(self):
        skill = find_skill(self.cleaned_data["skill"])
        if skill is None:
            raise forms.ValidationError(_("No such skill in the taxonomy."))
        return skill


# --------------------------------------------------------------------------------------------------
# ingest
# --------------------------------------------------------------------------------------------------
class IngestUploadForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput, initial="preview", required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A .csv, .xlsx, .jsonl or .txt file with one posting per line; UTF-8 or GBK."),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("from the file name")), *FileFormat.choices], required=False
    )
    source = forms.CharField(
        label=_("Source name"), max_length=120, required=False, help_text=_("Shown beside the figures.")
    )


class IngestCommitForm(forms.Form):
    """The second step: the stored upload's token and the month for rows without a date (the column mapping is read
    from the map_* selects, one per field)."""

    token = forms.CharField(max_length=80)
    month = forms.CharField(
        label=_("Month for rows without a date"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-03"}),
        help_text=_("Optional."),
    )

    def clean_token(self):
        token = self.cleaned_data["token"]
        if "/" in token or ".." in token:
            raise forms.ValidationError(_("The upload expired; choose the file again."))
        return token

    def clean_month(self):
        month = (self.cleaned_data.get("month") or "").strip()
        if not month:
            return None
        try:
            return dt.date.fromisoformat(month + "-01")
        except ValueError:
            raise forms.ValidationError(_("Give the month as year and month, e.g. 2024-03.")) from None


# --------------------------------------------------------------------------------------------------
# curriculum
# --------------------------------------------------------------------------------------------------
class TargetOccupationForm(forms.Form):
    occupation_code = OccupationField()
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, max_value=10, initial=1, help_text=_("1 to 10: how much this post counts.")
    )


# --------------------------------------------------------------------------------------------------
# warnings
# --------------------------------------------------------------------------------------------------
class WarningsRecomputeForm(forms.Form):
    year = _year_field(_("Year"), required=False, help_text=_("Left out: last year."))


class WarningRuleForm(forms.Form):
    threshold = forms.FloatField(label=_("Threshold"), widget=forms.NumberInput(attrs={"step": "any"}))
    yellow_threshold = forms.FloatField(
        label=_("Watch"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    weight = forms.FloatField(
        label=_("Weight"), min_value=0, max_value=100, widget=forms.NumberInput(attrs={"step": "any"})
    )
    enabled = forms.BooleanField(label=_("on"), required=False)


# --------------------------------------------------------------------------------------------------
# surveys
# --------------------------------------------------------------------------------------------------
class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    target_year = _year_field(_("Year asked about"), help_text=_("The year whose posts the enterprises name."))
    intro = forms.CharField(
        label=_("Introduction"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_year"].initial = timezone.localdate().year + 1


class QuestionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="question")
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.TEXT)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=1000,
        help_text=_("For a one-choice question: separate the choices with |, e.g. Yes|No."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)

    def clean(self):
        data = super().clean()
        items = [c.strip() for c in (data.get("choices") or "").split("|") if c.strip()]
        if data.get("kind") == QuestionKind.CHOICE and len(items) < 2:
            self.add_error("choices", _("A choice question needs at least two choices."))
        data["choices"] = items
        return data


class SurveyInviteForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="invite")
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Enterprises"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Enterprises of the school's region not invited yet."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = candidates


class SurveyAnswerForm(forms.Form):
    """The built-in table of posts (rows of post_title / post_headcount / post_skills) and the survey's questions."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: list[dict] = []
        for q in questions:
            name = f"q{q.position}"
            if q.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in q.choices]])
            elif q.kind == QuestionKind.NUMBER:
                field = forms.FloatField(widget=forms.NumberInput(attrs={"step": "any"}))
            else:
                field = forms.CharField(max_length=1000)
            field.label, field.required = q.text, q.required
            self.fields[name] = field

    def clean(self):
        data = super().clean()
        post = self.data
        rows, named = [], 0
        for title, headcount, skills in zip(
            post.getlist("post_title"), post.getlist("post_headcount"), post.getlist("post_skills"), strict=False
        ):
            row = {"title": title.strip()[:120], "headcount": headcount.strip(), "skills_text": skills.strip()}
            if row["title"]:
                named += 1
                try:
                    number = int(row["headcount"])
                except ValueError:
                    number = 0
                if number < 1:
                    row["error"] = _("Enter a head count of at least 1.")
                else:
                    row["headcount"] = number
            elif row["headcount"] or row["skills_text"]:
                row["error"] = _("Name the post.")
            rows.append(row)
        self.rows = rows
        if not named:
            self.add_error(None, _("Name at least one post you need."))
        elif any("error" in r for r in rows):
            self.add_error(None, _("Some posts need attention; see the rows marked below."))
        return data

    def posts(self) -> list[dict]:
        return [{"title": r["title"], "headcount": r["headcount"], "skills": r["skills_text"]} for r in self.rows]

    def answers(self) -> dict[str, str]:
        return {
            name[1:]: ("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }


# --------------------------------------------------------------------------------------------------
# association
# --------------------------------------------------------------------------------------------------
class StandardForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial="standard")
    title = forms.CharField(label=_("Title"), max_length=200)
    sector = forms.CharField(label=_("Sector"), max_length=120)
    occupation_code = OccupationField()
    year = _year_field(_("Year"))
    skills = forms.CharField(
        label=_("Skills"),
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "PLC编程:5"}),
        help_text=_("One per line: the skill's name, a colon and its importance from 1 to 5 (3 when left out)."),
    )
    source_note = forms.CharField(label=_("Source"), max_length=300, help_text=_("Where the standard comes from."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1

    def clean_skills(self):
        out, problems, unknown = [], [], []
        for number, line in enumerate(self.cleaned_data["skills"].splitlines(), start=1):
            name, _sep, importance = line.replace("：", ":").partition(":")
            name, importance = name.strip(), importance.strip()
            if not name:
                continue
            if importance and not (importance.isdigit() and 1 <= int(importance) <= 5):
                problems.append(_("line %(n)s: the importance is a whole number from 1 to 5") % {"n": number})
                continue
            if find_skill(name) is None:
                unknown.append(name)
            out.append((name, int(importance) if importance else 3))
        if unknown:
            problems.append(
                _("not in the skill taxonomy: %(s)s") % {"s": pgettext("list separator", ", ").join(unknown)}
            )
        if problems:
            raise forms.ValidationError(problems)
        if not out:
            raise forms.ValidationError(_("Name at least one skill."))
        return out


class ForecastForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial="forecast")
    sector = forms.CharField(label=_("Sector"), max_length=120)
    occupation_code = OccupationField()
    year = _year_field(_("Year"))
    headcount = forms.IntegerField(label=_("Head count"), min_value=0, max_value=10_000_000)
    province = forms.CharField(label=_("Province"), max_length=40, required=False, help_text=_("Optional."))
    source_note = forms.CharField(label=_("Source"), max_length=300, help_text=_("Where the forecast comes from."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


# --------------------------------------------------------------------------------------------------
# destinations
# --------------------------------------------------------------------------------------------------
class DestinationsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Columns: 学号, 专业代码, 毕业年份, 去向, 单位, 职业代码, 起薪, 专业相关度, 实习单位留用."),
    )


class FollowupForm(forms.Form):
    destination = forms.ChoiceField(label=_("Destination"), choices=Destination.choices)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    starting_salary = forms.IntegerField(
        label=_("Starting monthly salary (yuan)"), min_value=0, max_value=1_000_000, required=False
    )
    relevance = forms.ChoiceField(
        label=_("Relevance to your major"), choices=[("", "—"), *Relevance.choices], required=False
    )
    hired_by_host = forms.TypedChoiceField(
        label=_("Hired by your internship host?"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )


# --------------------------------------------------------------------------------------------------
# programmes
# --------------------------------------------------------------------------------------------------
class ProgrammeStartForm(forms.Form):
    major = forms.ModelChoiceField(label=_("Major"), queryset=None)
    cohort_year = _year_field(_("Intake year"))
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, majors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"].queryset = majors
        self.fields["cohort_year"].initial = timezone.localdate().year + 1


class ProgrammeCommentForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="comment")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    line_key = forms.CharField(widget=forms.HiddenInput, max_length=200)
    text = forms.CharField(label=_("Comment on this line"), max_length=2000)


class ProgrammeInviteForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="invite")
    username = forms.CharField(
        label=_("Invite an enterprise or industry expert"),
        max_length=150,
        help_text=_("Their user name on the platform."),
    )

    def clean_username(self):
        from workbridge.organizations.models import User

        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("No user with that name."))
        return user


class ProgrammeReviseForm(forms.Form):
    """The programme's text sections; the course plan comes as rows (course_name / _semester / _hours / _practice)."""

    action = forms.CharField(widget=forms.HiddenInput, initial="revise")
    target_posts = forms.CharField(
        label=_("Target posts (one per line)"), max_length=6000, widget=forms.Textarea(attrs={"rows": 3})
    )
    competencies = forms.CharField(
        label=_("Competencies (one per line)"),
        max_length=12000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    certificates = forms.CharField(
        label=_("Certificates (one per line)"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary = forms.CharField(label=_("What changed and why"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        post = self.data
        rows = []
        for name, sem, hours, practice in zip(
            post.getlist("course_name"),
            post.getlist("course_semester"),
            post.getlist("course_hours"),
            post.getlist("course_practice"),
            strict=False,
        ):
            row = {"name": name.strip(), "semester": sem.strip(), "hours": hours.strip(), "practice_hours": practice}
            row["practice_hours"] = row["practice_hours"].strip()
            if not (row["name"] or row["semester"] or row["hours"] or row["practice_hours"]):
                continue
            try:
                semester, total, done = (
                    int(row["semester"] or 0),
                    int(row["hours"] or 0),
                    int(row["practice_hours"] or 0),
                )
            except ValueError:
                row["error"] = _("Semester and hours are whole numbers.")
            else:
                if not row["name"]:
                    row["error"] = _("Name the course.")
                elif not 1 <= semester <= 12:
                    row["error"] = _("The semester is 1 to 12.")
                elif total < 1 or not 0 <= done <= total:
                    row["error"] = _("Hours at least 1; practice hours between 0 and the hours.")
                else:
                    row.update(semester=semester, hours=total, practice_hours=done)
            rows.append(row)
        self.rows = rows
        if any("error" in r for r in rows):
            self.add_error(None, _("Some courses need attention; see the rows marked below."))
        return data

    def content(self) -> dict:
        return {
            "target_posts": self.cleaned_data["target_posts"],
            "competencies": self.cleaned_data["competencies"],
            "certificates": self.cleaned_data["certificates"],
            "courses": [
                {k: r[k] for k in ("name", "semester", "hours", "practice_hours")} for r in getattr(self, "rows", [])
            ],
        }
