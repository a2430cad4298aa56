"""The facts a rule reads, in the users' words: a finding's "facts checked" show these labels and values, never
the rule language's names (docs/compliance-rules.md lists the facts; the rule files name the parameters)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

FACT_LABELS = {
    "age": gettext_lazy("Student's age"),
    "grade_year": gettext_lazy("Year of study"),
    "gender": gettext_lazy("Gender"),
    "is_minor": gettext_lazy("Under 18"),
    "major_category_match": gettext_lazy("Post within the student's major category"),
    "major_needs_long_term": gettext_lazy("Major needs a longer internship"),
    "internship_kind": gettext_lazy("Kind of internship"),
    "works_independently": gettext_lazy("Works relatively independently"),
    "venue_category": gettext_lazy("Kind of workplace"),
    "work_categories": gettext_lazy("Kinds of work"),
    "minors_forbidden_work": gettext_lazy("Work forbidden to minors"),
    "women_forbidden_work": gettext_lazy("Work forbidden to women"),
    "physical_intensity_level": gettext_lazy("Physical labour intensity level"),
    "harmful_work": gettext_lazy("Harmful work"),
    "only_simple_repetitive_work": gettext_lazy("Only simple repetitive work"),
    "via_agency": gettext_lazy("Arranged through an agency"),
    "daily_hours": gettext_lazy("Hours per day"),
    "weekly_hours": gettext_lazy("Hours per week"),
    "overtime_hours": gettext_lazy("Overtime hours"),
    "shift_start": gettext_lazy("Shift starts"),
    "shift_end": gettext_lazy("Shift ends"),
    "night_shift": gettext_lazy("Night work"),
    "worked_on_holiday": gettext_lazy("Worked on a public holiday"),
    "worked_on_rest_day": gettext_lazy("Worked on a rest day"),
    "term_months": gettext_lazy("Length of the internship (months)"),
    "monthly_pay": gettext_lazy("Monthly pay (yuan)"),
    "post_wage_reference": gettext_lazy("Host's wage for the same post (yuan a month)"),
    "pay_method": gettext_lazy("How the student is paid"),
    "pay_interval_days": gettext_lazy("Days between pay dates"),
    "enterprise_staff_count": gettext_lazy("Host's staff"),
    "enterprise_intern_count": gettext_lazy("Interns at the host"),
    "post_staff_count": gettext_lazy("Staff in this kind of post"),
    "post_intern_count": gettext_lazy("Interns in this kind of post"),
    "has_agreement": gettext_lazy("Tripartite agreement signed"),
    "agreement_items": gettext_lazy("What the agreement states"),
    "has_guardian_consent": gettext_lazy("Guardian's consent"),
    "has_student_consent": gettext_lazy("Student's consent"),
    "has_insurance": gettext_lazy("Insurance covers the whole term"),
    "insurance_charged_to_student": gettext_lazy("Student paid for the insurance"),
    "has_safety_training": gettext_lazy("Safety and job training recorded"),
    "has_school_mentor": gettext_lazy("School mentor assigned"),
    "has_enterprise_mentor": gettext_lazy("Enterprise mentor assigned"),
    "fee_charged": gettext_lazy("Fee charged to the student"),
    "fee_amount": gettext_lazy("Amount charged (yuan)"),
    "probation_months": gettext_lazy("Probation (months)"),
    # parameters of the rule set
    "max_enterprise_intern_share": gettext_lazy("Interns at most, share of the host's staff"),
    "max_post_intern_share": gettext_lazy("Interns at most, share of a post's staff"),
    "min_pay_ratio": gettext_lazy("Pay at least, share of the post's wage"),
    "max_pay_interval_days": gettext_lazy("Paid at least every (days)"),
    "max_daily_hours": gettext_lazy("Hours per day at most"),
    "max_weekly_hours": gettext_lazy("Hours per week at most"),
    "standard_term_months": gettext_lazy("Usual length (months)"),
    "long_term_max_months": gettext_lazy("Longest length (months)"),
    "min_age_position": gettext_lazy("Youngest age for a post internship"),
    "adult_age": gettext_lazy("Age of majority"),
    "max_physical_level": gettext_lazy("Highest physical intensity level allowed"),
    "night_from": gettext_lazy("Night begins"),
    "night_to": gettext_lazy("Night ends"),
}

SHARES = {"max_enterprise_intern_share", "max_post_intern_share", "min_pay_ratio"}

VALUE_LABELS = {
    # internship kinds, pay methods, agreement items, venues and kinds of work named in the rule files
    "cognitive": gettext_lazy("Cognitive internship"),
    "position": gettext_lazy("Post internship"),
    "money_direct": gettext_lazy("in money, to the student"),
    "goods": gettext_lazy("in goods"),
    "vouchers": gettext_lazy("in vouchers"),
    "third_party": gettext_lazy("through a third party"),
    # what a tripartite agreement states: "hours" and "term" are working hours and the internship's length here
    "duties": pgettext_lazy("agreement item", "duties"),
    "rights": pgettext_lazy("agreement item", "rights"),
    "pay": pgettext_lazy("agreement item", "pay"),
    "hours": pgettext_lazy("agreement item", "hours"),
    "rest": pgettext_lazy("agreement item", "rest"),
    "insurance": pgettext_lazy("agreement item", "insurance"),
    "safety": pgettext_lazy("agreement item", "safety"),
    "term": pgettext_lazy("agreement item", "term"),
    "female": gettext_lazy("female"),
    "male": gettext_lazy("male"),
    "factory": gettext_lazy("factory"),
    "office": gettext_lazy("office"),
    "bar": gettext_lazy("bar"),
    "nightclub": gettext_lazy("nightclub"),
    "ktv": gettext_lazy("karaoke"),
    "bath_centre": gettext_lazy("bath centre"),
    "game_arcade": gettext_lazy("game arcade"),
    "internet_cafe": gettext_lazy("internet café"),
    "commercial_entertainment": gettext_lazy("commercial entertainment venue"),
    "mine_underground": gettext_lazy("underground mining"),
    "toxic_exposure": gettext_lazy("exposure to toxic substances"),
    "physical_level_4": gettext_lazy("physical labour of level IV"),
    "work_at_height": gettext_lazy("work at height"),
    "cold_water_work": gettext_lazy("work in cold water"),
    "high_temperature_work": gettext_lazy("high-temperature work"),
    "low_temperature_work": gettext_lazy("low-temperature work"),
    "radiation_exposure": gettext_lazy("exposure to radiation"),
    "flammable_explosive": gettext_lazy("flammable or explosive materials"),
    "logging": gettext_lazy("logging"),
    "pressure_vessel_operation": gettext_lazy("operating pressure vessels"),
    "heavy_lifting": gettext_lazy("heavy lifting"),
}


def fact_label(name: str) -> str:
    return str(FACT_LABELS.get(name, name.replace("_", " ")))


def fact_value(name: str, value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return _("Not recorded")
    if name in SHARES and isinstance(value, int | float):
        return f"{round(float(value) * 100)}%"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | set):
        return pgettext("list separator", ", ").join(fact_value("", v) for v in value) or _("None stated")
    if isinstance(value, str):
        return str(VALUE_LABELS.get(value, value))
    return str(value)


def facts_for_people(details: dict) -> list[tuple[str, str]]:
    """A finding's facts as (label, value) pairs in the page's language, in a stable order."""
    return [(fact_label(k), fact_value(k, v)) for k, v in sorted(details.items())]
