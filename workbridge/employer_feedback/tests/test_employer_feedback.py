"""Employer feedback into teaching (issue 13.2): a school's round per term for the enterprises that hosted its
interns or hired its graduates; enterprises rate the major's capabilities; figures per major, capability and
course; a capability below the threshold raises one review task for the major's leader; who sees what."""

from decimal import Decimal

import pytest

from workbridge.core.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role
from workbridge.employer_feedback import selectors, services
from workbridge.employer_feedback.models import FeedbackForm, ReviewTask, RoundCapability

from .factories import TERM, due, hire_graduate, host_interns

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(world, django_capture_on_commit_callbacks):
    from workbridge.organizations.tests.factories import EnterpriseFactory

    host_interns(world, 3)
    employer = EnterpriseFactory(name="嘉兴精工机械有限公司", region=world.region1)
    hire_graduate(world, employer)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.round_open(actor=world.users[Role.SCHOOL_ADMIN], term=TERM, closes_on=due())
    return made


def _answer_all(world, feedback_round, low_key="generic:safety", low=2, high=4):
    """Enterprise1 answers its forms: ``low`` on one capability, ``high`` on the others."""
    actor = world.users[Role.ENTERPRISE_ADMIN]
    for form in selectors.form_list(actor=actor, feedback_round=feedback_round):
        caps = RoundCapability.objects.filter(round=feedback_round, major=form.major)
        services.form_submit(
            actor=actor,
            form=form,
            ratings={c.pk: (low if c.key == low_key else high) for c in caps},
            overall=4,
            comment="动手能力强，安全规范意识需加强。",
        )


def test_a_round_lists_the_hosts_and_employers_of_the_term_with_the_majors_capabilities(world, opened):
    forms = FeedbackForm.objects.filter(round=opened)
    assert forms.filter(relation="intern", enterprise=world.enterprise1).count() == 3
    graduate = forms.get(relation="graduate")
    assert graduate.student.name == "赵毕业"
    caps = RoundCapability.objects.filter(round=opened, major=world.major1)
    # no target occupations for the test major: the generic capabilities of the data file
    assert caps.count() == 6 and {c.source for c in caps} == {"generic"}
    assert Notification.objects.filter(recipient=world.users[Role.ENTERPRISE_ADMIN], kind="employer_feedback.form")
    assert AuditLog.objects.filter(action="employer_feedback.round_opened").exists()
    with pytest.raises(ValidationFailed):  # once per term
        services.round_open(actor=world.users[Role.SCHOOL_ADMIN], term=TERM, closes_on=due())


def test_a_round_needs_a_term_code_and_someone_to_ask(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    with pytest.raises(ValidationFailed):
        services.round_open(actor=admin, term="2026 spring", closes_on=due())
    with pytest.raises(ValidationFailed):  # nobody hosted or hired in that term
        services.round_open(actor=admin, term="2020-2021-1", closes_on=due())
    for role in (Role.TEACHER, Role.ENTERPRISE_ADMIN, Role.STUDENT):
        with pytest.raises(PermissionDenied):
            services.round_open(actor=world.users[role], term=TERM, closes_on=due())


def test_every_capability_and_the_overall_satisfaction_are_needed(world, opened):
    actor = world.users[Role.ENTERPRISE_ADMIN]
    form = selectors.form_list(actor=actor, feedback_round=opened).first()
    caps = list(RoundCapability.objects.filter(round=opened, major=form.major))
    with pytest.raises(ValidationFailed) as missing:
        services.form_submit(actor=actor, form=form, ratings={caps[0].pk: 4}, overall=4)
    assert f"capability_{caps[1].pk}" in missing.value.errors
    with pytest.raises(ValidationFailed):
        services.form_submit(actor=actor, form=form, ratings={c.pk: 6 for c in caps}, overall=4)
    with pytest.raises(ValidationFailed):
        services.form_submit(actor=actor, form=form, ratings={c.pk: 4 for c in caps}, overall=0)
    form.refresh_from_db()
    assert form.status == "waiting" and not form.ratings.exists(), "nothing half-saved"
    services.form_submit(actor=actor, form=form, ratings={c.pk: 4 for c in caps}, overall=5)
    services.form_submit(actor=actor, form=form, ratings={c.pk: 3 for c in caps}, overall=3)  # changed
    form.refresh_from_db()
    assert form.overall == 3 and sorted(form.ratings.values_list("score", flat=True)) == [3] * len(caps)


def test_closing_rolls_up_and_raises_one_review_task_for_the_major_leader(
    world, opened, django_capture_on_commit_callbacks
):
    admin = world.users[Role.SCHOOL_ADMIN]
    services.leader_set(actor=admin, major_id=world.major1.pk, teacher_id=world.teacher1.pk)
    _answer_all(world, opened)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(actor=admin, feedback_round=opened)
    task = ReviewTask.objects.get()
    assert task.capability.key == "generic:safety" and task.mean == Decimal("2.00") and task.responses == 3
    assert task.assignee == world.users[Role.TEACHER]
    assert Notification.objects.filter(recipient=world.users[Role.TEACHER], kind="employer_feedback.review").exists()
    services.review_tasks_raise(actor=admin, feedback_round=opened)
    assert ReviewTask.objects.count() == 1, "once per major, capability and term"
    [major] = selectors.round_rollup(actor=admin, feedback_round=opened)
    lines = {line.capability.key: line for line in major.lines}
    assert lines["generic:safety"].figure.mean == 2.0 and lines["generic:safety"].below
    assert lines["generic:teamwork"].figure.mean == 4.0 and lines["generic:teamwork"].figure.share_satisfied == 1.0
    assert major.satisfaction.count == 3 and major.satisfaction.share_satisfied == 1.0
    with pytest.raises(Conflict):  # closed: answers are final
        form = FeedbackForm.objects.filter(round=opened, enterprise=world.enterprise1).first()
        services.form_submit(actor=world.users[Role.ENTERPRISE_ADMIN], form=form, ratings={}, overall=5)
    # the leader records what the review decided
    with pytest.raises(ValidationFailed):
        services.task_finish(actor=world.users[Role.TEACHER], task=task, outcome=" ")
    services.task_finish(actor=world.users[Role.TEACHER], task=task, outcome="《电气安全》增加 8 学时现场规范训练。")
    task.refresh_from_db()
    assert task.status == "done"


def test_without_a_leader_the_task_goes_to_the_school_admin(world, opened):
    _answer_all(world, opened)
    services.round_close(actor=world.users[Role.SCHOOL_ADMIN], feedback_round=opened)
    assert ReviewTask.objects.get().assignee == world.users[Role.SCHOOL_ADMIN]


def test_the_schools_own_threshold_changes_what_is_reviewed(world, opened):
    admin = world.users[Role.SCHOOL_ADMIN]
    services.threshold_set(actor=admin, mean_below=Decimal("1.5"), min_responses=3, reason="试点专业先观察一学期")
    _answer_all(world, opened)
    services.round_close(actor=admin, feedback_round=opened)
    assert not ReviewTask.objects.exists()
    with pytest.raises(ValidationFailed):
        services.threshold_set(actor=admin, mean_below=Decimal("7"), min_responses=3, reason="x")
    with pytest.raises(PermissionDenied):
        services.threshold_set(actor=world.users[Role.TEACHER], mean_below=Decimal("3"), min_responses=3, reason="x")


def test_figures_are_withheld_below_the_display_minimum(world, opened):
    actor = world.users[Role.ENTERPRISE_ADMIN]
    form = selectors.form_list(actor=actor, feedback_round=opened).first()
    caps = RoundCapability.objects.filter(round=opened, major=form.major)
    services.form_submit(actor=actor, form=form, ratings={c.pk: 1 for c in caps}, overall=1)
    [major] = selectors.round_rollup(actor=world.users[Role.SCHOOL_ADMIN], feedback_round=opened)
    assert all(line.figure.count == 1 and line.figure.mean is None for line in major.lines)
    services.round_close(actor=world.users[Role.SCHOOL_ADMIN], feedback_round=opened)
    assert not ReviewTask.objects.exists(), "one answer never raises a review"


def test_who_sees_what(world, opened):
    from workbridge.organizations.tests.factories import EnterpriseFactory

    form = FeedbackForm.objects.filter(round=opened, enterprise=world.enterprise1).first()
    other_form = FeedbackForm.objects.exclude(enterprise=world.enterprise1).get()
    # the enterprise sees only its own forms, never another employer's answer
    mine = selectors.form_list(actor=world.users[Role.ENTERPRISE_ADMIN])
    assert form in mine and other_form not in mine
    with pytest.raises(NotFound):
        selectors.form_get(actor=world.users[Role.ENTERPRISE_ADMIN], pk=other_form.pk)
    # the school's staff see their school's forms; another school's staff see nothing
    assert selectors.form_list(actor=world.users[Role.TEACHER]).count() == 4
    assert not selectors.form_list(actor=world.other[Role.SCHOOL_ADMIN]).exists()
    # students never see ratings of themselves; the authority reads aggregates, not answers
    for role in (Role.STUDENT, Role.AUTHORITY_OFFICER):
        assert not selectors.form_list(actor=world.users[role]).exists(), role
    assert selectors.round_rollup(actor=world.users[Role.STUDENT], feedback_round=opened) == []
    assert selectors.round_list(actor=world.users[Role.AUTHORITY_OFFICER]).exists()
    assert not selectors.round_list(actor=world.other[Role.AUTHORITY_OFFICER]).exists()
    # another enterprise cannot answer
    stranger = EnterpriseFactory(region=world.region1)
    assert not selectors.round_list(actor=world.other[Role.ENTERPRISE_ADMIN]).exists()
    with pytest.raises(PermissionDenied):
        services.form_submit(actor=world.users[Role.TEACHER], form=form, ratings={}, overall=4)
    assert stranger.pk


def test_the_annual_report_gets_satisfaction_by_major_and_year(world, opened):
    from django.utils import timezone

    _answer_all(world, opened)
    rows = selectors.satisfaction_by_major(school_ids={world.school1.pk}, year=timezone.now().year)
    assert rows == [
        {"school": world.school1.name, "major": world.major1.name, "answers": 3, "satisfied": 1.0, "mean": 4.0}
    ]
    assert selectors.satisfaction_by_major(school_ids={world.school2.pk}, year=timezone.now().year) == []


def test_the_curriculum_page_shows_employer_feedback_as_a_second_source(world, opened, client):
    _answer_all(world, opened)
    services.round_close(actor=world.users[Role.SCHOOL_ADMIN], feedback_round=opened)
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get(f"/labour-market/majors/{world.major1.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="employer-feedback"' in page and "安全与规范意识" in page
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    assert client.get("/employer-feedback/").status_code == 200


def test_the_api_twins(world, opened, api_client_for):
    enterprise = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    form = FeedbackForm.objects.filter(round=opened, enterprise=world.enterprise1).first()
    caps = RoundCapability.objects.filter(round=opened, major=form.major)
    url = f"/api/v1/employer-feedback/forms/{form.pk}/"
    bad = enterprise.post(url, {"ratings": [{"capability": caps[0].pk, "score": 4}], "overall": 4}, format="json")
    assert bad.status_code == 400
    answer = enterprise.post(
        url, {"ratings": [{"capability": c.pk, "score": 4} for c in caps], "overall": 5}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    school = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert school.post(f"/api/v1/employer-feedback/rounds/{opened.pk}/fly/", format="json").status_code == 404
    assert school.get(f"/api/v1/employer-feedback/rounds/{opened.pk}/figures/").status_code == 200
    assert school.post(f"/api/v1/employer-feedback/rounds/{opened.pk}/close/", format="json").status_code == 200
    student = api_client_for(world.users[Role.STUDENT])
    assert student.get(url).status_code == 404
    assert student.get("/api/v1/employer-feedback/forms/").json() == []
    threshold = school.post(
        "/api/v1/employer-feedback/threshold/",
        {"mean_below": "2.5", "min_responses": 4, "reason": "与行业协会约定"},
        format="json",
    )
    assert threshold.status_code == 200


def test_the_annual_report_has_an_employer_satisfaction_section(world, opened):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    from workbridge.core.access import actor_for
    from workbridge.insights import report

    _answer_all(world, opened)
    data = report.build(actor_for(world.users[Role.AUTHORITY_OFFICER]), year=timezone.now().year)
    assert [(r["major"], r["answers"], r["satisfied"]) for r in data.employer_satisfaction] == [
        (world.major1.name, 3, 1.0)
    ]
    book = load_workbook(io.BytesIO(report.render_xlsx(data)))
    rows = list(book["用人单位满意度"].values)
    assert rows[1][:3] == (world.school1.name, world.major1.name, 3)
    assert report.render_pdf(data)[:4] == b"%PDF"
    other = report.build(actor_for(world.other[Role.AUTHORITY_OFFICER]), year=timezone.now().year)
    assert other.employer_satisfaction == []
