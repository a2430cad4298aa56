"""The placements side of the regulation check: build facts from positions, placements and attendance, call
the compliance app's rules engine at a checkpoint, and record the findings as violations.

The rules, their citations and thresholds live in the compliance app's data files; nothing here decides
what is allowed. This module only states facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

# Findings of these severities stop a school approval and the start of an internship; lower ones are warnings.
BLOCKING_SEVERITIES = {"critical", "high"}


def _num(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def enterprise_intern_count(enterprise_id: int, *, adding: int = 0) -> int:
    """Interns at a host at the same time: its live placements, plus ``adding`` not yet placed (a position's open
    places while it is drafted or reviewed, or the placement being checked before it is live). The one count the
    share-of-staff rule and matching both use."""
    from .models import Placement

    return Placement.objects.live().filter(enterprise_id=enterprise_id).count() + max(adding, 0)


def position_facts(position) -> dict:
    """Facts a position states about itself (checked at submission and school review), in the compliance
    engine's vocabulary (compliance.engines.rules.FACTS)."""
    from .models import Placement

    enterprise = position.enterprise
    in_post = Placement.objects.live().filter(position_id=position.pk).count() if position.pk else 0
    not_yet_counted = position.places - in_post if position.status in ("draft", "submitted") else 0
    work_days = max(7 - position.rest_days_per_week, 0)
    return {
        "internship_kind": position.kind,
        "works_independently": position.kind == "position",
        "venue_category": position.venue_type or None,
        "minors_forbidden_work": position.minors_forbidden_work,
        "women_forbidden_work": position.women_forbidden_work,
        "physical_intensity_level": position.physical_intensity_level,
        "via_agency": position.via_agency,
        "daily_hours": _num(position.daily_hours),
        "weekly_hours": round(float(position.daily_hours) * work_days, 2),
        "shift_start": _hhmm(position.shift_start),
        "shift_end": _hhmm(position.shift_end),
        "night_shift": bool(position.night_shift),
        "term_months": round((position.end_date - position.start_date).days / 30.44, 1),
        "monthly_pay": _num(position.monthly_pay),
        "post_wage_reference": _num(position.post_wage),
        "pay_method": "money_direct",
        "enterprise_staff_count": enterprise.staff_count,
        "enterprise_intern_count": enterprise_intern_count(enterprise.pk, adding=not_yet_counted),
        "post_staff_count": position.post_staff_count,
        "post_intern_count": max(in_post, position.places),
        "fee_charged": bool(position.fee_to_student and position.fee_to_student > 0),
        "fee_amount": _num(position.fee_to_student),
    }


AGREEMENT_ITEMS = {
    "duties": "duties",
    "pay": "monthly_pay",
    "hours": "daily_hours",
    "rest": "rest_days_per_week",
    "insurance": "insurance",
    "safety": "safety",
    "term": "end_date",
}


def placement_facts(placement) -> dict:
    """Facts of one student's placement: the position's facts plus the student, agreement, insurance, mentors."""
    from .models import LIVE_PLACEMENT_STATUSES, Placement

    position = placement.position
    student = placement.student
    facts = position_facts(position)
    this_one = 0 if placement.pk and placement.status in LIVE_PLACEMENT_STATUSES else 1
    facts["enterprise_intern_count"] = enterprise_intern_count(placement.enterprise_id, adding=this_one)
    facts["post_intern_count"] = Placement.objects.live().filter(position_id=position.pk).count() + this_one
    facts["term_months"] = round((placement.end_date - placement.start_date).days / 30.44, 1)
    insurance = related_or_none(placement, "insurance")
    agreement = related_or_none(placement, "agreement")
    terms = agreement.terms if agreement else {}
    items = [item for item, key in AGREEMENT_ITEMS.items() if terms.get(key)]
    if agreement:
        items.append("rights")  # the template's clause 9 states every party's rights and duties
    facts.update(student_facts(student, position, placement.start_date))
    facts.update(
        {
            "has_agreement": bool(agreement and agreement.fully_confirmed),
            "agreement_items": items if agreement else None,
            "has_guardian_consent": bool(agreement and agreement.guardian_confirmed_at),
            "has_student_consent": bool(agreement and agreement.student_confirmed_at),
            "has_insurance": bool(
                insurance
                and insurance.cover_start <= placement.start_date
                and insurance.cover_end >= placement.end_date
            ),
            "insurance_charged_to_student": False,
            "has_safety_training": placement.trainings.filter(kind="safety").exists() if placement.pk else False,
            "has_school_mentor": bool(placement.school_mentor_id),
            "has_enterprise_mentor": bool(placement.enterprise_mentor_id),
        }
    )
    return facts


def student_facts(student, position, start_date: dt.date) -> dict:
    """What the rules ask of the student in this post: age on the first day, year of study, gender, whether the
    post's major categories include theirs. Known before any placement exists, so checked at application."""
    category = (student.major.code or "")[:2]
    return {
        "age": student.age_on(start_date),
        "grade_year": student.grade_year,
        "gender": {"F": "female", "M": "male"}.get(student.gender, ""),
        "major_category_match": (category in position.major_categories) if position.major_categories else None,
    }


def prospective_facts(position, student) -> dict:
    """Facts of a placement that does not exist yet (a student applying, an offer, a self-found proposal): the
    position's facts and the student's, with nothing yet about agreement, insurance or mentors (the rules that
    need those are skipped until they can be known)."""
    facts = position_facts(position)
    facts.update(student_facts(student, position, position.start_date))
    return facts


# A placement that does not exist yet is checked against every rule its facts can already answer: the
# position's own rules, the student's (year, age, major, forbidden work) and those of the first day.
PROSPECTIVE_CHECKPOINTS = ("position_review", "agreement", "placement_start")


def blocking_findings(*, facts: dict, checkpoints=PROSPECTIVE_CHECKPOINTS) -> list[dict]:
    """The findings that forbid a step, without recording them: the step is refused and nothing happened, so
    there is nothing to keep a violation about."""
    from workbridge.compliance.services import compliance_check

    known = {k: v for k, v in facts.items() if v is not None}
    found: dict[str, dict] = {}
    for checkpoint in checkpoints:
        for finding in compliance_check(actor=None, facts=known, checkpoint=checkpoint, record=False):
            as_dict = _as_dict(finding)
            if is_blocking(as_dict):
                found.setdefault(as_dict["rule_id"], as_dict)
    return list(found.values())


def preview_findings(*, facts: dict, checkpoint: str = "position_review") -> list[dict]:
    """Every finding at a checkpoint, not recorded: what a draft would meet if submitted now."""
    from workbridge.compliance.services import compliance_check

    known = {k: v for k, v in facts.items() if v is not None}
    return [_as_dict(f) for f in compliance_check(actor=None, facts=known, checkpoint=checkpoint, record=False)]


def finding_message(finding: dict) -> str:
    """A finding's message in the language of the request."""
    from django.utils.translation import get_language

    zh = (get_language() or "zh-hans").lower().startswith("zh")
    return str(finding.get("message_zh") if zh else finding.get("message_en") or finding.get("message_zh"))


def refuse_if_blocked(*, facts: dict, step: str) -> None:
    """Refuse a step that a blocking finding forbids, saying which rules and what to change."""
    from django.utils.translation import gettext as _

    from workbridge.core.exceptions import RuleViolation

    blocking = blocking_findings(facts=facts)
    if not blocking:
        return
    raise RuleViolation(
        _(
            "%(step)s is not allowed under the internship rules: %(m)s Change what the rule names, or choose another "
            "position."
        )
        % {"step": step, "m": " ".join(finding_message(f) for f in blocking)},
        errors={"findings": blocking},
    )


def related_or_none(obj, name):
    try:
        return getattr(obj, name)
    except Exception:  # RelatedObjectDoesNotExist
        return None


def run_check(
    *, actor, checkpoint: str, facts: dict, school, enterprise, position=None, placement=None, year: int | None = None
) -> list[dict]:
    """Evaluate the active rule set (jurisdiction and regulation year as configured in the compliance app)
    at a checkpoint and record the findings as violations. Returns the findings as plain dicts."""
    from workbridge.compliance.services import compliance_check

    findings = compliance_check(
        actor=actor,
        facts={k: v for k, v in facts.items() if v is not None},
        checkpoint=checkpoint,
        school=school,
        enterprise=enterprise,
        position=position,
        placement=placement,
    )
    return [_as_dict(f) for f in findings]


def recheck_fixed(*, actor, placement) -> None:
    """After a fact of the placement changed (consent given, insurance or training recorded, a mentor assigned),
    close the violations it fixed. Nothing new is recorded here: what is still missing before the start is a
    to-do, shown as the start blockers, not a violation."""
    from workbridge.compliance.engines.rules import CHECKPOINTS
    from workbridge.compliance.services import compliance_check

    facts = {k: v for k, v in placement_facts(placement).items() if v is not None}
    for checkpoint in CHECKPOINTS:
        compliance_check(
            actor=actor, facts=facts, checkpoint=checkpoint, placement=placement, record=False, resolve_fixed=True
        )


def ruleset_params() -> dict:
    from workbridge.compliance.services import active_ruleset

    return dict(active_ruleset().params)


def _as_dict(finding) -> dict:
    if hasattr(finding, "as_dict"):
        out = finding.as_dict()
        out["message"] = out.get("message_zh") or out.get("message_en")
        return _jsonable(out)
    if isinstance(finding, dict):
        return {k: _jsonable(v) for k, v in finding.items()}
    if dataclasses.is_dataclass(finding):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(finding).items()}
    return {"message": str(finding)}


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def is_blocking(finding: dict) -> bool:
    """A finding that forbids going ahead (the compliance data marks it; common spellings accepted)."""
    return str(finding.get("severity", "")).lower() in BLOCKING_SEVERITIES
