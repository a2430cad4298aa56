import datetime as dt

import pytest
from django.core import mail

from workbridge.core.exceptions import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role
from workbridge.partnerships import services
from workbridge.partnerships.models import Agreement, AgreementStatus, Project
from workbridge.partnerships.tests.factories import AgreementFactory, ClauseFactory

pytestmark = pytest.mark.django_db

CLAUSES = [
    {"party": "school", "kind": "obligation", "text": "按订单班方案组织教学。"},
    {"party": "enterprise", "kind": "obligation", "text": "提供实习岗位和企业导师。"},
    {"party": "both", "kind": "right", "text": "共享实训设备。"},
]


def _create(world, actor=None, **over):
    kwargs = dict(
        actor=actor or world.users[Role.SCHOOL_ADMIN],
        school=world.school1,
        enterprise=world.enterprise1,
        title="校企合作框架协议",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2029, 12, 31),
        scope="订单培养",
        clauses=CLAUSES,
    )
    kwargs.update(over)
    return services.agreement_create(**kwargs)


def test_create_draft_with_clauses_and_audit(world):
    agreement = _create(world)
    assert agreement.status == AgreementStatus.DRAFT
    assert [c.position for c in agreement.clauses.all()] == [1, 2, 3]
    assert agreement.clauses.get(position=2).party == "enterprise"
    assert AuditLog.objects.filter(action="agreement.create", target_id=str(agreement.pk)).exists()


def test_enterprise_admin_may_create_too(world):
    agreement = _create(world, actor=world.users[Role.ENTERPRISE_ADMIN])
    assert agreement.enterprise == world.enterprise1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.ENTERPRISE_MENTOR, Role.AUTHORITY_OFFICER, Role.STUDENT])
def test_readers_may_not_create(world, role):
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.users[role])


def test_other_school_admin_may_not_create_for_our_school(world):
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.other[Role.SCHOOL_ADMIN])


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_only_approved_enterprises_sign(world, status):
    world.enterprise1.vetting_status = status
    world.enterprise1.save()
    with pytest.raises(ValidationFailed) as exc:
        _create(world)
    assert "enterprise" in exc.value.errors
    assert not Agreement.objects.exists()


def test_bad_term_and_bad_clause_rejected_atomically(world):
    with pytest.raises(ValidationFailed) as exc:
        _create(world, end_date=dt.date(2025, 1, 1))
    assert "end_date" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        _create(world, clauses=[{"party": "school", "kind": "duty", "text": "x"}])
    assert "clauses[1]" in exc.value.errors
    assert not Agreement.objects.exists()


def test_life_cycle_draft_signed_active_expired(world, pdf_file, django_capture_on_commit_callbacks):
    agreement = _create(world, start_date=dt.date(2024, 1, 1), end_date=dt.date(2030, 1, 1))
    admin = world.users[Role.SCHOOL_ADMIN]
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_sign(actor=admin, agreement=agreement, signed_on=dt.date(2024, 1, 1))
    assert "signed_file" in exc.value.errors
    agreement = services.agreement_sign(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        agreement=agreement,
        signed_on=dt.date(2023, 12, 20),
        signed_file=pdf_file(),
    )
    assert agreement.status == AgreementStatus.SIGNED and agreement.signed_file
    agreement = services.agreement_activate(actor=admin, agreement=agreement)
    assert agreement.status == AgreementStatus.ACTIVE
    with pytest.raises(InvalidTransition):
        services.agreement_sign(actor=admin, agreement=agreement, signed_on=dt.date(2024, 1, 1), signed_file=pdf_file())
    with pytest.raises(InvalidTransition):
        services.agreement_update(actor=admin, agreement=agreement, title="changed")
    counts = services.agreements_daily(today=dt.date(2030, 1, 2))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED and counts["expired"] == 1
    with pytest.raises(InvalidTransition):
        services.agreement_terminate(actor=admin, agreement=agreement, reason="x")
    actions = list(AuditLog.objects.filter(target_id=str(agreement.pk)).values_list("action", flat=True))
    assert {"agreement.sign", "agreement.activate", "agreement.expire"} <= set(actions)


def test_sign_rejects_fake_pdf_and_future_date(world, pdf_file):
    agreement = _create(world)
    admin = world.users[Role.SCHOOL_ADMIN]
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_sign(
            actor=admin,
            agreement=agreement,
            signed_on=dt.date(2025, 12, 1),
            signed_file=pdf_file("contract.pdf", b"PK\x03\x04 not a pdf"),
        )
    assert "signed_file" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_sign(
            actor=admin, agreement=agreement, signed_on=dt.date.today() + dt.timedelta(days=3), signed_file=pdf_file()
        )
    assert "signed_on" in exc.value.errors
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and not agreement.signed_file


def test_activate_before_term_is_invalid(world, pdf_file):
    today = dt.date.today()
    agreement = _create(world, start_date=today + dt.timedelta(days=30), end_date=today + dt.timedelta(days=400))
    admin = world.users[Role.SCHOOL_ADMIN]
    services.agreement_sign(actor=admin, agreement=agreement, signed_on=today, signed_file=pdf_file())
    with pytest.raises(InvalidTransition):
        services.agreement_activate(actor=admin, agreement=agreement)
    # The daily sweep activates it once the term begins.
    assert services.agreements_daily(today=today + dt.timedelta(days=30))["activated"] == 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE


def test_terminate_needs_reason(world):
    agreement = _create(world)
    admin = world.users[Role.ENTERPRISE_ADMIN]
    with pytest.raises(ValidationFailed):
        services.agreement_terminate(actor=admin, agreement=agreement, reason="  ")
    agreement = services.agreement_terminate(actor=admin, agreement=agreement, reason="合作方向调整")
    assert agreement.status == AgreementStatus.TERMINATED


def test_reader_cannot_transition(world):
    agreement = _create(world)
    with pytest.raises(PermissionDenied):
        services.agreement_terminate(actor=world.users[Role.ENTERPRISE_MENTOR], agreement=agreement, reason="x")


def test_expiry_reminder_once_to_both_parties(world, django_capture_on_commit_callbacks):
    today = dt.date(2026, 3, 1)
    agreement = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="active",
        start_date=dt.date(2023, 3, 1),
        end_date=today + dt.timedelta(days=59),
    )
    later = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="active",
        start_date=dt.date(2023, 3, 1),
        end_date=today + dt.timedelta(days=61),
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.agreements_daily(today=today)
    assert counts["reminded"] == 1
    recipients = set(
        Notification.objects.filter(kind="agreement.expiring").values_list("recipient__username", flat=True)
    )
    assert recipients == {world.users[Role.SCHOOL_ADMIN].username, world.users[Role.ENTERPRISE_ADMIN].username}
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == f"协议将在 59 天后到期：{agreement.title}"
    agreement.refresh_from_db()
    assert agreement.expiry_reminder_sent_on == today
    # Idempotent: a second run the same day or the next sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.agreements_daily(today=today)["reminded"] == 0
        assert services.agreements_daily(today=today + dt.timedelta(days=1))["reminded"] == 1  # `later` now due
    assert Notification.objects.filter(kind="agreement.expiring").count() == 4
    later.refresh_from_db()
    assert later.expiry_reminder_sent_on == today + dt.timedelta(days=1)


def test_celery_task_runs_the_sweep(world):
    from workbridge.partnerships.tasks import agreements_daily

    AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="active",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    result = agreements_daily.delay().get()
    assert result["expired"] == 1


# ---------------------------------------------------------------- projects


def _project(world, agreement, **over):
    kwargs = dict(
        actor=world.users[Role.SCHOOL_ADMIN],
        agreement=agreement,
        project_type="order_class",
        title="机电一体化订单班",
        start_date=agreement.start_date,
        details={"class_size": "40", "target_posts": "设备维护员\n电气调试员\n"},
        majors=[world.major1],
    )
    kwargs.update(over)
    return services.project_create(**kwargs)


def test_project_needs_live_agreement(world):
    draft = AgreementFactory(school=world.school1, enterprise=world.enterprise1)
    ClauseFactory(agreement=draft)
    with pytest.raises(InvalidTransition):
        _project(world, draft)


def test_project_details_validated_per_type(pair, world):
    project = _project(world, pair.agreement)
    assert project.details == {"class_size": 40, "target_posts": ["设备维护员", "电气调试员"]}
    assert list(project.majors.all()) == [world.major1]
    with pytest.raises(ValidationFailed) as exc:
        _project(world, pair.agreement, details={"class_size": 3, "target_posts": ["x"]})
    assert "details.class_size" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        _project(world, pair.agreement, project_type="training_base", details={"mode": "factory", "floor_area_m2": 800})
    assert "details.mode" in exc.value.errors
    base = _project(
        world,
        pair.agreement,
        project_type="training_base",
        details={"mode": "factory_in_school", "floor_area_m2": "1200.5", "workstations": 40},
    )
    assert base.details["mode"] == "factory_in_school"
    assert base.details["floor_area_m2"] == "1200.50"


def test_project_outside_agreement_term_or_foreign_major(pair, world):
    with pytest.raises(ValidationFailed) as exc:
        _project(world, pair.agreement, start_date=pair.agreement.start_date - dt.timedelta(days=1))
    assert "start_date" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        _project(world, pair.agreement, majors=[world.major2])
    assert "majors" in exc.value.errors
    assert Project.objects.filter(agreement=pair.agreement).count() == 1  # only the fixture's


def test_project_transitions(pair, world):
    admin = world.users[Role.ENTERPRISE_ADMIN]
    project = _project(world, pair.agreement)
    with pytest.raises(InvalidTransition):
        services.project_transition(actor=admin, project=project, to_status="completed")
    for status in ("running", "suspended", "running", "completed"):
        project = services.project_transition(actor=admin, project=project, to_status=status)
    assert project.status == "completed" and project.end_date is not None
    with pytest.raises(InvalidTransition):
        services.project_transition(actor=admin, project=project, to_status="running")
    with pytest.raises(PermissionDenied):
        services.project_transition(actor=world.users[Role.TEACHER], project=pair.project, to_status="completed")


def test_participants_milestones_outputs(pair, world, pdf_file):
    admin = world.users[Role.SCHOOL_ADMIN]
    project = pair.project
    services.participant_add(actor=admin, project=project, role="student", student=world.student1, duty="学徒")
    services.participant_add(actor=admin, project=project, role="teacher", teacher=world.teacher1)
    services.participant_add(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        project=project,
        role="enterprise_staff",
        staff_name="赵工",
        duty="企业导师",
    )
    with pytest.raises(ValidationFailed):
        services.participant_add(actor=admin, project=project, role="student", student=world.student2)
    with pytest.raises(PermissionDenied):
        services.participant_add(
            actor=world.users[Role.ENTERPRISE_ADMIN], project=project, role="student", student=world.student1
        )
    from workbridge.core.exceptions import Conflict

    with pytest.raises(Conflict):
        services.participant_add(actor=admin, project=project, role="student", student=world.student1)
    assert project.participants.count() == 3

    milestone = services.milestone_add(
        actor=admin, project=project, title="首批学员入班", due_date=dt.date(2025, 10, 1)
    )
    with pytest.raises(ValidationFailed):
        services.milestone_add(actor=admin, project=project, title="早于项目", due_date=dt.date(2024, 1, 1))
    services.milestone_complete(actor=admin, milestone=milestone, done_on=dt.date(2025, 9, 28))
    with pytest.raises(InvalidTransition):
        services.milestone_complete(actor=admin, milestone=milestone)

    output = services.output_record(
        actor=admin,
        project=project,
        kind="people_trained",
        quantity="40",
        recorded_on=dt.date(2026, 1, 10),
        file=pdf_file("roster.pdf"),
    )
    assert output.quantity == 40 and output.file
    with pytest.raises(ValidationFailed):
        services.output_record(
            actor=admin, project=project, kind="people_trained", quantity="12.5", recorded_on=dt.date(2026, 1, 10)
        )
    with pytest.raises(ValidationFailed):
        services.output_record(
            actor=admin, project=project, kind="money_invested", quantity="-1", recorded_on=dt.date(2026, 1, 10)
        )
    money = services.output_record(
        actor=admin, project=project, kind="money_invested", quantity="250000.50", recorded_on=dt.date(2026, 1, 10)
    )
    assert str(money.quantity) == "250000.50"


def test_timeline_collects_all_event_kinds(pair, world):
    from workbridge.partnerships.timeline import TimelineEvent, collect_timeline, register_timeline_provider

    admin = world.users[Role.SCHOOL_ADMIN]
    services.milestone_add(actor=admin, project=pair.project, title="首批学员入班", due_date=dt.date(2025, 10, 1))
    services.output_record(
        actor=admin, project=pair.project, kind="hours_taught", quantity=64, recorded_on=dt.date(2026, 1, 10)
    )

    def other_app(actor, school_id, enterprise_id):
        yield TimelineEvent(dt.date(2026, 2, 1), "placement.started", "12 名学生开始岗位实习", source="placements")

    register_timeline_provider(other_app)
    try:
        events = collect_timeline(admin, world.school1.pk, world.enterprise1.pk)
    finally:
        from workbridge.partnerships import timeline

        timeline._PROVIDERS.remove(other_app)
    kinds = [e.kind for e in events]
    assert kinds[0] == "placement.started"  # newest first
    assert {"agreement.signed", "project.started", "milestone.due", "output.recorded"} <= set(kinds)
    assert [e.date for e in events] == sorted((e.date for e in events), reverse=True)
    # The other region's pair contributes nothing to this actor.
    assert collect_timeline(admin, world.school2.pk, world.enterprise2.pk) == []


# ---------------------------------------------------------------- uploads (issue 8)
def _zip(entries):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_output_file_must_really_be_the_office_type_and_is_stored_renamed(pair, world, pdf_file):
    admin = world.users[Role.SCHOOL_ADMIN]
    with pytest.raises(ValidationFailed) as exc:
        services.output_record(
            actor=admin,
            project=pair.project,
            kind="people_trained",
            quantity="4",
            recorded_on=dt.date(2026, 1, 10),
            file=pdf_file("report.docx", _zip({"index.html": "<script>alert(1)</script>"})),
        )
    assert "report.docx" in exc.value.message and "file" in exc.value.errors
    xlsx = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    output = services.output_record(
        actor=admin,
        project=pair.project,
        kind="people_trained",
        quantity="4",
        recorded_on=dt.date(2026, 1, 10),
        file=pdf_file("..\\..\\roster.xlsx", xlsx),
    )
    assert output.file.name.startswith("outputs/") and output.file.name.endswith(".xlsx")
    assert "roster" not in output.file.name and ".." not in output.file.name


def test_signed_copy_is_stored_under_a_generated_name(pair, world, pdf_file):
    from workbridge.partnerships.tests.factories import AgreementFactory, ClauseFactory

    agreement = AgreementFactory(school=world.school1, enterprise=world.enterprise1)
    ClauseFactory(agreement=agreement)
    services.agreement_sign(
        actor=world.users[Role.SCHOOL_ADMIN],
        agreement=agreement,
        signed_on=dt.date(2025, 8, 1),
        signed_file=pdf_file("../../etc/passwd.pdf"),
    )
    agreement.refresh_from_db()
    assert "passwd" not in agreement.signed_file.name and agreement.signed_file.name.endswith(".pdf")


# ---------------------------------------------------------------- renewal (issue 16.3)


def _live_agreement(world, *, ends_in_days: int, status="active"):
    import datetime as dt

    from django.utils import timezone

    from workbridge.partnerships.models import AgreementClause
    from workbridge.partnerships.tests.factories import AgreementFactory, ProjectFactory

    today = timezone.localdate()
    agreement = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status=status,
        start_date=today - dt.timedelta(days=700),
        end_date=today + dt.timedelta(days=ends_in_days),
    )
    AgreementClause.objects.create(
        agreement=agreement, position=1, party="enterprise", kind="obligation", text="提供实习岗位"
    )
    carried = ProjectFactory(agreement=agreement, status="running", title="订单班（延续）")
    dropped = ProjectFactory(agreement=agreement, status="running", title="技术服务（到期结束）")
    return agreement, carried, dropped


def test_renew_before_expiry_carries_clauses_and_chosen_projects(world):
    from workbridge.core.models import AuditLog
    from workbridge.partnerships import services

    agreement, carried, dropped = _live_agreement(world, ends_in_days=30)
    successor = services.agreement_renew(
        actor=world.users[Role.SCHOOL_ADMIN], agreement=agreement, carry_project_ids=[carried.pk]
    )
    assert successor.status == "draft" and successor.renews_id == agreement.pk
    assert (successor.start_date - agreement.end_date).days == 1 and successor.end_date > successor.start_date
    assert [c.text for c in successor.clauses.all()] == ["提供实习岗位"]
    carried.refresh_from_db()
    dropped.refresh_from_db()
    assert carried.agreement_id == successor.pk and dropped.agreement_id == agreement.pk
    entry = AuditLog.objects.get(action="agreement.renew")
    assert entry.data["carried"] == [carried.pk] and entry.data["dropped"] == [dropped.pk]
    with pytest.raises(Conflict):  # one successor only
        services.agreement_renew(actor=world.users[Role.SCHOOL_ADMIN], agreement=agreement)


def test_renew_window_after_expiry_and_outsiders(world):
    from workbridge.partnerships import services

    early, _c, _d = _live_agreement(world, ends_in_days=200)
    with pytest.raises(InvalidTransition):  # too early: more than 60 days left
        services.agreement_renew(actor=world.users[Role.SCHOOL_ADMIN], agreement=early)
    expired, _c2, _d2 = _live_agreement(world, ends_in_days=-20, status="expired")
    with pytest.raises((PermissionDenied, NotFound)):
        services.agreement_renew(actor=world.other[Role.SCHOOL_ADMIN], agreement=expired)
    successor = services.agreement_renew(actor=world.users[Role.ENTERPRISE_ADMIN], agreement=expired)
    assert successor.renews_id == expired.pk and successor.start_date >= expired.end_date


def test_renew_through_the_api_and_the_page(world, client, api_client_for):
    agreement, carried, _dropped = _live_agreement(world, ends_in_days=10)
    api = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN])
        .post(f"/api/v1/agreements/{agreement.pk}/renew/", {}, format="json")
        .status_code
        == 404
    )
    page = client
    page.force_login(world.users[Role.SCHOOL_ADMIN])
    detail = page.get(f"/partnerships/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="renew-button"' in detail
    response = api.post(f"/api/v1/agreements/{agreement.pk}/renew/", {"carry_project_ids": [carried.pk]}, format="json")
    assert response.status_code == 201 and response.json()["renews"] == agreement.pk
    detail = page.get(f"/partnerships/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="renewed-as-link"' in detail and 'id="renew-button"' not in detail


def test_a_renewed_partnership_is_scored_across_the_gap(world):
    import datetime as dt

    from workbridge.evaluation import indicators
    from workbridge.evaluation.services import active_pairs
    from workbridge.partnerships.tests.factories import AgreementFactory

    old = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="expired",
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2023, 12, 31),
    )
    AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="active",
        renews=old,
        start_date=dt.date(2024, 1, 20),
        end_date=dt.date(2026, 12, 31),
    )
    gap = indicators.Window(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 15))
    assert (world.school1.pk, world.enterprise1.pk) in active_pairs(gap)
