"""The dual-qualified share as SQL aggregates (issue 14): counts per school in one query, no teacher built in Python.

The recognition engine (``engines/recognition.py``) stays the one definition of a level. This module translates
the same criteria data into SQL conditions over per-teacher facts computed by the database, requirement by
requirement, with the engine's rules:

- ``practice_days_in_window``: confirmed records that started by ``as_of``, each credited ``days * inside /
  calendar_days`` for its calendar days inside the rolling window ending ``as_of`` (the practice engine's pro-rata
  rule, practice still under way counting only up to ``as_of``), rounded to 2 decimals as ``Progress`` is;
- ``practice_days_total``: the days of those records;
- ``years_of_service``: whole years since ``employment_start`` (a date comparison with ``add_years``);
- ``qualifications``: verified, issued by and unexpired on ``as_of``, at or above the level;
- ``rnd_projects``: distinct R&D projects signed by ``as_of``;
- a teacher holds the highest level whose requirements, and those of every lower listed level, are met.

``tests/test_counts.py`` checks on generated data that these counts equal the engine's result
(``selectors.dual_qualified_share``) teacher for teacher.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Round

from workbridge.academics.models import Teacher
from workbridge.core.access import Actor, visible

from .engines.practice import add_years, window_start
from .engines.recognition import LEVEL_RANK, LEVELS
from .models import PracticeRecord, PracticeStatus, Qualification
from .rules import practice_rule, recognition_criteria

EPS = 1e-9


class DayNumber(Func):
    """A date as its proleptic Gregorian ordinal (``date.toordinal()``), on SQLite and PostgreSQL alike."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(ROUND(julianday(%(expressions)s) - 1721424.5) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((%(expressions)s) - DATE '0001-01-01' + 1)", **extra)


@dataclass
class Counts:
    school_id: int | None
    professional: int = 0  # teachers subject to the practice rule
    dual: int = 0  # of them, holding a recognition level
    by_level: dict = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    @property
    def share(self) -> float | None:
        return self.dual / self.professional if self.professional else None


def _per_teacher(qs, value, zero=0):
    """A correlated subquery: one aggregate of ``qs`` for the outer teacher (``zero`` when there is none)."""
    sub = qs.filter(teacher_id=OuterRef("pk")).order_by().values("teacher_id").annotate(v=value).values("v")[:1]
    return Coalesce(Subquery(sub), Value(zero))


def _requirement_q(req: dict, as_of: dt.date, annotations: dict) -> Q:
    """The SQL condition for one requirement; adds the per-teacher facts it needs to ``annotations``."""
    kind = req["kind"]
    if kind == "qualifications":
        floor = LEVEL_RANK[req["min_level"]]
        levels = [name for name in LEVELS if LEVEL_RANK[name] >= floor]
        name = f"f_qual_{req['min_level']}"
        annotations[name] = _per_teacher(
            Qualification.objects.filter(
                Q(expires_on__isnull=True) | Q(expires_on__gte=as_of),
                verified=True,
                issued_on__lte=as_of,
                level__in=levels,
            ),
            Count("id"),
        )
        return Q(**{f"{name}__gte": int(req["count"])})
    minimum = req["min"]
    if minimum <= 0:
        return Q()
    if kind == "years_of_service":
        # whole years >= N  <=>  employed on or before the same calendar day N years earlier (engine: _years_between)
        return Q(faculty_profile__employment_start__lte=add_years(as_of, -int(-(-minimum // 1))))
    if kind == "rnd_projects":
        from workbridge.research.models import RndMember

        annotations["f_rnd"] = _per_teacher(
            RndMember.objects.filter(project__signed_on__lte=as_of), Count("project", distinct=True)
        )
        return Q(f_rnd__gte=minimum - EPS)
    confirmed = PracticeRecord.objects.filter(status=PracticeStatus.CONFIRMED, start_date__lte=as_of)
    if kind == "practice_days_total":
        from django.db.models import Sum

        annotations["f_days_total"] = _per_teacher(confirmed, Sum("days"))
        return Q(f_days_total__gte=minimum - EPS)
    if kind == "practice_days_in_window":
        from django.db.models import Sum

        w_start = window_start(as_of, practice_rule().window_years)
        start_n, end_n = DayNumber(F("start_date")), DayNumber(F("end_date"))
        inside = Least(end_n, Value(as_of.toordinal())) - Greatest(start_n, Value(w_start.toordinal())) + 1
        credit = Cast(F("days"), FloatField()) * Cast(inside, FloatField()) / Cast(end_n - start_n + 1, FloatField())
        annotations["f_window"] = Round(
            _per_teacher(confirmed.filter(end_date__gte=w_start), Sum(credit, output_field=FloatField()), 0.0), 2
        )
        return Q(f_window__gte=minimum - EPS)
    raise ValueError(f"unknown requirement kind {kind!r}")


def level_rank_expression(as_of: dt.date, criteria: dict | None = None):
    """(annotations, Case) giving each teacher's level rank (0: none, 1 junior .. 3 senior) under the criteria."""
    criteria = criteria or recognition_criteria()
    by_level = {entry["level"]: entry.get("requirements", []) for entry in criteria["levels"]}
    annotations: dict = {}
    # A teacher holds the levels up to the first listed one they miss; the lowest level is tested first, so most
    # teachers stop after one level's conditions (each When sees only rows that passed the ones before).
    whens, held_rank = [], 0
    for level in LEVELS:
        if level not in by_level:
            continue
        met = Q()
        for req in by_level[level]:
            met &= _requirement_q(req, as_of, annotations)
        whens.append(When(~met, then=Value(held_rank)) if met else None)
        held_rank = LEVEL_RANK[level]
    whens = [w for w in whens if w is not None]
    case = Case(*whens, default=Value(held_rank), output_field=IntegerField()) if whens else Value(held_rank)
    return annotations, case


def teacher_levels(teachers, as_of: dt.date, criteria: dict | None = None) -> dict[int, str | None]:
    """Each teacher's level computed by the database (for checks against the engine)."""
    annotations, case = level_rank_expression(as_of, criteria)
    qs = teachers.order_by().annotate(**annotations).annotate(level_rank=case)
    return {pk: (LEVELS[rank - 1] if rank else None) for pk, rank in qs.values_list("pk", "level_rank")}


def teacher_facts(teachers, as_of: dt.date, criteria: dict | None = None) -> dict[int, dict]:
    """The per-teacher facts the database computes for the criteria (for checks against the engine's Facts)."""
    annotations, _case = level_rank_expression(as_of, criteria)
    return {row.pop("pk"): row for row in teachers.order_by().annotate(**annotations).values("pk", *annotations)}


def dual_qualified_counts(*, actor: Actor | None, as_of: dt.date, school_ids=None) -> tuple[dict[int, Counts], Counts]:
    """Per school and in total: professional-course teachers and how many hold each level, in one SQL query.

    ``school_ids`` narrows the actor's visible teachers to some schools (a set, or a values("id") queryset used
    as a subquery). Teachers without a faculty profile are professional-course teachers, as in the engine path.
    """
    qs = Teacher.objects.all() if actor is None else visible(actor, Teacher.objects.all())
    if school_ids is not None:
        qs = qs.filter(school_id__in=school_ids)
    qs = qs.order_by().filter(Q(faculty_profile__isnull=True) | Q(faculty_profile__subject_to_practice=True))
    annotations, case = level_rank_expression(as_of)
    rows = (
        qs.annotate(**annotations).annotate(level_rank=case).values("school_id", "level_rank").annotate(n=Count("id"))
    )
    per_school: dict[int, Counts] = {}
    total = Counts(None)
    for row in rows.values_list("school_id", "level_rank", "n"):
        school_id, rank, n = row
        entry = per_school.setdefault(school_id, Counts(school_id))
        for target in (entry, total):
            target.professional += n
            if rank:
                target.dual += n
                target.by_level[LEVELS[rank - 1]] += n
    return per_school, total
