"""Reports (weekly, monthly, final), mentor review, evaluations against competency items, and the final grade."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor
from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import permissions as perms
from ..models import (
    Evaluation,
    EvaluatorKind,
    Placement,
    ReportKind,
    ReportStatus,
    WeeklyReport,
)
from ..selectors import competency_items_for, defaults, student_host_items
from .plans import report_length_problem, weights_for


def report_deadline(kind: str, period_end: dt.date) -> dt.datetime:
    days = defaults()["report_due_days_after_period"]
    return timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=days), dt.time(23, 59)))


def _period(kind: str, period_start: dt.date, placement: Placement) -> tuple[dt.date, dt.date]:
    if kind == ReportKind.WEEKLY:
        if period_start.weekday() != 0:
            raise ValidationFailed(
                _("A weekly report starts on a Monday."), errors={"period_start": [_("Not a Monday.")]}
            )
        return period_start, period_start + dt.timedelta(days=6)
    if kind == ReportKind.MONTHLY:
        start = period_start.replace(day=1)
        nxt = (start + dt.timedelta(days=32)).replace(day=1)
        return start, nxt - dt.timedelta(days=1)
    return placement.start_date, placement.end_date


@transaction.atomic
def report_submit(
    *,
    actor: Actor,
    placement: Placement,
    period_start: dt.date,
    tasks: str,
    learnt: str,
    hours,
    problems: str = "",
    kind: str = ReportKind.WEEKLY,
    attachment=None,
) -> WeeklyReport:
    """Submit (or resubmit after a return) the student's report for a period."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if actor.role != Role.STUDENT or actor.student_id != placement.student_id:
        raise PermissionDenied(_("Students write their own reports."))
    if kind not in ReportKind.values:
        raise ValidationFailed(_("Unknown report kind %(k)s.") % {"k": kind})
    start, end = _period(kind, period_start, placement)
    if start > timezone.localdate():
        raise ValidationFailed(_("That period has not begun."), errors={"period_start": [_("In the future.")]})
    if end < placement.start_date or start > placement.end_date:
        raise ValidationFailed(
            _("That period lies outside the placement."), errors={"period_start": [_("Out of range.")]}
        )
    errors = {}
    if not (tasks or "").strip():
        errors["tasks"] = [_("Describe the tasks you did.")]
    if not (learnt or "").strip():
        errors["learnt"] = [_("Say what you learnt.")]
    too_short = report_length_problem(placement, kind=kind, text=f"{tasks}{learnt}{problems}")
    if too_short:
        errors["tasks"] = [too_short]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    report = WeeklyReport.objects.select_for_update().filter(placement=placement, kind=kind, period_start=start).first()
    if report is not None and report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise InvalidTransition(
            _("This report is %(s)s and can no longer be changed.") % {"s": report.get_status_display()}
        )
    if report is None:
        report = WeeklyReport(
            placement=placement, kind=kind, period_start=start, period_end=end, due_at=report_deadline(kind, end)
        )
    elif report.status == ReportStatus.RETURNED:
        report.revision += 1
    report.tasks, report.learnt, report.problems, report.hours = tasks.strip(), learnt.strip(), problems.strip(), hours
    if attachment is not None:  # a photo of the work, a drawing, a document: checked by content, size-limited
        from django.core.files import File

        from workbridge.core.spreadsheets import safe_filename
        from workbridge.core.uploads import validate_upload

        shown_name = safe_filename(getattr(attachment, "name", ""), default="attachment")[:200]
        validate_upload(attachment, purpose="output", field="attachment")
        attachment.seek(0)
        if report.attachment:
            report.attachment.delete(save=False)
        report.attachment.save(
            attachment.name, attachment if isinstance(attachment, File) else File(attachment), save=False
        )
        report.attachment_name = shown_name
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    full_clean_or_raise(report)
    report.save()
    return report


@transaction.atomic
def report_review(
    *,
    actor: Actor,
    report: WeeklyReport,
    score: int | None = None,
    comment: str = "",
    return_for_revision: bool = False,
) -> WeeklyReport:
    actor = as_actor(actor)
    report = access_object(
        actor, WeeklyReport.objects.select_for_update().select_related("placement__student"), report.pk
    )
    if not perms.is_mentor_side(actor, report.placement):
        raise PermissionDenied(_("Only the student's mentors review reports."))
    if report.status != ReportStatus.SUBMITTED:
        raise InvalidTransition(
            _("Only a submitted report is reviewed; this one is %(s)s.") % {"s": report.get_status_display()}
        )
    if return_for_revision:
        if not comment.strip():
            raise ValidationFailed(_("Say what to revise."), errors={"comment": [_("Required when returning.")]})
        report.status = ReportStatus.RETURNED
    else:
        if score is None or not 0 <= int(score) <= 100:
            raise ValidationFailed(_("Give a score from 0 to 100."), errors={"score": [_("0-100.")]})
        report.score = int(score)
        report.status = ReportStatus.APPROVED
    report.review_comment = comment.strip()
    report.reviewed_by, report.reviewed_at = acting_user(actor), timezone.now()
    report.save()
    from .common import notify_student

    notify_student(
        report.placement.student,
        _("Your report was returned for revision")
        if return_for_revision
        else _("Your report was reviewed: %(s)d") % {"s": report.score},
        "/placements/my/",
    )
    audit_record(
        actor=actor,
        action="report.review",
        target=report,
        organization_id=actor.organization_id,
        data={"returned": return_for_revision},
    )
    return report


def _evaluator_kind(actor: Actor, placement: Placement) -> str:
    if actor.role == Role.STUDENT and actor.student_id == placement.student_id:
        return EvaluatorKind.STUDENT
    if (
        actor.role in ENTERPRISE_ROLES
        and actor.organization_id == placement.enterprise_id
        and (placement.enterprise_mentor_id == actor.user_id or actor.role == Role.ENTERPRISE_ADMIN)
    ):
        return EvaluatorKind.ENTERPRISE_MENTOR
    if (
        actor.role in SCHOOL_ROLES
        and actor.organization_id == placement.school_id
        and (
            (placement.school_mentor_id and placement.school_mentor_id == actor.teacher_id)
            or actor.role == Role.SCHOOL_ADMIN
        )
    ):
        return EvaluatorKind.SCHOOL_MENTOR
    raise PermissionDenied(_("Only the mentors and the student evaluate this placement."))


@transaction.atomic
def evaluation_submit(*, actor: Actor, placement: Placement, scores: dict, comment: str = "") -> Evaluation:
    """Mentors score the competency items of the student's major; the student scores the host and post."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_related("student__major"), placement.pk)
    kind = _evaluator_kind(actor, placement)
    if kind == EvaluatorKind.STUDENT:
        items = [(i["code"], 1.0) for i in student_host_items()]
    else:
        items = [(i.code, float(i.weight)) for i in competency_items_for(placement.student)]
    codes = {c for c, _w in items}
    missing = sorted(codes - set(scores))
    unknown = sorted(set(scores) - codes)
    if missing or unknown:
        problem = (
            _("Missing item(s): %(m)s") % {"m": ", ".join(missing)}
            if missing
            else _("Unknown item(s): %(u)s") % {"u": ", ".join(unknown)}
        )
        raise ValidationFailed(problem, errors={"scores": [problem]})
    clean_scores = {}
    for code, _w in items:
        try:
            value = float(scores[code])
        except (TypeError, ValueError):
            raise ValidationFailed(
                _("Score for %(c)s must be a number.") % {"c": code}, errors={"scores": [code]}
            ) from None
        if not 0 <= value <= 100:
            raise ValidationFailed(_("Score for %(c)s must be 0-100.") % {"c": code}, errors={"scores": [code]})
        clean_scores[code] = value
    total_weight = sum(w for _c, w in items)
    total = sum(clean_scores[c] * w for c, w in items) / total_weight
    evaluation, _created = Evaluation.objects.update_or_create(
        placement=placement,
        evaluator_kind=kind,
        defaults={
            "evaluator": acting_user(actor),
            "scores": clean_scores,
            "comment": comment,
            "total": Decimal(str(round(total, 1))),
        },
    )
    full_clean_or_raise(evaluation)
    audit_record(
        actor=actor,
        action="evaluation.submit",
        target=placement,
        organization_id=actor.organization_id,
        data={"kind": kind},
    )
    return evaluation


def attendance_rate(placement: Placement, until: dt.date | None = None) -> float | None:
    from ..engines.attendance import expected_days
    from .alerts import approved_leave, present_days

    until = min(until or timezone.localdate(), placement.end_date)
    expected = expected_days(
        placement.start_date,
        placement.end_date,
        schedule=placement.schedule,
        leave=approved_leave(placement),
        until=until,
    )
    if not expected:
        return None
    present = present_days(placement)
    return sum(1 for d in expected if d in present) / len(expected)


def grade_components(placement: Placement) -> dict:
    evals = {e.evaluator_kind: float(e.total) for e in placement.evaluations.all()}
    scores = [r.score for r in placement.reports.filter(status=ReportStatus.APPROVED) if r.score is not None]
    rate = attendance_rate(placement)
    return {
        "enterprise": evals.get(EvaluatorKind.ENTERPRISE_MENTOR),
        "school": evals.get(EvaluatorKind.SCHOOL_MENTOR),
        "reports": (sum(scores) / len(scores)) if scores else None,
        "attendance": rate * 100 if rate is not None else None,
    }


@transaction.atomic
def grade_compute(*, actor: Actor, placement: Placement) -> Placement:
    """Final grade = the school's weights over enterprise evaluation, school evaluation, report scores and
    attendance rate. Every weighted component must exist."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if not (actor.is_platform_admin or (actor.role in SCHOOL_ROLES and actor.organization_id == placement.school_id)):
        raise PermissionDenied(_("The school computes the final grade."))
    weights = weights_for(placement)  # the plan's, else the school's, else the platform's
    components = grade_components(placement)
    missing = [k for k, w in weights.items() if float(w) > 0 and components.get(k) is None]
    if missing:
        raise ValidationFailed(
            _("Cannot grade yet; missing: %(m)s") % {"m": ", ".join(missing)}, errors={"missing": missing}
        )
    grade = sum(float(w) * components[k] for k, w in weights.items() if float(w) > 0)
    placement.final_grade = Decimal(str(grade)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    placement.grade_breakdown = {
        "weights": {k: float(v) for k, v in weights.items()},
        "components": {k: (round(v, 1) if v is not None else None) for k, v in components.items()},
    }
    placement.save(update_fields=["final_grade", "grade_breakdown", "updated_at"])
    audit_record(
        actor=actor,
        action="placement.grade",
        target=placement,
        organization_id=placement.school_id,
        data={"grade": float(placement.final_grade)},
    )
    return placement


MAX_REVIEW_BATCH = 100


@transaction.atomic
def reports_review_batch(
    *,
    actor: Actor,
    report_ids: list[int],
    score: int | None = None,
    comment: str = "",
    return_for_revision: bool = False,
) -> list[WeeklyReport]:
    """A mentor reviews several reports at once: approve all selected with one score, or return them with one
    comment. All or none: a report that cannot be reviewed stops the batch and is named."""
    ids = list(dict.fromkeys(int(i) for i in report_ids))
    if not ids:
        raise ValidationFailed(_("Select at least one report."), errors={"reports": [_("Required.")]})
    if len(ids) > MAX_REVIEW_BATCH:
        raise ValidationFailed(
            _("At most %(n)d reports at once.") % {"n": MAX_REVIEW_BATCH}, errors={"reports": [_("Too many.")]}
        )
    done = []
    for pk in ids:
        report = WeeklyReport(pk=pk)
        done.append(
            report_review(
                actor=actor, report=report, score=score, comment=comment, return_for_revision=return_for_revision
            )
        )
    return done
