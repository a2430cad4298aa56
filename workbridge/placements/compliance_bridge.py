"""The placements side of the regulation check: build facts from positions, placements and attendance, call
the compliance app's rules engine at a checkpoint, and record the findings as violations.

The rules, their citations and thresholds live in the compliance app's data files; nothing here decides
what is allowed. This module only states facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.utils import timezone

DEFAULT_JURISDICTION = "CN"


def _num(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _shift_hours(start: dt.time, end: dt.time) -> float:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        minutes += 24 * 60
    return round(minutes / 60, 2)


def _is_night(start: dt.time, end: dt.time) -> bool:
    """Any part of the shift between 22:00 and 06:00."""
    s = start.hour * 60 + start.minute
    e = end.hour * 60 + end.minute
    if e <= s:  # runs past midnight
        return True
    return s < 6 * 60 or e > 22 * 60


def _enterprise_interns(enterprise_id: int, exclude_position_id: int | None = None) -> int:
    from .models import Placement

    qs = Placement.objects.filter(enterprise_id=enterprise_id, status__in=["planned", "active"])
    return qs.count()


def position_facts(position, *, extra_interns: int = 0) -> dict:
    """Facts a position states about itself (checked at submission and school review)."""
    from .models import Placement

    enterprise = position.enterprise
    interns_at_host = Placement.objects.filter(enterprise_id=enterprise.pk, status__in=["planned", "active"]).count()
    interns_in_post = Placement.objects.filter(position_id=position.pk, status__in=["planned", "active"]).count() if position.pk else 0
    term_months = round((position.end_date - position.start_date).days / 30.44, 1)
    return {
        "internship_kind": position.kind,
        "occupation_code": position.occupation_code,
        "monthly_pay": _num(position.monthly_pay),
        "post_wage": _num(position.post_wage),
        "pay_ratio": (float(position.monthly_pay) / float(position.post_wage)) if position.post_wage else None,
        "daily_hours": _num(position.daily_hours),
        "shift_start": position.shift_start.strftime("%H:%M"),
        "shift_end": position.shift_end.strftime("%H:%M"),
        "shift_hours": _shift_hours(position.shift_start, position.shift_end),
        "night_shift": bool(position.night_shift or _is_night(position.shift_start, position.shift_end)),
        "rest_days_per_week": position.rest_days_per_week,
        "term_months": term_months,
        "start_date": position.start_date.isoformat(),
        "end_date": position.end_date.isoformat(),
        "venue_type": position.venue_type,
        "physical_intensity_level": position.physical_intensity_level,
        "minors_forbidden_work": position.minors_forbidden_work,
        "women_forbidden_work": position.women_forbidden_work,
        "via_agency": position.via_agency,
        "fee_to_student": _num(position.fee_to_student),
        "places": position.places,
        "enterprise_staff": enterprise.staff_count,
        "interns_at_host": interns_at_host + (position.places if position.status in ("draft", "submitted") else 0) + extra_interns,
        "post_staff": position.post_staff_count,
        "interns_in_post": max(interns_in_post, position.places),
        "intern_share_of_staff": (
            (interns_at_host + position.places) / enterprise.staff_count if enterprise.staff_count else None
        ),
        "intern_share_of_post": (position.places / position.post_staff_count) if position.post_staff_count else None,
    }


def placement_facts(placement) -> dict:
    """Facts of one student's placement: the position's facts plus the student, agreement and insurance."""
    position = placement.position
    student = placement.student
    facts = position_facts(position)
    facts["interns_at_host"] = type(placement).objects.filter(
        enterprise_id=placement.enterprise_id, status__in=["planned", "active"]
    ).count()
    facts["intern_share_of_staff"] = (
        facts["interns_at_host"] / position.enterprise.staff_count if position.enterprise.staff_count else None
    )
    age = student.age_on(placement.start_date)
    insurance = _related_or_none(placement, "insurance")
    agreement = _related_or_none(placement, "agreement")
    major_category = (student.major.code or "")[:2]
    facts.update(
        {
            "student_age": age,
            "student_gender": student.gender,
            "student_year_of_study": student.grade_year,
            "first_year_student": student.grade_year <= 1,
            "under_16": age < 16,
            "under_18": age < 18,
            "major_code": student.major.code,
            "major_category": major_category,
            "post_matches_major": (major_category in (position.major_categories or [])) if position.major_categories else None,
            "term_months": round((placement.end_date - placement.start_date).days / 30.44, 1),
            "has_agreement": bool(agreement and agreement.fully_confirmed),
            "agreement_generated": bool(agreement),
            "guardian_consent": bool(agreement and (agreement.guardian_confirmed_at or not agreement.guardian_required)),
            "has_insurance": bool(insurance),
            "insurance_covers_term": bool(
                insurance and insurance.cover_start <= placement.start_date and insurance.cover_end >= placement.end_date
            ),
            "safety_training": placement.trainings.filter(kind="safety").exists() if placement.pk else False,
        }
    )
    return facts


def _related_or_none(obj, name):
    try:
        return getattr(obj, name)
    except Exception:  # RelatedObjectDoesNotExist
        return None


def run_check(*, actor, checkpoint: str, facts: dict, school, enterprise, position=None, placement=None, year: int | None = None) -> list[dict]:
    """Evaluate the rules of the placement's jurisdiction and year; record findings as violations.

    Returns the findings as plain dicts (stored on the position for the reviewer)."""
    from workbridge.compliance.engines.rules import evaluate
    from workbridge.compliance.services import violations_record_findings

    ruleset = _ruleset(enterprise, year or timezone.localdate().year)
    findings = evaluate(ruleset, facts, checkpoint)
    if findings:
        violations_record_findings(
            actor=actor, findings=findings, school=school, enterprise=enterprise, position=position, placement=placement
        )
    return [_as_dict(f) for f in findings]


def _ruleset(enterprise, year: int):
    from workbridge.compliance.engines.rules import load_ruleset

    return load_ruleset(DEFAULT_JURISDICTION, year)


def _as_dict(finding) -> dict:
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
    severity = str(finding.get("severity", "")).lower()
    return bool(finding.get("blocking")) or severity in {"blocking", "critical", "forbidden", "error", "high"}
