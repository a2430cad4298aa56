"""Internship plans as the actor may see them (the school's staff; a student the plans of their class), and a
plan's progress: who is placed, how many reports are in and reviewed, who is graded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible

from .. import models as m


def plan_list(*, actor: Actor, status: str | None = None) -> QuerySet[m.InternshipPlan]:
    qs = visible(as_actor(actor), m.InternshipPlan.objects.select_related("course")).prefetch_related("cohorts")
    return qs.filter(status=status) if status else qs


def plan_get(*, actor: Actor, pk) -> m.InternshipPlan:
    return access_object(as_actor(actor), plan_list(actor=actor), pk)


@dataclass
class StudentProgress:
    student: object
    placement: object | None
    weekly_reports: int
    reviewed_reports: int
    final_report: bool
    grade: object | None
    required: int = 0

    @property
    def meets_reports(self) -> bool | None:
        return None if self.placement is None else self.weekly_reports >= self.required


@dataclass
class PlanProgress:
    students: int
    placed: int
    reports_submitted: int
    reports_reviewed: int
    meeting_report_rule: int
    final_reports: int
    graded: int
    rows: list[StudentProgress]


def plan_progress(*, actor: Actor, plan: m.InternshipPlan) -> PlanProgress:
    """Every student of the plan's classes, with the placement that belongs to the plan and its counts."""
    from workbridge.academics.models import Student

    actor = as_actor(actor)
    students = list(
        visible(actor, Student.objects.filter(cohort__in=plan.cohorts.all()))
        .select_related("cohort")
        .order_by("cohort__name", "student_number")
    )
    placements = {
        p.student_id: p
        for p in plan.placements.select_related("enterprise", "position")
        .annotate(
            weekly=Count("reports", filter=Q(reports__kind=m.ReportKind.WEEKLY) & ~Q(reports__status="draft")),
            reviewed=Count("reports", filter=Q(reports__kind=m.ReportKind.WEEKLY, reports__status="approved")),
            finals=Count("reports", filter=Q(reports__kind=m.ReportKind.FINAL) & ~Q(reports__status="draft")),
        )
        .order_by("-start_date")
    }
    rows = []
    for student in students:
        p = placements.get(student.pk)
        row = StudentProgress(
            student=student,
            placement=p,
            weekly_reports=getattr(p, "weekly", 0) if p else 0,
            reviewed_reports=getattr(p, "reviewed", 0) if p else 0,
            final_report=bool(getattr(p, "finals", 0)) if p else False,
            grade=p.final_grade if p else None,
            required=plan.min_weekly_reports,
        )
        rows.append(row)
    placed = [r for r in rows if r.placement is not None]
    return PlanProgress(
        students=len(rows),
        placed=len(placed),
        reports_submitted=sum(r.weekly_reports for r in placed),
        reports_reviewed=sum(r.reviewed_reports for r in placed),
        meeting_report_rule=sum(1 for r in placed if r.weekly_reports >= plan.min_weekly_reports),
        final_reports=sum(1 for r in placed if r.final_report),
        graded=sum(1 for r in placed if r.grade is not None),
        rows=rows,
    )
