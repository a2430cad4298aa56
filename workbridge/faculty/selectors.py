"""Reads for dual-qualified teachers, always scoped by the actor (core.access.visible).

``teacher_rows`` computes every teacher's practice progress and recognition level in bulk (few queries);
``dual_qualified_share`` aggregates them per school and for the whole visible scope (the region).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from workbridge.academics.models import Teacher
from workbridge.core.access import Actor, access_object, as_actor, visible

from .engines.practice import Progress, Span, progress
from .engines.recognition import Facts, Recognition, recognise
from .models import EnterpriseLecturer, LecturerTeaching, PracticeAlert, PracticeRecord, PracticeStatus, Qualification
from .rules import practice_rule, recognition_criteria


@dataclass
class TeacherRow:
    teacher: Teacher
    subject: bool
    employment_start: dt.date | None
    progress: Progress
    recognition: Recognition
    facts: Facts

    @property
    def months(self) -> float:
        return self.progress.months(practice_rule())


def _teachers(actor: Actor, school_id=None):
    qs = Teacher.objects.all() if actor is None else visible(actor, Teacher.objects.all())
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    return qs.select_related("school", "faculty_profile", "user").order_by("school_id", "employee_number")


def _years_between(start: dt.date | None, end: dt.date) -> int:
    if start is None or start > end:
        return 0
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def build_rows(teachers, as_of: dt.date) -> list[TeacherRow]:
    """Progress and recognition for the given teachers (a list or queryset), with four queries in total."""
    from workbridge.research.models import RndMember

    teachers = list(teachers)
    ids = [t.pk for t in teachers]
    rule, criteria = practice_rule(), recognition_criteria()
    spans: dict[int, list[Span]] = defaultdict(list)
    for teacher_id, start, end, days in PracticeRecord.objects.filter(
        teacher_id__in=ids, status=PracticeStatus.CONFIRMED, start_date__lte=as_of
    ).values_list("teacher_id", "start_date", "end_date", "days"):
        spans[teacher_id].append(Span(start, end, days))
    levels: dict[int, list[str]] = defaultdict(list)
    for teacher_id, level in Qualification.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=as_of), teacher_id__in=ids, verified=True, issued_on__lte=as_of
    ).values_list("teacher_id", "level"):
        levels[teacher_id].append(level)
    rnd = dict(
        RndMember.objects.filter(teacher_id__in=ids, project__signed_on__lte=as_of)
        .values("teacher_id")
        .annotate(n=Count("project", distinct=True))
        .values_list("teacher_id", "n")
    )
    rows = []
    for teacher in teachers:
        profile = getattr(teacher, "faculty_profile", None)
        subject = profile.subject_to_practice if profile else True
        employed = profile.employment_start if profile else None
        prog = progress(spans[teacher.pk], as_of, rule, employment_start=employed, subject=subject)
        facts = Facts(
            practice_days_in_window=prog.credited_days,
            practice_days_total=sum(s.days for s in spans[teacher.pk]),
            years_of_service=_years_between(employed, as_of),
            qualification_levels=tuple(levels[teacher.pk]),
            rnd_projects=rnd.get(teacher.pk, 0),
        )
        rows.append(TeacherRow(teacher, subject, employed, prog, recognise(facts, criteria), facts))
    return rows


def teacher_rows(
    *, actor: Actor, as_of: dt.date | None = None, school_id: int | None = None, status: str | None = None
) -> list[TeacherRow]:
    """Rows for every teacher the actor sees (actor None: unscoped, for tasks). Optionally filtered by status."""
    rows = build_rows(_teachers(actor, school_id), as_of or timezone.localdate())
    if status:
        rows = [r for r in rows if r.progress.status == status]
    return rows


def teacher_row(*, actor: Actor, teacher_id: int, as_of: dt.date | None = None) -> TeacherRow:
    teacher = access_object(actor, Teacher.objects.select_related("school", "faculty_profile", "user"), teacher_id)
    return build_rows([teacher], as_of or timezone.localdate())[0]


@dataclass
class ShareRow:
    school_id: int | None
    school_name: str
    professional: int  # teachers subject to the practice rule (professional-course teachers)
    dual: int  # of them, holding a recognition level
    by_level: dict
    behind: int

    @property
    def share(self) -> float | None:
        return self.dual / self.professional if self.professional else None


def dual_qualified_share(*, actor: Actor, as_of: dt.date | None = None) -> tuple[list[ShareRow], ShareRow]:
    """Per school and in total: share of professional-course teachers recognised as dual-qualified."""
    rows = teacher_rows(actor=actor, as_of=as_of)
    per_school: dict[int, ShareRow] = {}
    total = ShareRow(None, "", 0, 0, {"junior": 0, "intermediate": 0, "senior": 0}, 0)
    for row in rows:
        if not row.subject:
            continue
        school = row.teacher.school
        entry = per_school.setdefault(
            school.pk, ShareRow(school.pk, school.name, 0, 0, {"junior": 0, "intermediate": 0, "senior": 0}, 0)
        )
        for target in (entry, total):
            target.professional += 1
            if row.recognition.level:
                target.dual += 1
                target.by_level[row.recognition.level] += 1
            if row.progress.status == "behind":
                target.behind += 1
    return sorted(per_school.values(), key=lambda r: r.school_name), total


def practice_records(*, actor: Actor, teacher_id=None, status=None, enterprise_id=None):
    qs = visible(actor, PracticeRecord.objects.select_related("teacher", "enterprise", "school"))
    if teacher_id:
        qs = qs.filter(teacher_id=teacher_id)
    if status:
        qs = qs.filter(status=status)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs


def pending_confirmations(*, actor: Actor):
    """Records waiting for the actor's enterprise to confirm."""
    actor = as_actor(actor)
    return practice_records(actor=actor, status=PracticeStatus.SUBMITTED, enterprise_id=actor.organization_id)


def qualifications(*, actor: Actor, teacher_id=None):
    qs = visible(actor, Qualification.objects.select_related("teacher"))
    return qs.filter(teacher_id=teacher_id) if teacher_id else qs


def lecturers(*, actor: Actor):
    return visible(actor, EnterpriseLecturer.objects.select_related("enterprise", "school")).annotate(
        total_hours=Sum("teaching__hours")
    )


def lecturer_teaching(*, actor: Actor, lecturer_id=None):
    qs = visible(actor, LecturerTeaching.objects.select_related("lecturer", "course", "enterprise"))
    return qs.filter(lecturer_id=lecturer_id) if lecturer_id else qs


def alerts(*, actor: Actor):
    return visible(actor, PracticeAlert.objects.select_related("teacher"))


def teacher_get(*, actor: Actor, pk) -> Teacher:
    return access_object(as_actor(actor), Teacher.objects.all(), pk)


def qualification_get(*, actor: Actor, pk) -> Qualification:
    return access_object(as_actor(actor), qualifications(actor=actor), pk)


def practice_record_get(*, actor: Actor, pk) -> PracticeRecord:
    return access_object(as_actor(actor), PracticeRecord.objects.select_related("teacher"), pk)


def lecturer_get(*, actor: Actor, pk) -> EnterpriseLecturer:
    return access_object(as_actor(actor), EnterpriseLecturer.objects.select_related("enterprise", "school"), pk)
