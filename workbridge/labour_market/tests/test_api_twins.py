"""The labour-market pages' API twins (apis_actions.py): same services, their own bodies, the same roles."""

import pytest

from workbridge.core.roles import Role
from workbridge.labour_market import models as m
from workbridge.labour_market import services

pytestmark = pytest.mark.django_db


def test_targets_and_course_skills(world, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    added = admin.post(
        f"/api/v1/labour-market/majors/{world.major1.pk}/targets/",
        {"occupation_code": "6-31-01-03", "weight": 3},
        format="json",
    )
    assert added.status_code == 201, added.json()
    removed = admin.delete(f"/api/v1/labour-market/majors/{world.major1.pk}/targets/{added.json()['id']}/")
    assert removed.status_code == 204 and not m.MajorTargetOccupation.objects.filter(major=world.major1).exists()
    foreign = api_client_for(world.other[Role.SCHOOL_ADMIN]).post(
        f"/api/v1/labour-market/majors/{world.major1.pk}/targets/", {"occupation_code": "6-31-01-03"}, format="json"
    )
    assert foreign.status_code == 404

    skill = m.Skill.objects.create(skill_id="t:plc", name_zh="PLC编程", name_en="PLC programming")
    tagged = admin.post(
        f"/api/v1/labour-market/courses/{world.course1.pk}/skills/", {"skill": "PLC编程"}, format="json"
    )
    assert tagged.status_code == 201 and tagged.json()["skill"] == skill.skill_id
    unknown = admin.post(
        f"/api/v1/labour-market/courses/{world.course1.pk}/skills/", {"skill": "不存在"}, format="json"
    )
    assert unknown.status_code == 400
    decided = admin.post(
        f"/api/v1/labour-market/courses/{world.course1.pk}/skills/{tagged.json()['id']}/decide/",
        {"status": "rejected"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "rejected"


def test_survey_from_draft_to_open(world, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    made = admin.post("/api/v1/labour-market/surveys/", {"title": "2027 用人需求", "target_year": 2027}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "draft"
    pk = made.json()["id"]
    question = admin.post(
        f"/api/v1/labour-market/surveys/{pk}/questions/",
        {"text": "明年需要几名电工？", "kind": "number", "required": True},
        format="json",
    )
    assert question.status_code == 201, question.json()
    bad_invite = admin.post(
        f"/api/v1/labour-market/surveys/{pk}/invite/", {"enterprises": [world.school1.pk]}, format="json"
    )
    assert bad_invite.status_code == 400
    invited = admin.post(
        f"/api/v1/labour-market/surveys/{pk}/invite/", {"enterprises": [world.enterprise1.pk]}, format="json"
    )
    assert invited.status_code == 200
    opened = admin.post(f"/api/v1/labour-market/surveys/{pk}/status/", {"status": "open"}, format="json")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    listed = admin.get("/api/v1/labour-market/surveys/")
    assert listed.status_code == 200 and pk in [s["id"] for s in listed.json()]
    enterprise = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    assert (
        enterprise.post(
            "/api/v1/labour-market/surveys/", {"title": "x", "target_year": 2027}, format="json"
        ).status_code
        == 403
    )


def test_programme_versions_and_sign_off(world, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    made = admin.post(
        "/api/v1/labour-market/programmes/",
        {"major": world.major1.pk, "cohort_year": 2027, "title": "机电一体化现代学徒制方案"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    programme = m.TrainingProgramme.objects.get(pk=pk)
    assert programme.versions.get().content["target_posts"] == ["机电一体化现代学徒制方案"]
    revised = admin.post(
        f"/api/v1/labour-market/programmes/{pk}/versions/",
        {
            "content": {
                "target_posts": ["设备调试"],
                "competencies": ["读懂电气图"],
                "certificates": [],
                "courses": [{"name": "PLC 应用", "semester": 3, "hours": 64, "practice_hours": 32}],
            },
            "summary": "加入 PLC 课程",
        },
        format="json",
    )
    assert revised.status_code == 201 and revised.json()["number"] == 2
    invited = admin.post(
        f"/api/v1/labour-market/programmes/{pk}/reviewers/",
        {"username": world.users[Role.ENTERPRISE_ADMIN].username},
        format="json",
    )
    assert invited.status_code == 201, invited.json()
    reviewer = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    comment = reviewer.post(
        f"/api/v1/labour-market/programmes/{pk}/comments/",
        {"version": 2, "line_key": "general", "text": "建议增加安全课"},
        format="json",
    )
    assert comment.status_code == 201, comment.json()
    signed = reviewer.post(f"/api/v1/labour-market/programmes/{pk}/sign/")
    assert signed.status_code == 200 and signed.json()["signed_version"] == 2


def test_standards_rules_and_recompute(world, api_client_for):
    m.Skill.objects.create(skill_id="t:robot", name_zh="工业机器人", name_en="Industrial robots")
    body = {
        "title": "工业机器人运维岗位能力标准",
        "sector": "智能制造",
        "occupation_code": "6-31-01-10",
        "year": 2027,
        "source_note": "协会 2027 年团体标准",
        "skills": [{"skill": "工业机器人", "importance": 5}],
    }
    assert (
        api_client_for(world.users[Role.SCHOOL_ADMIN])
        .post("/api/v1/labour-market/association/standards/", body, format="json")
        .status_code
        == 403
    )
    published = api_client_for(world.users[Role.ASSOCIATION_OFFICER]).post(
        "/api/v1/labour-market/association/standards/", body, format="json"
    )
    assert published.status_code == 201, published.json()

    services.warning_rules_load()
    rule = m.WarningRule.objects.order_by("key").first()
    change = {"threshold": rule.threshold, "yellow_threshold": None, "weight": 2, "enabled": False}
    assert (
        api_client_for(world.users[Role.SCHOOL_ADMIN])
        .put(f"/api/v1/labour-market/warning-rules/{rule.pk}/", change, format="json")
        .status_code
        == 403
    )
    updated = api_client_for(world.users[Role.AUTHORITY_OFFICER]).put(
        f"/api/v1/labour-market/warning-rules/{rule.pk}/", change, format="json"
    )
    assert updated.status_code == 200 and updated.json()["enabled"] is False
    recomputed = api_client_for(world.users[Role.SCHOOL_ADMIN]).post(
        "/api/v1/labour-market/warnings/recompute/", {"year": 2025}, format="json"
    )
    assert recomputed.status_code == 200 and recomputed.json()["year"] == 2025
    assert (
        api_client_for(world.users[Role.STUDENT]).post("/api/v1/labour-market/warnings/recompute/").status_code == 403
    )
