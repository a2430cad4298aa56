"""Every registered measure on hand-built records: the value, the count and the evidence rows, and the window."""

import datetime as dt

import pytest

from workbridge.academics.tests.factories import StudentFactory, TeacherFactory
from workbridge.evaluation import indicators
from workbridge.evaluation.indicators import MEASURES, Window, compute
from workbridge.organizations.tests.factories import EnterpriseFactory, SchoolFactory

from . import builders as b

pytestmark = pytest.mark.django_db
D = dt.date
TERM = Window(D(2024, 9, 1), D(2025, 2, 28))
CHECKPOINT = "placement_start"


@pytest.fixture
def pair():
    school, enterprise = SchoolFactory(), EnterpriseFactory()
    return school, enterprise


def run(key, window=TERM):
    values, unavailable = compute([key], window)
    assert key not in unavailable
    return values[key]


def test_project_outputs_sum_per_pair_inside_the_window(pair):
    school, ent = pair
    other = EnterpriseFactory()
    ag, ag2 = b.agreement(school, ent), b.agreement(school, other)
    p, p2 = b.project(ag), b.project(ag2)
    rows = [b.output(p, "equipment_value", 120000), b.output(p, "equipment_value", 30000, on=D(2025, 2, 28))]
    b.output(p, "equipment_value", 99999, on=D(2025, 3, 1))  # next term
    b.output(p2, "equipment_value", 5)
    b.output(p, "money_invested", 70000)
    b.output(p, "courses", 1)
    b.output(p, "textbooks", 2)
    b.output(p, "people_trained", 45)
    v = run("equipment_invested")[(school.pk, ent.pk)]
    assert v.value == 150000 and v.count == 2
    assert sorted(v.rows["partnerships.projectoutput"]) == sorted(r.pk for r in rows)
    assert run("equipment_invested")[(school.pk, other.pk)].value == 5
    assert run("money_invested")[(school.pk, ent.pk)].value == 70000
    assert run("courses_codeveloped")[(school.pk, ent.pk)].value == 3
    assert run("people_trained")[(school.pk, ent.pk)].value == 45


def test_order_and_apprenticeship_students_distinct_and_running(pair):
    school, ent = pair
    ag = b.agreement(school, ent)
    s1, s2 = StudentFactory(school=school), StudentFactory(school=school)
    order, appr = b.project(ag, "order_class"), b.project(ag, "apprenticeship")
    b.participant(order, s1)
    b.participant(appr, s1)  # same student in two projects counts once
    b.participant(appr, s2)
    b.participant(b.project(ag, "joint_course"), StudentFactory(school=school))  # other type
    b.participant(b.project(ag, "order_class", status="planned"), StudentFactory(school=school))  # not running
    b.participant(
        b.project(ag, "order_class", start=D(2023, 1, 1), end=D(2023, 6, 30), status="completed"),
        StudentFactory(school=school),
    )  # ended before the term
    v = run("order_apprentice_students")[(school.pk, ent.pk)]
    assert v.value == 2 and v.count == 3


def test_interns_completion_retention_and_hires(pair):
    school, ent = pair
    pos = b.position(ent)
    done_hired = b.placement(school, ent, pos=pos, hired=True)
    done = b.placement(school, ent, pos=pos)
    stopped = b.placement(school, ent, pos=pos, status="terminated", end=D(2024, 12, 1))
    live = b.placement(school, ent, pos=pos, status="active", end=D(2025, 6, 30))
    b.placement(school, ent, pos=pos, status="planned")  # never started
    b.placement(school, ent, pos=pos, start=D(2024, 3, 1), end=D(2024, 6, 30))  # previous term
    hosted = run("interns_hosted")[(school.pk, ent.pk)]
    assert hosted.value == 4
    assert set(hosted.rows["placements.placement"]) == {done_hired.pk, done.pk, stopped.pk, live.pk}
    completion = run("internship_completion")[(school.pk, ent.pk)]
    assert completion.value == pytest.approx(2 / 3) and completion.count == 3
    retention = run("retention_hired")[(school.pk, ent.pk)]
    assert retention.value == pytest.approx(1 / 2) and retention.count == 2
    assert run("hires")[(school.pk, ent.pk)].value == 1


def test_rates_have_no_value_without_denominator(pair):
    school, ent = pair
    b.placement(school, ent, status="active", end=D(2025, 6, 30))
    assert (school.pk, ent.pk) not in run("internship_completion")
    values, unavailable = compute(["internship_completion", "interns_hosted"], TERM)
    assert indicators.value_for("internship_completion", values, unavailable, (school.pk, ent.pk)).value is None
    assert indicators.value_for("interns_hosted", values, unavailable, (999, 998)).value == 0


def test_placement_evaluations_mean_share(pair):
    school, ent = pair
    pl = b.placement(school, ent)
    b.evaluation(pl, "student", 80)
    b.evaluation(pl, "enterprise_mentor", 90)
    b.evaluation(b.placement(school, ent, start=D(2024, 3, 1), end=D(2024, 6, 30)), "student", 10)  # other term
    v = run("placement_evaluations")[(school.pk, ent.pk)]
    assert v.value == pytest.approx(0.85) and v.count == 2


def test_teachers_hosted_confirmed_distinct(pair):
    school, ent = pair
    t = TeacherFactory(school=school)
    b.practice(school, ent, teacher=t)
    b.practice(school, ent, teacher=t, start=D(2025, 1, 5), end=D(2025, 1, 20), days=10)
    b.practice(school, ent, status="submitted")
    b.practice(school, ent)
    v = run("teachers_hosted")[(school.pk, ent.pk)]
    assert v.value == 2 and v.count == 3


def test_lecturer_hours_take_the_larger_record(pair, world):
    school, ent = pair
    from workbridge.academics.tests.factories import CourseFactory

    course = CourseFactory(school=school)
    b.lecturer_teaching(school, ent, course, 40)
    b.lecturer_teaching(school, ent, course, 8)
    p = b.project(b.agreement(school, ent), "enterprise_lecturer")
    b.output(p, "hours_taught", 30)
    v = run("lecturer_hours")[(school.pk, ent.pk)]
    assert v.value == 48 and set(v.rows) == {"faculty.lecturerteaching", "partnerships.projectoutput"}
    b.output(p, "hours_taught", 30)
    assert run("lecturer_hours")[(school.pk, ent.pk)].value == 60


def test_training_base_use_both_directions(pair):
    school, ent = pair
    b.usage(ent, school, 6)
    b.usage(school, ent, 4)
    b.usage(school, SchoolFactory(), 100)  # school-school: not a partnership
    b.usage(ent, school, 9, on=D(2025, 4, 1))  # outside
    v = run("training_base_use")[(school.pk, ent.pk)]
    assert v.value == 10 and v.count == 2


def test_rnd_projects_outcomes_income_and_savings(pair):
    school, ent = pair
    ag = b.agreement(school, ent)
    linked = b.project(ag, "joint_rnd")
    b.project(ag, "joint_rnd")  # not recorded in research: counts on its own
    rp = b.rnd_project(school, ent, partnership_project=linked)
    b.rnd_project(school, ent, status="terminated")
    b.rnd_project(school, ent, start=D(2023, 1, 1), end=D(2023, 12, 31), status="completed", signed=D(2022, 12, 1))
    assert run("rnd_projects")[(school.pk, ent.pk)].value == 2
    b.rnd_outcome(rp, saved=50000, revenue=10000)
    b.rnd_outcome(rp, kind="process", on=D(2025, 5, 1), saved=1)
    b.output(linked, "patents", 2)
    assert run("rnd_outcomes")[(school.pk, ent.pk)].value == 3
    assert run("cost_saved")[(school.pk, ent.pk)].value == 60000
    assert run("rnd_income")[(school.pk, ent.pk)].value == 150000


def test_visibility_counts_applications(pair):
    school, ent = pair
    from workbridge.placements.models import Application

    pos = b.position(ent)
    for _ in range(3):
        Application.objects.create(student=StudentFactory(school=school), position=pos, school=school, enterprise=ent)
    today = dt.date.today()
    v = run("visibility", Window(today.replace(month=1, day=1), today.replace(month=12, day=31)))[(school.pk, ent.pk)]
    assert v.value == 3


def test_evaluator_rating_mean(world):
    from workbridge.evaluation.tests.factories import EvaluatorAssignmentFactory, EvaluatorRatingFactory
    from workbridge.organizations.tests.factories import AssociationFactory, GroupFactory

    for evaluator, rated_on, score in (
        (AssociationFactory(region=world.region1), D(2025, 1, 10), 80),
        (GroupFactory(region=world.region1), D(2025, 1, 11), 60),
    ):
        assignment = EvaluatorAssignmentFactory(
            evaluator=evaluator, school=world.school1, enterprise=world.enterprise1, assigned_by=None
        )
        EvaluatorRatingFactory(assignment=assignment, term="2024-2025-1", rated_on=rated_on, score=score, rated_by=None)
    v = run("evaluator_rating")[(world.school1.pk, world.enterprise1.pk)]
    assert v.value == pytest.approx(0.7) and v.count == 2


def test_violations_no_data_until_compliance_model_exists(pair):
    values, unavailable = compute(["violations"], TERM)
    if indicators.model("compliance", "Violation") is None:
        assert "violations" in unavailable
        assert indicators.value_for("violations", values, unavailable, pair).value is None
    else:
        assert "violations" not in unavailable
        from workbridge.compliance.models import Violation

        school, ent = pair

        def violation(status="open", **extra):
            if status != "open":
                extra.update(resolution="已整改", resolved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
            return Violation.objects.create(
                rule_code="CN-2021-10",
                severity="high",
                citation="《职业学校学生实习管理规定》",
                message_zh="违规",
                message_en="violation",
                checkpoint=CHECKPOINT,
                school=school,
                enterprise=ent,
                subject_key=f"k{Violation.objects.count()}",
                status=status,
                **extra,
            )

        v1, v2 = violation(), violation(status="resolved")
        violation(status="dismissed")  # dismissed findings are not violations
        Violation.objects.filter(pk=v2.pk).update(created_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC))
        Violation.objects.filter(pk=v1.pk).update(created_at=dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
        v = run("violations")[(school.pk, ent.pk)]
        assert v.value == 2 and sorted(v.rows["compliance.violation"]) == sorted([v1.pk, v2.pk])


def test_every_indexed_indicator_has_a_registered_measure():
    from workbridge.evaluation.datafiles import DEFAULT_INDEX_FILE, read_toml

    keys = [i["key"] for i in read_toml(DEFAULT_INDEX_FILE)["indicators"]]
    assert set(keys) <= set(MEASURES)
    assert len(keys) == 18


def test_teaching_resources_shared_credit_the_pair_of_a_joint_or_enterprise_work(pair):
    from workbridge.academics.tests.factories import CourseFactory, MajorFactory
    from workbridge.teaching_resources.models import TeachingResource

    school, ent = pair
    other_school = SchoolFactory()

    def resource(contributor, *co, courses=(), on=D(2024, 10, 8)):
        item = TeachingResource.objects.create(title="PLC 课件", contributor=contributor, licence="partners")
        item.co_contributors.set(co)
        item.courses.set(courses)
        TeachingResource.objects.filter(pk=item.pk).update(
            created_at=dt.datetime.combine(on, dt.time(10), tzinfo=dt.UTC)
        )
        return item

    joint = resource(school, ent)  # a joint textbook: the school contributes, the enterprise co-writes
    course = CourseFactory(school=school, major=MajorFactory(school=school))
    for_course = resource(ent, courses=[course])  # the enterprise's own case for the school's course
    resource(school)  # the school alone: no pair
    resource(ent)  # the enterprise alone, no course: no pair
    resource(school, ent, on=D(2025, 4, 1))  # outside the term
    resource(other_school, ent)  # another pair
    values = run("teaching_resources_shared")
    v = values[(school.pk, ent.pk)]
    assert v.value == 2 and sorted(v.rows["teaching_resources.teachingresource"]) == sorted([joint.pk, for_course.pk])
    assert values[(other_school.pk, ent.pk)].value == 1


def test_innovation_outputs_count_ventures_companies_and_awards_of_sponsored_bases(pair):
    from workbridge.innovation.models import Award, InnovationBase, Venture

    school, ent = pair
    base = InnovationBase.objects.create(school=school, sponsor=ent, name="双创基地")
    unsponsored = InnovationBase.objects.create(school=school, name="孵化园")
    started = Venture.objects.create(base=base, title="视觉检测", started_on=D(2024, 10, 1))
    company = Venture.objects.create(
        base=base,
        title="点检小程序",
        started_on=D(2023, 3, 1),  # started before the term: only its company counts
        stage="incubated",
        company_name="嘉兴视检科技有限公司",
        company_registered_on=D(2024, 12, 1),
    )
    award = Award.objects.create(venture=company, competition="创新大赛", level="provincial", prize="金奖", year=2024)
    Award.objects.create(venture=company, competition="创新大赛", level="national", prize="银奖", year=2022)
    Venture.objects.create(base=unsponsored, title="不计入", started_on=D(2024, 10, 1))
    v = run("innovation_outputs")[(school.pk, ent.pk)]
    assert v.value == 3
    assert sorted(v.rows["innovation.venture"]) == sorted([started.pk, company.pk])
    assert v.rows["innovation.award"] == [award.pk]


def test_every_kind_of_evidence_row_says_what_it_is():
    """The evidence page lists each record behind a figure by its str(): every model an indicator names as evidence
    has its own, never Django's "ProjectOutput object (12)" (read from the indicators' source, so a new indicator's
    evidence is covered too)."""
    import inspect
    import re

    from django.apps import apps
    from django.db import models

    labels = set(re.findall(r'"([a-z_]+\.[a-z]+)"', inspect.getsource(indicators)))
    evidence = [apps.get_model(label) for label in labels if "." in label and label.split(".")[0] in apps.app_configs]
    assert len(evidence) >= 15, sorted(labels)
    assert [m._meta.label for m in evidence if m.__str__ is models.Model.__str__] == []
