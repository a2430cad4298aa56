"""Matrix registrations for labour-market routes (see workbridge/core/matrix.py).

Postings, demand tables and the warning rules are market statistics every signed-in user reads (no personal data):
their routes are registered as shared across regions and their models as public. Everything a school owns is
private to it: its import batches, its majors' matrices, targets and warnings, course skill tags, demand surveys
and the enterprises' answers, graduate destinations and follow-ups, and training programmes. Each side of the
world gets one of each, made through the app's services where they are cheap; side 2's texts carry "乙" markers
that no side-1 page or API list may show.
"""

import datetime as dt

from django.db.models import Q

from workbridge.core.matrix import (
    Const,
    register_private_rows,
    register_public_model,
    register_route,
    register_sample,
)
from workbridge.core.roles import Role
from workbridge.labour_market import models as m

SUFFIX = {1: "甲", 2: "乙"}


def _bundle(world, side: int) -> dict:
    """Every labour-market object of one side, made once per world (routes ask for them in any order)."""
    cache = world.__dict__.setdefault("_labour_market_matrix", {})
    if side in cache:
        return cache[side]
    from workbridge.labour_market import services

    users = world.users if side == 1 else world.other
    school, enterprise = getattr(world, f"school{side}"), getattr(world, f"enterprise{side}")
    major, course, student = (
        getattr(world, f"major{side}"),
        getattr(world, f"course{side}"),
        getattr(world, f"student{side}"),
    )
    admin = users[Role.SCHOOL_ADMIN]
    mark = SUFFIX[side]

    source, _created = m.PostingSource.objects.get_or_create(
        name="matrix board", defaults={"licence_note": "test data"}
    )
    batch = m.IngestBatch.objects.create(
        source=source,
        organization=school,
        created_by=admin,
        file_name=f"机密批次{mark}.csv",
        file_format=m.FileFormat.CSV,
        status=m.BatchStatus.DONE,
        rows_total=1,
        rows_done=1,
        imported=1,
    )
    posting = m.Posting.objects.create(
        source=source,
        batch=batch,
        title=f"公开岗位{mark}",
        company_name=enterprise.name,
        text="负责 PLC 编程与设备调试。",
        raw_salary="6千-8千",
        salary_min=6000,
        salary_max=8000,
        occupation_code="6-31-01-03",
        enterprise=enterprise,
        region=getattr(world, f"region{side}"),
        posted_month=dt.date(2024, 3, 1),
    )
    target = m.MajorTargetOccupation.objects.create(major=major, occupation_code="6-31-01-03", weight=3)
    m.MajorWarning.objects.create(major=major, year=2024, level=m.WarningLevel.YELLOW, reasons=[], indicators={})
    skill, _created = m.Skill.objects.get_or_create(
        skill_id="matrix:plc", defaults={"name_zh": "PLC编程", "name_en": "PLC programming"}
    )
    course_tag = m.CourseSkill.objects.create(
        course=course, skill=skill, status=m.TagStatus.SUGGESTED, evidence=f"机密课程标签{mark}"
    )

    survey = services.survey_create(actor=admin, title=f"机密调查{mark}", target_year=2026)
    services.survey_invite(actor=admin, survey=survey, enterprises=[enterprise])
    services.survey_set_status(actor=admin, survey=survey, status=m.SurveyStatus.OPEN)
    response = m.SurveyResponse.objects.create(
        survey=survey, enterprise=enterprise, submitted_by=users[Role.ENTERPRISE_ADMIN]
    )
    m.SurveyPostDemand.objects.create(response=response, title=f"机密需求岗位{mark}", headcount=3, skills_text="PLC")

    m.GraduateDestination.objects.create(
        school=school,
        major=major,
        student=student,
        student_number=student.student_number,
        graduation_year=2024,
        destination=m.Destination.EMPLOYED,
        employer_name=f"机密去向单位{mark}",
    )
    followup = m.DestinationFollowUp.objects.create(student=student, school=school, graduation_year=2025)
    programme = services.programme_create(
        actor=admin,
        major=major,
        cohort_year=2025,
        title=f"机密方案{mark}",
        content={
            "target_posts": ["电气设备调试"],
            "competencies": [],
            "certificates": [],
            "courses": [{"name": f"机密方案课程{mark}", "semester": 2, "hours": 64, "practice_hours": 32}],
        },
    )
    services.programme_invite(actor=admin, programme=programme, user=users[Role.ENTERPRISE_ADMIN])
    services.warning_rules_load()
    rules = list(m.WarningRule.objects.order_by("key"))

    cache[side] = {
        "batch": batch,
        "posting": posting,
        "major": major,
        "course": course,
        "survey": survey,
        "followup": followup,
        "programme": programme,
        "warning_rule": rules[side - 1],
        "target": target,
        "course_tag": course_tag,
    }
    return cache[side]


SAMPLES = [
    ("batch", lambda b: b.file_name),
    ("posting", None),  # public market data
    ("major", None),  # the academics world's major; its name is already a marker
    ("course", None),
    ("survey", lambda s: s.title),
    ("followup", None),
    ("programme", lambda p: p.title),
    ("warning_rule", None),  # platform-wide rule
    ("target", None),
    ("course_tag", lambda t: t.evidence),
]
for name, marker in SAMPLES:
    register_sample(f"lm_{name}", make=lambda w, side, name=name: _bundle(w, side)[name], marker=marker)

for model in (
    m.Skill,
    m.Occupation,
    m.PostingSource,
    m.Posting,
    m.PostingSkill,
    m.DemandStat,
    m.WarningRule,
    m.WarningSetting,
):
    register_public_model(model)
register_private_rows(m.IngestBatch, lambda w: Q(organization__region=w.region2))
register_private_rows(m.DemandSurvey, lambda w: Q(school__region=w.region2))
register_private_rows(m.TrainingProgramme, lambda w: Q(school__region=w.region2))

# Pages
register_route("labour_market:batch", pk="lm_batch")
register_route("labour_market:batch-resume", pk="lm_batch")
register_route("labour_market:batch-rollback", pk="lm_batch")
register_route("labour_market:posting", pk="lm_posting", cross_region=True)
register_route("labour_market:major", pk="lm_major")
register_route("labour_market:major-target", pk="lm_major")
register_route("labour_market:course-skills", pk="lm_course")
# The warning rules are one platform-wide set (the national thresholds they cite), not a region's rows.
register_route("labour_market:warning-rule", pk="lm_warning_rule", cross_region=True)
register_route("labour_market:survey", pk="lm_survey")
register_route("labour_market:survey-answer", pk="lm_survey")
register_route("labour_market:followup", pk="lm_followup")
register_route("labour_market:programme", pk="lm_programme")
register_route(
    "labour_market:ingest",
    write_roles=(Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.ASSOCIATION_OFFICER),
)
register_route("labour_market:surveys", write_roles=(Role.SCHOOL_ADMIN, Role.TEACHER))
register_route("labour_market:warnings", write_roles=(Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER))
register_route("labour_market:destinations", write_roles=(Role.SCHOOL_ADMIN,))
register_route(
    "labour_market:association", write_roles=(Role.ASSOCIATION_OFFICER,)
)  # publishes standards and forecasts

# API
register_route("lm-posting", pk="lm_posting", cross_region=True)
register_route("lm-batch", pk="lm_batch")
register_route("lm-batch-resume", pk="lm_batch")  # the uploader or the platform admin; anyone else gets 404
register_route("lm-batch-rollback", pk="lm_batch")
register_route("lm-matrix", pk="lm_major")
register_route("lm-programme", pk="lm_programme")
register_route("lm-survey-respond", pk="lm_survey")
register_route(
    "lm-ingest",
    write_roles=(Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.ASSOCIATION_OFFICER),
)
register_route("lm-destinations-import", write_roles=(Role.SCHOOL_ADMIN,))

# The twins of the pages' actions (apis_actions.py)
register_route("lm-major-targets", pk="lm_major")
register_route("lm-major-target", pk="lm_major", target_pk="lm_target")
register_route("lm-course-skills", pk="lm_course")
register_route("lm-course-skills-suggest", pk="lm_course")
register_route("lm-course-skill-decide", pk="lm_course", tag_pk="lm_course_tag")
register_route("lm-warnings-recompute", write_roles=(Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER))
register_route("lm-warning-rule", pk="lm_warning_rule", cross_region=True)
register_route("lm-survey-questions", pk="lm_survey")
register_route("lm-survey-invite", pk="lm_survey")
register_route("lm-survey-status", pk="lm_survey")
register_route("lm-standards", write_roles=(Role.ASSOCIATION_OFFICER,))
register_route("lm-forecasts", write_roles=(Role.ASSOCIATION_OFFICER,))
register_route("lm-followup-answer", pk="lm_followup")
for name in ("lm-programme-revise", "lm-programme-comment", "lm-programme-reviewers", "lm-programme-sign"):
    register_route(name, pk="lm_programme")
# Skills and occupations (issue 11): reference data every signed-in role reads, the same in every region; the
# detail routes take a taxonomy id / classification code (the skill is the one the bundle above makes).
register_route("lm-skills", cross_region=True)
register_route("lm-skill", skill_id=Const("matrix:plc"), cross_region=True)
register_route("lm-occupations", cross_region=True)
register_route("lm-occupation", code=Const("2-02-10-03"), cross_region=True)
register_route("lm-extract", cross_region=True)  # POST only: pure computation on the texts sent, nothing stored
