"""Issue 15.0: internship plans. A school prepares a plan per practice course and its classes; the school's
settings are its defaults; placements of its students within its dates belong to it; its rules apply to them."""

import datetime as dt

import pytest

from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.placements import models as m
from workbridge.placements import selectors
from workbridge.placements import services as svc
from workbridge.placements.services import plans as plans_svc
from workbridge.placements.services import reports as rep_svc

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db


def _plan(setup, **extra):
    today = dt.date.today()
    values = {
        "title": "2024级机电 岗位实习",
        "kind": "post",
        "start_date": today - dt.timedelta(days=60),
        "end_date": today + dt.timedelta(days=180),
        "cohort_ids": [setup.student.cohort_id],
    }
    values.update(extra)
    return plans_svc.plan_create(actor=setup.school_admin, **values)


def test_a_new_plan_takes_the_school_settings_as_defaults(setup):
    settings = svc.settings_for(setup.world.school1.pk)
    settings.grade_weights = {"enterprise": 0.5, "school": 0.2, "reports": 0.2, "attendance": 0.1}
    settings.save()
    plan = _plan(setup)
    assert plan.grade_weights == {"enterprise": 0.5, "school": 0.2, "reports": 0.2, "attendance": 0.1}
    assert plan.status == m.PlanStatus.DRAFT and list(plan.cohorts.all()) == [setup.student.cohort]


def test_bad_plans_are_refused_with_the_field(setup):
    with pytest.raises(ValidationFailed) as weights:
        _plan(setup, grade_weights={"enterprise": 0.5, "school": 0.5, "reports": 0.5, "attendance": 0})
    assert "grade_weights" in weights.value.errors
    with pytest.raises(ValidationFailed) as cohorts:
        _plan(setup, cohort_ids=[setup.world.cohort2.pk])  # another school's class
    assert "cohorts" in cohorts.value.errors
    with pytest.raises(ValidationFailed) as weeks:
        _plan(setup, min_weeks=60)  # longer than the plan's dates
    assert "min_weeks" in weeks.value.errors
    with pytest.raises(PermissionDenied):
        plans_svc.plan_create(
            actor=setup.student_user,
            title="x",
            kind="post",
            start_date=dt.date.today(),
            end_date=dt.date.today(),
            cohort_ids=[setup.student.cohort_id],
        )
    assert not m.InternshipPlan.objects.exists()


def test_opening_a_plan_gathers_its_placements_and_new_ones_join_it(setup):
    placement = make_active_placement(setup)
    assert placement.plan is None
    plan = _plan(setup)
    plans_svc.plan_set_status(actor=setup.school_admin, plan=plan, status="open")
    placement.refresh_from_db()
    assert placement.plan == plan
    with pytest.raises(InvalidTransition):
        plans_svc.plan_set_status(actor=setup.school_admin, plan=plan, status="draft")
    # a placement made later for a student of the plan's class joins the running plan
    from workbridge.academics.tests.factories import StudentFactory

    other = StudentFactory(school=setup.world.school1, major=setup.world.major1, cohort=setup.student.cohort)
    made = svc.placement_create(
        actor=setup.school_admin,
        student=other,
        position=setup.position,
        start_date=dt.date.today() + dt.timedelta(days=7),
        end_date=dt.date.today() + dt.timedelta(days=100),
    )
    assert made.plan == plan


def test_the_plan_sets_report_length_and_grade_weights(setup):
    placement = make_active_placement(setup)
    plan = _plan(
        setup,
        min_report_chars=40,
        min_weekly_reports=2,
        grade_weights={"enterprise": 1, "school": 0, "reports": 0, "attendance": 0},
    )
    plans_svc.plan_set_status(actor=setup.school_admin, plan=plan, status="open")
    placement.refresh_from_db()
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday() + 7)
    with pytest.raises(ValidationFailed) as short:
        rep_svc.report_submit(
            actor=setup.student_user, placement=placement, period_start=monday, tasks="接线", learnt="安全", hours=40
        )
    assert "40" in short.value.message and "tasks" in short.value.errors
    rep_svc.report_submit(
        actor=setup.student_user,
        placement=placement,
        period_start=monday,
        tasks="本周完成了三条生产线的电气接线与调试，配合师傅更换了两台变频器。",
        learnt="学会了读懂电气原理图，掌握变频器参数设置。",
        hours=40,
    )
    rep_svc.evaluation_submit(
        actor=setup.mentor,
        placement=placement,
        scores={i.code: 80 for i in selectors.competency_items_for(placement.student)},
    )
    graded = rep_svc.grade_compute(actor=setup.school_admin, placement=placement)
    assert graded.grade_breakdown["weights"]["enterprise"] == 1.0  # the plan's weights, not the school's
    progress = selectors.plan_progress(actor=setup.school_admin, plan=plan)
    assert progress.students == 1 and progress.placed == 1 and progress.reports_submitted == 1
    assert progress.meeting_report_rule == 0 and progress.graded == 1
    assert progress.rows[0].meets_reports is False


def test_plan_pages_for_staff_and_students(setup, client):
    client.force_login(setup.school_admin)
    today = dt.date.today()
    page = client.post(
        "/placements/plans/",
        {
            "title": "2024级机电 认识实习",
            "kind": "cognitive",
            "start_date": str(today),
            "end_date": str(today + dt.timedelta(days=30)),
            "min_weeks": 2,
            "cohorts": [setup.student.cohort_id],
            "weight_enterprise": 40,
            "weight_school": 30,
            "weight_reports": 20,
            "weight_attendance": 10,
            "min_weekly_reports": 2,
            "min_report_chars": 300,
            "final_report_required": "on",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    plan = m.InternshipPlan.objects.get()
    detail = client.get(page["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "认识实习" in detail and "至少 2 份" in detail and "每份至少 300 字" in detail
    assert "weight_" not in detail and "cognitive" not in detail
    bad = client.post(
        "/placements/plans/",
        {
            "title": "x",
            "kind": "post",
            "start_date": str(today),
            "end_date": str(today),
            "cohorts": [],
            "weight_enterprise": 50,
            "weight_school": 50,
            "weight_reports": 50,
            "weight_attendance": 0,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert bad.status_code == 400 and "100%" in bad.content.decode()
    client.force_login(setup.student_user)
    seen = client.get(f"/placements/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert plan.title in seen and "每份至少 300 字" in seen  # the student reads the requirements...
    assert "<h2>进度</h2>" not in seen and setup.student.student_number not in seen  # ...not the class's progress
    assert client.post(f"/placements/plans/{plan.pk}/", {"status": "open"}).status_code == 403
    client.force_login(setup.world.other[Role.SCHOOL_ADMIN])
    assert client.get(f"/placements/plans/{plan.pk}/").status_code == 404


def test_plan_api(setup, api_client_for):
    today = dt.date.today()
    school = api_client_for(setup.school_admin)
    made = school.post(
        "/api/v1/placements/plans/",
        {
            "title": "API 计划",
            "start_date": str(today - dt.timedelta(days=10)),
            "end_date": str(today + dt.timedelta(days=120)),
            "cohorts": [setup.student.cohort_id],
            "min_weekly_reports": 4,
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    opened = school.post(f"/api/v1/placements/plans/{pk}/status/", {"status": "open"}, format="json")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    progress = school.get(f"/api/v1/placements/plans/{pk}/progress/")
    assert progress.status_code == 200 and progress.json()[0]["student_number"] == setup.student.student_number
    student = api_client_for(setup.student_user)
    assert student.get(f"/api/v1/placements/plans/{pk}/").status_code == 200
    assert student.get(f"/api/v1/placements/plans/{pk}/progress/").status_code == 403
