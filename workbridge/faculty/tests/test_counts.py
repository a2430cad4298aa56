"""The SQL counts of the dual-qualified share equal the recognition engine's result, teacher for teacher."""

import datetime as dt
import random

import pytest

from workbridge.academics.models import Teacher
from workbridge.academics.tests.factories import TeacherFactory
from workbridge.faculty import counts, selectors
from workbridge.faculty.engines.recognition import LEVEL_RANK, recognise
from workbridge.faculty.models import Level, PracticeStatus
from workbridge.faculty.tests.factories import PracticeRecordFactory, QualificationFactory, TeacherProfileFactory
from workbridge.organizations.tests.factories import EnterpriseFactory, SchoolFactory
from workbridge.research.tests.factories import RndMemberFactory, RndProjectFactory

pytestmark = pytest.mark.django_db
D = dt.date

EVERY_KIND = {
    "levels": [
        {
            "level": "junior",
            "requirements": [
                {"kind": "years_of_service", "min": 1},
                {"kind": "practice_days_in_window", "min": 25},
                {"kind": "qualifications", "min_level": "junior", "count": 1},
            ],
        },
        {
            "level": "intermediate",
            "requirements": [
                {"kind": "practice_days_total", "min": 60},
                {"kind": "qualifications", "min_level": "intermediate", "count": 1},
            ],
        },
        {
            "level": "senior",
            "requirements": [
                {"kind": "years_of_service", "min": 6},
                {"kind": "practice_days_in_window", "min": 90.5},
                {"kind": "qualifications", "min_level": "senior", "count": 2},
                {"kind": "rnd_projects", "min": 1},
            ],
        },
    ]
}


def generate(rng: random.Random, schools, enterprise, n=60):
    """Teachers with random facts around the thresholds: records straddling the window and as_of, under way,
    unconfirmed; qualifications expired, unverified, not yet issued; R&D projects signed before or after."""
    for i in range(n):
        school = schools[i % len(schools)]
        teacher = TeacherFactory(school=school)
        if rng.random() < 0.85:
            TeacherProfileFactory(
                teacher=teacher,
                employment_start=None
                if rng.random() < 0.1
                else D(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 4200)),
                subject_to_practice=rng.random() < 0.85,
            )
        for _ in range(rng.randint(0, 6)):
            start = D(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
            end = start + dt.timedelta(days=rng.randint(0, 200))
            PracticeRecordFactory(
                teacher=teacher,
                enterprise=enterprise,
                start_date=start,
                end_date=end,
                days=rng.randint(max(1, (end - start).days // 2), (end - start).days + 1),
                status=PracticeStatus.CONFIRMED if rng.random() < 0.85 else PracticeStatus.SUBMITTED,
            )
        for _ in range(rng.randint(0, 4)):
            issued = D(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
            QualificationFactory(
                teacher=teacher,
                level=rng.choice(Level.values),
                issued_on=issued,
                expires_on=None if rng.random() < 0.4 else issued + dt.timedelta(days=rng.randint(0, 2500)),
                verified=rng.random() < 0.8,
            )
        if i % 5 == 0:  # a strong record: some of these reach the senior level, depending on the day
            for year in (2020, 2022, 2024, 2026):
                PracticeRecordFactory(
                    teacher=teacher,
                    enterprise=enterprise,
                    start_date=D(year, 7, 1),
                    end_date=D(year, 7, 1) + dt.timedelta(days=rng.randint(40, 90)),
                    days=40,
                    status=PracticeStatus.CONFIRMED,
                )
            for _ in range(2):
                QualificationFactory(
                    teacher=teacher, level=Level.SENIOR, issued_on=D(2019, 1, 1), expires_on=None, verified=True
                )
        for _ in range(rng.choice([0, 1, 1, 2])):
            project = RndProjectFactory(
                school=school, enterprise=enterprise, signed_on=D(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))
            )
            RndMemberFactory(project=project, teacher=teacher)


@pytest.fixture
def region():
    school = SchoolFactory()
    other = SchoolFactory(region=school.region)
    enterprise = EnterpriseFactory(region=school.region)
    generate(random.Random(14), [school, other], enterprise)
    return school, other


AS_OF = [D(2021, 2, 28), D(2024, 2, 29), D(2025, 6, 30), D(2026, 12, 31)]


@pytest.mark.parametrize("as_of", AS_OF)
def test_sql_levels_equal_the_engine(region, as_of):
    teachers = Teacher.objects.all()
    rows = selectors.build_rows(teachers.select_related("faculty_profile"), as_of)
    sql = counts.teacher_levels(teachers, as_of)
    assert {r.teacher.pk: r.recognition.level for r in rows} == sql
    # Every kind of requirement, thresholds with fractions, a level needing two qualifications.
    sql_every = counts.teacher_levels(teachers, as_of, EVERY_KIND)
    assert {r.teacher.pk: recognise(r.facts, EVERY_KIND).level for r in rows} == sql_every
    facts = counts.teacher_facts(teachers, as_of, EVERY_KIND)
    for r in rows:
        found = facts[r.teacher.pk]
        assert found["f_window"] == pytest.approx(r.facts.practice_days_in_window, abs=1e-6)
        assert found["f_days_total"] == r.facts.practice_days_total
        assert found["f_rnd"] == r.facts.rnd_projects
        for level in ("junior", "intermediate", "senior"):
            assert found[f"f_qual_{level}"] == sum(
                1 for q in r.facts.qualification_levels if LEVEL_RANK[q] >= LEVEL_RANK[level]
            )
    if as_of.year >= 2025:  # the data reach every outcome
        assert set(sql_every.values()) == {None, "junior", "intermediate", "senior"}


@pytest.mark.parametrize("as_of", AS_OF)
def test_sql_counts_equal_the_engine_share(region, world, as_of):
    actor = world.users["platform_admin"] if "platform_admin" in world.users else None
    rows, total = selectors.dual_qualified_share(actor=None, as_of=as_of)
    per_school, sql_total = counts.dual_qualified_counts(actor=actor, as_of=as_of)
    assert (sql_total.professional, sql_total.dual, sql_total.by_level) == (
        total.professional,
        total.dual,
        total.by_level,
    )
    assert {r.school_id: (r.professional, r.dual) for r in rows} == {
        k: (c.professional, c.dual) for k, c in per_school.items()
    }
    school, _other = region
    only, only_total = counts.dual_qualified_counts(
        actor=None, as_of=as_of, school_ids=Teacher.objects.filter(school=school).values("school_id")
    )
    assert set(only) <= {school.pk} and only_total.professional == per_school[school.pk].professional
