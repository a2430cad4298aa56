import io

import pytest

from workbridge.core.exceptions import ImportFailed, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.labour_market import selectors, services
from workbridge.labour_market.models import (
    CourseSkill,
    GraduateDestination,
    MajorWarning,
    Posting,
    Skill,
    TagStatus,
    WarningRule,
)

pytestmark = pytest.mark.django_db


def _ingest(world, data):
    f = io.BytesIO(data)
    f.name = "p.csv"
    return services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=f, source="t")


def test_matrix_gaps_and_coverage_from_real_postings(world, postings_csv):
    _ingest(world, postings_csv)
    # a computing major: Python, Django and MySQL are its field's skills (major_fields.toml), so they can be gaps
    world.major1.code, world.major1.name = "510201", "计算机应用技术"
    world.major1.save()
    code = Posting.objects.filter(title="Python开发工程师").values_list("occupation_code", flat=True).first()
    assert code
    teacher = world.users[Role.TEACHER]
    services.target_occupation_set(actor=teacher, major=world.major1, occupation_code=code, weight=2)
    course = world.course1
    course.learning_outcomes = "掌握Python程序设计，能使用Django开发Web应用。"
    course.save()
    suggested = services.course_skills_suggest(actor=teacher, course=course)
    assert suggested and all(t.status == TagStatus.SUGGESTED for t in suggested)
    matrix = selectors.major_matrix(world.major1)
    assert matrix.result.coverage == 0  # nothing confirmed yet
    python = next(t for t in suggested if t.skill.name_en.lower() == "python")
    services.course_skill_decide(actor=teacher, tag=python, status=TagStatus.CONFIRMED)
    matrix = selectors.major_matrix(world.major1)
    assert 0 < matrix.result.coverage < 1
    assert python.skill.skill_id not in {g.skill for g in matrix.result.gaps}
    # the fixture holds a handful of postings: Django is asked for by two, below the three a gap needs
    assert "it.python_ecosystem.django" in {r.skill for r in matrix.result.thin}
    assert all(g.evidence >= matrix.result.min_evidence for g in matrix.result.gaps)


def test_a_skill_of_another_field_is_never_a_gap(world, postings_csv):
    _ingest(world, postings_csv)  # the world's major is 机电一体化 (装备制造大类): Python postings are another field's
    code = Posting.objects.filter(title="Python开发工程师").values_list("occupation_code", flat=True).first()
    services.target_occupation_set(actor=world.users[Role.TEACHER], major=world.major1, occupation_code=code)
    matrix = selectors.major_matrix(world.major1)
    assert matrix.field.code == "46"
    assert matrix.result.top, "the postings still show as demand"
    gaps = {g.skill for g in matrix.result.gaps}
    assert not any(s.startswith("it.") for s in gaps)
    assert any(s.startswith("it.") for s in {r.skill for r in matrix.result.beside})


def test_other_school_cannot_tag_or_target(world):
    other = world.other[Role.SCHOOL_ADMIN]
    with pytest.raises(PermissionDenied):
        services.course_skills_suggest(actor=other, course=world.course1)
    with pytest.raises(PermissionDenied):
        services.target_occupation_set(actor=other, major=world.major1, occupation_code="2-02-10-03")
    with pytest.raises(NotFound):
        selectors.major_get(actor=other, pk=world.major1.pk)


def _xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(
        ["学号", "专业代码", "毕业年份", "去向", "单位", "职业代码", "起薪", "专业相关度", "实习单位留用"]
    )
    for r in rows:
        book.active.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_destination_import_all_or_nothing_and_rates(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    code = world.major1.code
    bad = _xlsx(
        [
            ["S1", code, 2024, "就业", "企业1", "", 5000, "对口", "是"],
            ["S2", code, 2024, "跳槽", "", "", "", "", ""],
            ["S3", "999999", "x", "升学", "", "", "", "", ""],
        ]
    )
    with pytest.raises(ImportFailed) as exc:
        services.destinations_import(actor=admin, data=bad)
    problems = {(e["row"], e["column"]) for e in exc.value.errors}
    # Row errors name the column as the school's sheet writes it.
    assert (3, "去向") in problems and (4, "毕业年份") in problems and (4, "专业代码") in problems
    assert not GraduateDestination.objects.exists()
    good = _xlsx(
        [
            ["S1", code, 2024, "就业", "企业1", "2-02-10-03", 5000, "对口", "是"],
            ["S2", code, 2024, "未就业", "", "", "", "", ""],
            ["S3", code, 2024, "升学", "", "", "", "", ""],
            ["S4", code, 2024, "就业", "别家", "", 4000, "不相关", "否"],
        ]
    )
    assert services.destinations_import(actor=admin, data=good) == 4
    first = GraduateDestination.objects.get(student_number="S1")
    assert first.employer_id == world.enterprise1.pk and first.hired_by_host is True
    rates = selectors.destination_rates(world.major1)[0]
    assert rates.graduates == 4 and rates.employment_rate == 0.5 and rates.destination_rate == 0.75
    assert rates.salary_avg == 4500 and rates.retention_rate == 0.5
    # scope: another school sees none of it
    assert not selectors.destination_list(actor=world.other[Role.SCHOOL_ADMIN]).exists()
    assert selectors.destination_list(actor=world.users[Role.AUTHORITY_OFFICER]).count() == 4
    assert not selectors.destination_list(actor=world.other[Role.AUTHORITY_OFFICER]).exists()


def test_warnings_from_two_bad_years(world):
    major = world.major1
    for year, employed in ((2023, 5), (2024, 5)):
        for i in range(10):
            GraduateDestination.objects.create(
                school=world.school1,
                major=major,
                student_number=f"{year}-{i}",
                graduation_year=year,
                destination="employed" if i < employed else "not_placed",
                employer_name="x" if i < employed else "",
            )
    services.warnings_recompute(majors=[major], year=2024)
    warning = MajorWarning.objects.get(major=major, year=2024)
    assert warning.level == "red"
    failing = {r["key"] for r in warning.reasons if r["status"] == "fail"}
    assert {"employment_rate", "destination_rate"} <= failing
    assert not selectors.warning_list(actor=world.other[Role.SCHOOL_ADMIN]).exists()
    # thresholds are data: lowering them turns the verdict green-ish
    for rule in WarningRule.objects.filter(key__in=["employment_rate", "destination_rate"]):
        services.warning_rule_update(
            actor=world.users[Role.AUTHORITY_OFFICER],
            rule=rule,
            threshold=0.4,
            yellow_threshold=None,
            weight=1,
            enabled=True,
        )
    services.warnings_recompute(majors=[major], year=2024)
    assert MajorWarning.objects.get(major=major, year=2024).level != "red"
    with pytest.raises(PermissionDenied):
        services.warning_rule_update(
            actor=world.users[Role.SCHOOL_ADMIN],
            rule=rule,
            threshold=0.1,
            yellow_threshold=None,
            weight=1,
            enabled=True,
        )


def test_followup_sent_six_months_after_graduation_and_answered(world):
    import datetime as dt

    from workbridge.core.models import Notification

    student = world.student1
    student.enrolment_status = "graduated"
    student.save()
    year = world.cohort1.intake_year + world.major1.duration_years
    assert services.followups_send(today=dt.date(year, 12, 31)) == 0
    assert services.followups_send(today=dt.date(year + 1, 1, 5)) == 1
    assert services.followups_send(today=dt.date(year + 1, 1, 6)) == 0  # once only
    assert Notification.objects.filter(recipient=student.user, kind="labour_market.followup").exists()
    followup = student.destination_followups.get()
    with pytest.raises(PermissionDenied):
        services.followup_answer(
            actor=world.other[Role.STUDENT], followup=followup, destination="employed", employer="x"
        )
    record = services.followup_answer(
        actor=student.user,
        followup=followup,
        destination="employed",
        employer="企业1",
        starting_salary=5200,
        relevance="high",
        hired_by_host=True,
    )
    assert record.source == "survey" and record.graduation_year == year


def test_survey_builder_answers_feed_demand_with_source(world):
    from workbridge.labour_market.models import DemandStat, Dimension, SurveyStatus

    school = world.users[Role.SCHOOL_ADMIN]
    survey = services.survey_create(
        actor=school,
        title="明年用人需求",
        target_year=2026,
        questions=[{"text": "实习?", "kind": "choice", "choices": ["是", "否"], "required": True}],
    )
    services.survey_invite(actor=school, survey=survey, enterprises=[world.enterprise1])
    services.survey_set_status(actor=school, survey=survey, status=SurveyStatus.OPEN)
    with pytest.raises(PermissionDenied):
        services.survey_submit(
            actor=world.other[Role.ENTERPRISE_ADMIN], survey=survey, posts=[{"title": "x", "headcount": 1}]
        )
    with pytest.raises(ValidationFailed) as exc:
        services.survey_submit(
            actor=world.users[Role.ENTERPRISE_ADMIN],
            survey=survey,
            posts=[{"title": "PLC工程师", "headcount": 0}],
            answers={},
        )
    assert "posts.1.headcount" in exc.value.errors and "q1" in exc.value.errors
    response = services.survey_submit(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        survey=survey,
        posts=[{"title": "Python开发工程师", "headcount": 6, "skills": "熟悉Python、MySQL"}],
        answers={"1": "是"},
    )
    post = response.posts.get()
    assert post.occupation_code and {s.name_en.lower() for s in post.skills.all()} >= {"python"}
    services.demand_recompute()
    stat = DemandStat.objects.get(
        dimension=Dimension.OCCUPATION, key=post.occupation_code, source_kind="survey", month__isnull=True
    )
    assert stat.headcount == 6 and "明年用人需求" in stat.sources
    assert not selectors.survey_list(actor=world.other[Role.SCHOOL_ADMIN]).exists()
    assert selectors.survey_list(actor=world.users[Role.ENTERPRISE_ADMIN]).count() == 1
    assert not selectors.survey_list(actor=world.other[Role.ENTERPRISE_ADMIN]).exists()


def test_programme_versions_comments_and_sign_off(world):
    from workbridge.labour_market.models import ProgrammeStatus

    school = world.users[Role.TEACHER]
    content = {
        "target_posts": ["PLC工程师"],
        "competencies": ["PLC编程"],
        "certificates": [],
        "courses": [{"name": "PLC", "semester": 3, "hours": 60, "practice_hours": 30}],
    }
    programme = services.programme_create(
        actor=school, major=world.major1, cohort_year=2025, title="方案", content=content
    )
    assert programme.current.content["practice_share"] == 0.5
    with pytest.raises(ValidationFailed):
        services.programme_revise(
            actor=school,
            programme=programme,
            content={"target_posts": [], "courses": [{"name": "x", "semester": 20, "hours": 1, "practice_hours": 5}]},
        )
    expert = world.users[Role.ENTERPRISE_ADMIN]
    services.programme_invite(actor=school, programme=programme, user=expert)
    assert selectors.programme_list(actor=expert).count() == 1
    assert not selectors.programme_list(actor=world.other[Role.ENTERPRISE_ADMIN]).exists()
    assert not selectors.programme_list(actor=world.other[Role.SCHOOL_ADMIN]).exists()
    comment = services.programme_comment(
        actor=expert, version=programme.current, line_key="courses:PLC", text="实践课时偏少"
    )
    assert comment.organization_id == world.enterprise1.pk
    with pytest.raises(PermissionDenied):
        services.programme_comment(
            actor=world.other[Role.ENTERPRISE_ADMIN], version=programme.current, line_key="courses:PLC", text="x"
        )
    services.programme_sign(actor=expert, programme=programme)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.APPROVED
    # A reviewer invited after the sign-off has not signed: the programme is back in review (issue 16.4) ...
    services.programme_invite(actor=school, programme=programme, user=world.users[Role.ENTERPRISE_MENTOR])
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.REVIEW
    services.programme_sign(actor=world.users[Role.ENTERPRISE_MENTOR], programme=programme)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.APPROVED  # ... until every reviewer signed this version
    content["courses"][0]["practice_hours"] = 45
    v2 = services.programme_revise(actor=school, programme=programme, content=content, summary="更多实践")
    assert v2.number == 2 and v2.author == school
    assert {"line": "courses:PLC", "change": "changed"}.items() <= v2.changes[0].items()
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.REVIEW  # a change needs a new sign-off
    assert programme.versions.count() == 2


def test_association_standard_enters_demand(world):
    from workbridge.core.access import Actor
    from workbridge.core.roles import OrgKind
    from workbridge.labour_market.models import DemandStat, Dimension
    from workbridge.organizations.models import Organization

    services.ensure_reference_data()
    assoc = Organization.objects.create(kind=OrgKind.ASSOCIATION, name="智能制造行业协会", region=world.region1)
    actor = Actor(user=None, role=Role.ASSOCIATION_OFFICER, organization_id=assoc.pk, org_kind=OrgKind.ASSOCIATION)
    skill = Skill.objects.filter(name_en__iexact="python").first()
    with pytest.raises(ValidationFailed) as unknown:
        services.standard_publish(
            actor=actor,
            title="t",
            sector="s",
            occupation_code="2-02-10-03",
            year=2025,
            source_note="src",
            skills=[("没有这个技能", 3)],
        )
    assert unknown.value.errors == {"skills": ["没有这个技能"]}
    services.standard_publish(
        actor=actor,
        title="软件岗位标准",
        sector="软件",
        occupation_code="2-02-10-03",
        year=2025,
        source_note="协会2025",
        skills=[(skill.skill_id, 5)],
    )
    services.forecast_publish(
        actor=actor, sector="软件", occupation_code="2-02-10-03", year=2026, headcount=300, source_note="协会预测"
    )
    services.demand_recompute()
    cell = DemandStat.objects.get(
        dimension=Dimension.OCCUPATION_SKILL, key=f"2-02-10-03|{skill.skill_id}", source_kind="association"
    )
    assert cell.postings == 5 and "软件岗位标准" in cell.sources
    assert (
        DemandStat.objects.get(
            dimension=Dimension.OCCUPATION, key="2-02-10-03", source_kind="association", month__isnull=True
        ).headcount
        == 300
    )
    assert CourseSkill.objects.count() == 0


def test_retention_reads_placements_when_the_cohort_has_them(world):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.placements.tests.factories import PlacementFactory

    assert selectors.placements_retention_available()
    year = world.cohort1.intake_year + world.major1.duration_years
    students = [world.student1] + [
        StudentFactory(school=world.school1, major=world.major1, cohort=world.cohort1) for _ in range(3)
    ]
    for i, student in enumerate(students):
        PlacementFactory(
            student=student, position__enterprise=world.enterprise1, status="completed", hired_by_host=i == 0
        )
    history = selectors.major_indicator_history(world.major1)
    assert history["retention_rate"][year] == 0.25
