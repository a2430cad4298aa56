"""Reads for 1+X certificates, scoped by core.access: catalogue, mappings, registrations, pass rates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from workbridge.core.access import Actor, access_object, visible

from .engines.rates import PassRate, pass_rate
from .models import Certificate, CourseMapping, Registration


def catalogue(*, actor: Actor, q: str = "", level: str = ""):
    qs = visible(actor, Certificate.objects.filter(is_active=True))
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(issuer__icontains=q)
    if level:
        qs = qs.filter(level=level)
    return qs.annotate(n_mappings=Count("course_mappings", distinct=True))


def mappings(*, actor: Actor):
    return visible(actor, CourseMapping.objects.select_related("course", "course__major", "certificate"))


def registrations(*, actor: Actor, result: str = "", certificate_id=None, year: int | None = None):
    qs = visible(actor, Registration.objects.select_related("student", "certificate", "major"))
    if result:
        qs = qs.filter(result=result)
    if certificate_id:
        qs = qs.filter(certificate_id=certificate_id)
    if year:
        qs = qs.filter(exam_date__year=year)
    return qs


@dataclass
class RateRow:
    key: int
    label: str
    school: str
    rate: PassRate


def pass_rates(
    *, actor: Actor, by: str = "major", year: int | None = None, certificate_id=None
) -> tuple[list[RateRow], PassRate]:
    """Pass rates grouped by major or school (passed / (passed + failed)), plus the total."""
    if by not in ("major", "school", "certificate"):
        raise ValueError("by must be major, school or certificate")
    qs = registrations(actor=actor, year=year, certificate_id=certificate_id)
    fields = {
        "major": ("major_id", "major__name", "school__name"),
        "school": ("school_id", "school__name", "school__name"),
        "certificate": ("certificate_id", "certificate__name", "certificate__level"),
    }[by]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    labels: dict[int, tuple[str, str]] = {}
    total: dict[str, int] = defaultdict(int)
    for row in qs.values(*fields, "result").annotate(n=Count("id")).order_by():
        key = row[fields[0]]
        counts[key][row["result"]] = row["n"]
        labels[key] = (row[fields[1]], row[fields[2]])
        total[row["result"]] += row["n"]
    rows = [RateRow(k, labels[k][0], labels[k][1], pass_rate(v)) for k, v in counts.items()]
    rows.sort(key=lambda r: (r.school, r.label))
    return rows, pass_rate(dict(total))


def course_choices(*, actor: Actor):
    """Courses the actor may map to a certificate."""
    from workbridge.academics.models import Course

    return visible(actor, Course.objects.all())


def student_choices(*, actor: Actor):
    """Enrolled students the actor may register for a certificate."""
    from workbridge.academics.models import Student

    return visible(actor, Student.objects.filter(enrolment_status="enrolled")).order_by("student_number")


def registration_get(*, actor: Actor, pk) -> Registration:
    return access_object(actor, Registration.objects.select_related("student", "certificate"), pk)
