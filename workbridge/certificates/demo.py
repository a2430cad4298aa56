"""Demo region: the 1+X catalogue, course-certificate mappings per school, registrations with results over the
last two exam seasons and upcoming sittings. Deterministic from ctx.rng; bulk writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

ORDER = 56


def seed(ctx) -> None:
    from workbridge.academics.models import Student

    from .catalogue import load_catalogue
    from .models import Certificate, CourseMapping, Registration

    rng, today = ctx.rng, ctx.today
    load_catalogue(Certificate)
    certificates = list(Certificate.objects.filter(is_active=True).order_by("code"))
    intermediate = [c for c in certificates if c.level == "intermediate"]
    mappings = []
    for school in ctx.shared["schools"]:
        courses = ctx.shared.get("courses_by_school", {}).get(school.pk, [])
        for course in rng.sample(courses, min(len(courses), rng.randint(3, 6))):
            mappings.append(
                CourseMapping(
                    school=school,
                    course=course,
                    certificate=rng.choice(intermediate),
                    kind=rng.choice(["embed", "embed", "replace", "elective"]),
                    credits=Decimal(rng.choice([0, 2, 3, 4])),
                )
            )
    seen, unique = set(), []
    for m in mappings:
        if (m.course_id, m.certificate_id) not in seen:
            seen.add((m.course_id, m.certificate_id))
            unique.append(m)
    ctx.bulk(CourseMapping, unique)

    sittings = sorted(
        {
            d
            for d in (
                dt.date(today.year - 1, 6, 15),
                dt.date(today.year - 1, 12, 10),
                dt.date(today.year, 6, 14),
                dt.date(today.year, 12, 12),
            )
            if d <= today
        }
    )[-2:]
    upcoming = dt.date(today.year + (1 if today.month >= 6 else 0), 6, 14)
    regs = []
    for school in ctx.shared["schools"]:
        ids = ctx.shared["students_by_school"][school.pk]
        # Each major is paired with two certificates (deterministically), so pass rates differ by major.
        by_major: dict[int, list] = {}
        for start in range(0, len(ids), 5000):
            rows = Student.objects.filter(
                pk__in=ids[start : start + 5000], grade_year__gte=2, enrolment_status="enrolled"
            )
            for pk, major_id in rows.values_list("pk", "major_id"):
                by_major.setdefault(major_id, []).append(pk)
        for major_id, pks in sorted(by_major.items()):
            pair = rng.sample(intermediate, 2)
            skill = rng.uniform(0.55, 0.92)
            for pk in pks:
                if rng.random() > 0.35:
                    continue
                cert = rng.choice(pair)
                if rng.random() < 0.15:
                    regs.append(
                        Registration(
                            school=school, student_id=pk, major_id=major_id, certificate=cert, exam_date=upcoming
                        )
                    )
                    continue
                sitting = rng.choice(sittings)
                roll = rng.random()
                result = "absent" if roll < 0.04 else ("passed" if roll < 0.04 + skill * 0.96 else "failed")
                score = (
                    None
                    if result == "absent"
                    else Decimal(rng.randint(60, 98) if result == "passed" else rng.randint(25, 59))
                )
                regs.append(
                    Registration(
                        school=school,
                        student_id=pk,
                        major_id=major_id,
                        certificate=cert,
                        exam_date=sitting,
                        result=result,
                        score=score,
                        certificate_number=f"{cert.code}-{sitting:%Y%m}-{pk:07d}" if result == "passed" else "",
                    )
                )
    ctx.bulk(Registration, regs)
    ctx.log(
        f"  certificates: {len(certificates)} catalogue entries,"
        f" {len(unique)} course mappings, {len(regs)} registrations"
    )
