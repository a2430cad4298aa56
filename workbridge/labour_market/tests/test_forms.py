"""The pages' forms (issue 10.2): a bad input answers with the error beside its field, in the page's language, never
a server error, and nothing is saved; good input still reaches the same service."""

import pytest
from django.urls import reverse

from workbridge.core.roles import Role
from workbridge.labour_market import models as m
from workbridge.labour_market import services

from .factories import OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _errors_beside(response, field: str) -> list[str]:
    """The error texts the page shows beside one field."""
    form = next(
        f
        for key in (
            "form",
            "target_form",
            "year_form",
            "standard_form",
            "forecast_form",
            "question_form",
            "revise_form",
        )
        if (f := response.context.get(key)) is not None and getattr(f, "errors", None)
    )
    return [str(e) for e in form.errors.get(field, [])]


def test_warning_rule_with_a_non_number_threshold_is_refused_beside_the_box(world, client):
    services.warning_rules_load()
    rule = m.WarningRule.objects.order_by("key").first()
    before = (rule.threshold, rule.weight, rule.enabled)
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    response = client.post(
        reverse("labour_market:warning-rule", args=[rule.pk]),
        {"threshold": "七十", "weight": "1", "enabled": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="form-field has-error"' in page and "Enter a number." in page
    rule.refresh_from_db()
    assert (rule.threshold, rule.weight, rule.enabled) == before
    good = client.post(
        reverse("labour_market:warning-rule", args=[rule.pk]), {"threshold": "0.5", "weight": "2", "enabled": ""}
    )
    assert good.status_code == 302
    rule.refresh_from_db()
    assert (rule.threshold, rule.weight, rule.enabled) == (0.5, 2.0, False)


def test_warnings_recompute_year_out_of_range_is_shown_beside_the_year(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post(reverse("labour_market:warnings"), {"year": "abc"})
    assert response.status_code == 400 and _errors_beside(response, "year")
    assert not m.MajorWarning.objects.exists()


def test_unknown_occupation_on_the_major_page_is_refused_beside_the_box(world, client):
    occupation = OccupationFactory(name="工业机器人系统运维员")
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    url = reverse("labour_market:major-target", args=[world.major1.pk])
    response = client.post(url, {"occupation_code": "不存在的职业", "weight": "2"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "不存在的职业" in _errors_beside(response, "occupation_code")[0]
    assert not m.MajorTargetOccupation.objects.filter(major=world.major1).exists()
    weight = client.post(url, {"occupation_code": occupation.name, "weight": "11"})
    assert weight.status_code == 400 and _errors_beside(weight, "weight")
    # chosen by name: the code is stored
    ok = client.post(url, {"occupation_code": occupation.name, "weight": "3"})
    assert ok.status_code == 302
    target = m.MajorTargetOccupation.objects.get(major=world.major1)
    assert (target.occupation_code, target.weight) == (occupation.code, 3)
    # the page offers the occupations by name
    page = client.get(reverse("labour_market:major", args=[world.major1.pk])).content.decode()
    assert f'<option value="{occupation.name}">{occupation.code}</option>' in page


def test_survey_missing_title_and_bad_year(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post(reverse("labour_market:surveys"), {"title": "", "target_year": "1800"})
    assert response.status_code == 400
    assert _errors_beside(response, "title") and _errors_beside(response, "target_year")
    assert not m.DemandSurvey.objects.exists()


def test_survey_choice_question_needs_two_choices_and_answers_need_a_head_count(world, client):
    school = world.users[Role.SCHOOL_ADMIN]
    survey = services.survey_create(actor=school, title="需求调查", target_year=2026)
    client.force_login(school)
    url = reverse("labour_market:survey", args=[survey.pk])
    response = client.post(url, {"action": "question", "text": "是否提供实习？", "kind": "choice", "choices": "是"})
    assert response.status_code == 400 and _errors_beside(response, "choices")
    assert not survey.questions.exists()
    services.survey_question_add(actor=school, survey=survey, text="今年计划招多少人？", kind="number", required=True)
    services.survey_invite(actor=school, survey=survey, enterprises=[world.enterprise1])
    services.survey_set_status(actor=school, survey=survey, status=m.SurveyStatus.OPEN)
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    answer = reverse("labour_market:survey-answer", args=[survey.pk])
    bad = client.post(
        answer,
        {"post_title": ["PLC工程师"], "post_headcount": ["很多"], "post_skills": [""], "q1": "十个"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "PLC工程师" in page and 'class="has-error"' in page  # the row keeps what was typed, marked
    assert bad.context["form"].errors.get("q1")
    assert not survey.responses.exists()


def test_association_standard_with_an_unknown_skill_and_bad_importance(world, client):
    occupation = OccupationFactory(name="电工")
    SkillFactory(name_zh="电气识图")
    client.force_login(world.users[Role.ASSOCIATION_OFFICER])
    data = {
        "kind": "standard",
        "title": "电工团体标准",
        "sector": "电力",
        "occupation_code": occupation.name,
        "year": "2027",
        "skills": "电气识图:9\n会飞:3",
        "source_note": "协会 2027 年团体标准",
    }
    response = client.post(reverse("labour_market:association"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = " ".join(_errors_beside(response, "skills"))
    assert "1 to 5" in errors and "会飞" in errors
    assert not m.SkillStandard.objects.exists()
    ok = client.post(reverse("labour_market:association"), {**data, "skills": "电气识图:4"})
    assert ok.status_code == 302
    assert m.SkillStandard.objects.get().occupation_code == occupation.code
    forecast = client.post(
        reverse("labour_market:association"),
        {"kind": "forecast", "sector": "电力", "occupation_code": occupation.name, "year": "2027", "headcount": "-5"},
    )
    assert forecast.status_code == 400
    assert _errors_beside(forecast, "headcount") and _errors_beside(forecast, "source_note")
    assert not m.HeadcountForecast.objects.exists()


def test_programme_revision_with_a_bad_course_row_keeps_the_draft(world, client):
    teacher = world.users[Role.TEACHER]
    programme = services.programme_create(
        actor=teacher,
        major=world.major1,
        cohort_year=2025,
        title="方案",
        content={"target_posts": ["软件工程师"], "courses": [{"name": "Python", "semester": 2, "hours": 64}]},
    )
    client.force_login(teacher)
    url = reverse("labour_market:programme", args=[programme.pk])
    response = client.post(
        url,
        {
            "action": "revise",
            "target_posts": "软件工程师",
            "course_name": ["Python", "数据库"],
            "course_semester": ["2", "13"],
            "course_hours": ["64", "48"],
            "course_practice": ["32", "100"],
        },
    )
    assert response.status_code == 400
    assert "数据库" in response.content.decode() and response.context["revise_form"].non_field_errors()
    assert programme.versions.count() == 1
    empty = client.post(url, {"action": "comment", "version": "1", "line_key": "courses:Python", "text": ""})
    assert empty.status_code == 400 and not programme.current.comments.exists()
    nobody = client.post(url, {"action": "invite", "username": "no-such-user"})
    assert nobody.status_code == 400 and not programme.reviewers.exists()


def test_programme_start_needs_a_title(world, client):
    client.force_login(world.users[Role.TEACHER])
    response = client.post(
        reverse("labour_market:programmes"), {"major": world.major1.pk, "cohort_year": "2025", "title": ""}
    )
    assert response.status_code == 400 and _errors_beside(response, "title")
    assert not m.TrainingProgramme.objects.exists()


def test_course_skill_unknown_name_is_refused_beside_the_box(world, client):
    skill = SkillFactory(name_zh="电机控制")
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    url = reverse("labour_market:course-skills", args=[world.course1.pk])
    response = client.post(url, {"action": "add", "skill": "不存在的技能"})
    assert response.status_code == 400 and _errors_beside(response, "skill")
    assert not world.course1.skill_tags.exists()
    assert client.post(url, {"action": "add", "skill": "电机控制"}).status_code == 302
    assert world.course1.skill_tags.get().skill == skill


def test_ingest_without_a_file_and_with_a_bad_month(world, client, postings_csv):
    import io

    client.force_login(world.users[Role.SCHOOL_ADMIN])
    url = reverse("labour_market:ingest")
    response = client.post(url, {"step": "preview"})
    assert response.status_code == 400 and _errors_beside(response, "file")
    upload = io.BytesIO(postings_csv)
    upload.name = "p.csv"
    preview = client.post(url, {"file": upload, "step": "preview"})
    data = {
        "step": "commit",
        "token": preview.context["token"],
        "file_name": "p.csv",
        "format": "csv",
        "month": "2024-13",
        **{f"map_{k}": v for k, v in preview.context["preview"]["mapping"].items()},
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and bad.context["commit_form"].errors.get("month")
    assert not m.IngestBatch.objects.exists()
    assert client.post(url, {**data, "month": "2024-03"}).status_code == 302
    assert m.IngestBatch.objects.get().status == "done"
