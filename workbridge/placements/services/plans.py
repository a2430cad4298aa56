"""Internship plans (实习计划): a school sets one up per practice course and its classes before the season, with
the dates, the mentors and the assessment rules; the school's settings are its defaults. Placements of the
plan's students that fall within its dates belong to it (attached when they are made, or when the plan is)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, acting_user, as_actor, require_org
from workbridge.core.exceptions import InvalidTransition, ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, full_clean_or_raise

from ..models import InternshipPlan, Placement, PlanStatus
from .common import settings_for

PLAN_WRITERS = (Role.SCHOOL_ADMIN, Role.TEACHER)
WEIGHT_KEYS = ("enterprise", "school", "reports", "attendance")


def _checked_weights(weights: dict | None, school_id: int) -> dict:
    from ..selectors.common import defaults

    chosen = weights or settings_for(school_id).grade_weights or defaults()["grade_weights"]
    try:
        clean = {k: float(chosen.get(k, 0)) for k in WEIGHT_KEYS}
    except (TypeError, ValueError, AttributeError):
        raise ValidationFailed(_("Weights are numbers."), errors={"grade_weights": [_("Not a number.")]}) from None
    if any(v < 0 for v in clean.values()) or abs(sum(clean.values()) - 1) > 0.001:
        raise ValidationFailed(
            _("The four weights must be zero or more and add up to 1 (for example 0.4, 0.3, 0.2, 0.1)."),
            errors={"grade_weights": [_("They add up to %(s)s.") % {"s": round(sum(clean.values()), 3)}]},
        )
    return clean


def _school_cohorts(school_id: int, cohort_ids: list[int]):
    from workbridge.academics.models import Cohort

    cohorts = list(Cohort.objects.filter(pk__in=cohort_ids, major__school_id=school_id))
    if not cohorts or len(cohorts) != len(set(cohort_ids)):
        raise ValidationFailed(_("Choose the plan's classes among your school's."), errors={"cohorts": [_("Unknown.")]})
    return cohorts


def _school_teachers(school_id: int, teacher_ids: list[int]):
    from workbridge.academics.models import Teacher

    teachers = list(Teacher.objects.filter(pk__in=teacher_ids, school_id=school_id))
    if len(teachers) != len(set(teacher_ids)):
        raise ValidationFailed(
            _("Choose the plan's mentors among your school's teachers."), errors={"school_mentors": [_("Unknown.")]}
        )
    return teachers


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    cohort_ids: list[int],
    min_weeks: int = 0,
    mentor_ids: list[int] | None = None,
    course_id: int | None = None,
    grade_weights: dict | None = None,
    min_weekly_reports: int = 0,
    min_report_chars: int = 0,
    final_report_required: bool = True,
    final_report_template: str = "",
    final_report_due: dt.date | None = None,
    checkin_photo: str = "off",
) -> InternshipPlan:
    """A school's plan, prepared as a draft; the school's settings fill what is not given."""
    actor = require_org(as_actor(actor), as_actor(actor).organization_id, PLAN_WRITERS)
    school_id = actor.organization_id
    plan = InternshipPlan(
        school_id=school_id,
        title=(title or "").strip(),
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        min_weeks=min_weeks,
        grade_weights=_checked_weights(grade_weights, school_id),
        min_weekly_reports=min_weekly_reports,
        min_report_chars=min_report_chars,
        final_report_required=final_report_required,
        final_report_template=final_report_template,
        final_report_due=final_report_due,
        checkin_photo=checkin_photo,
        created_by=acting_user(actor),
    )
    if course_id:
        from workbridge.academics.models import Course

        if not Course.objects.filter(pk=course_id, school_id=school_id).exists():
            raise ValidationFailed(_("Choose one of your school's courses."), errors={"course": [_("Unknown.")]})
        plan.course_id = course_id
    if final_report_due and not start_date <= final_report_due:
        raise ValidationFailed(
            _("The final report cannot be due before the plan begins."), errors={"final_report_due": [_("Too early.")]}
        )
    cohorts = _school_cohorts(school_id, cohort_ids)
    teachers = _school_teachers(school_id, mentor_ids or [])
    full_clean_or_raise(plan)
    plan.save()
    plan.cohorts.set(cohorts)
    plan.school_mentors.set(teachers)
    audit_record(actor=actor, action="plan.create", target=plan, organization_id=school_id)
    return plan


@transaction.atomic
def plan_set_status(*, actor: Actor, plan: InternshipPlan, status: str) -> InternshipPlan:
    """Open a prepared plan (its students' placements within its dates join it), or close a running one."""
    actor = require_org(as_actor(actor), plan.school_id, PLAN_WRITERS)
    plan = InternshipPlan.objects.select_for_update().get(pk=plan.pk)
    allowed: dict[str, set[str]] = {
        PlanStatus.DRAFT: {PlanStatus.OPEN},
        PlanStatus.OPEN: {PlanStatus.CLOSED},
        PlanStatus.CLOSED: set(),
    }
    if status not in allowed.get(plan.status, set()):
        raise InvalidTransition(_("A plan that is %(s)s cannot be set to that.") % {"s": plan.get_status_display()})
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    attached = plan_attach_placements(plan) if status == PlanStatus.OPEN else 0
    audit_record(
        actor=actor, action=f"plan.{status}", target=plan, organization_id=plan.school_id, data={"attached": attached}
    )
    return plan


def _plan_placements(plan: InternshipPlan):
    """Placements of the plan's students whose term overlaps the plan's dates and that no plan holds yet."""
    return Placement.objects.filter(
        plan__isnull=True,
        school_id=plan.school_id,
        student__cohort__in=plan.cohorts.all(),
        start_date__lte=plan.end_date,
        end_date__gte=plan.start_date,
    )


def plan_attach_placements(plan: InternshipPlan) -> int:
    return _plan_placements(plan).update(plan=plan)


def plan_for_placement(placement: Placement) -> InternshipPlan | None:
    """The running plan a new placement belongs to: its student's class, its dates inside the plan's."""
    cohort_id = placement.student.cohort_id
    if cohort_id is None:
        return None
    return (
        InternshipPlan.objects.filter(
            school_id=placement.school_id,
            status=PlanStatus.OPEN,
            cohorts__id=cohort_id,
            start_date__lte=placement.end_date,
            end_date__gte=placement.start_date,
        )
        .order_by("-start_date", "-id")
        .first()
    )


def weights_for(placement: Placement) -> dict:
    """The grade weights of the placement's plan, else the school's settings, else the platform's defaults."""
    from ..selectors.common import defaults

    if placement.plan_id and placement.plan.grade_weights:
        return placement.plan.grade_weights
    return settings_for(placement.school_id).grade_weights or defaults()["grade_weights"]


def report_length_problem(placement: Placement, *, kind: str, text: str) -> str | None:
    """A weekly report shorter than the plan asks for, in words; None when it is long enough."""
    if not placement.plan_id or kind != "weekly":
        return None
    need = placement.plan.min_report_chars
    have = len("".join(text.split()))
    if need and have < need:
        return _(
            "The internship plan asks for at least %(need)d characters per weekly report; this one has %(have)d."
        ) % {
            "need": need,
            "have": have,
        }
    return None
