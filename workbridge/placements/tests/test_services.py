import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from workbridge.core.exceptions import Conflict, InvalidTransition, PermissionDenied, RuleViolation, ValidationFailed
from workbridge.placements import services as svc
from workbridge.placements.models import Placement, Position, TripartiteAgreement

from .conftest import make_active_placement, make_ready_placement

pytestmark = pytest.mark.django_db

POSITION_DATA = {
    "title": "数控车工实习生",
    "occupation_code": "6-18-01-01",
    "places": 3,
    "workplace_address": "杭州市余杭区",
    "latitude": Decimal("30.3"),
    "longitude": Decimal("120.1"),
    "geofence_radius_m": 200,
    "monthly_pay": Decimal("3800"),
    "post_wage": Decimal("4500"),
    "daily_hours": Decimal("8"),
    "shift_start": dt.time(8),
    "shift_end": dt.time(17),
    "rest_days_per_week": 2,
    "start_date": dt.date(2027, 3, 1),
    "end_date": dt.date(2027, 8, 31),
}


def test_approved_enterprise_publishes_and_school_reviews(setup):
    position = svc.position_create(actor=setup.ent_admin, data=dict(POSITION_DATA, required_skills="数控编程，识图"))
    assert position.status == "draft" and position.required_skills == ["数控编程", "识图"]
    position = svc.position_submit(actor=setup.ent_admin, position=position)
    assert position.status == "submitted" and position.submitted_at
    # Students do not see it before the school approved it.
    from workbridge.placements.selectors import position_list

    assert position not in position_list(actor=setup.student_user)
    position = svc.position_review(actor=setup.school_admin, position=position, approve=True)
    assert position.status == "approved" and position.reviewed_by_school_id == setup.world.school1.pk
    assert position in position_list(actor=setup.student_user)
    # The other region's student never sees it.
    assert position not in position_list(actor=setup.world.other["student"])


def test_unapproved_enterprise_cannot_publish(setup):
    ent = setup.world.enterprise1
    ent.vetting_status = "pending"
    ent.save()
    with pytest.raises(PermissionDenied):
        svc.position_create(actor=setup.ent_admin, data=POSITION_DATA)


def test_position_validation_names_the_field(setup):
    with pytest.raises(ValidationFailed) as exc:
        svc.position_create(actor=setup.ent_admin, data=dict(POSITION_DATA, occupation_code="6181"))
    assert "occupation_code" in exc.value.errors
    assert not Position.objects.filter(title="数控车工实习生").exists()


def test_rejecting_needs_a_reason(setup):
    position = svc.position_create(actor=setup.ent_admin, data=POSITION_DATA)
    svc.position_submit(actor=setup.ent_admin, position=position)
    with pytest.raises(ValidationFailed):
        svc.position_review(actor=setup.school_admin, position=position, approve=False)


def test_submission_checks_rules_and_blocking_findings_cannot_be_approved(setup):
    from workbridge.compliance.models import Violation

    position = svc.position_create(
        actor=setup.ent_admin, data=dict(POSITION_DATA, venue_type="ktv", monthly_pay=Decimal("3000"))
    )
    position = svc.position_submit(actor=setup.ent_admin, position=position)
    rules = {f["rule_id"] for f in position.compliance_findings}
    assert "CN-2021-16-5-forbidden-venue" in rules and "CN-2021-18-pay" in rules
    assert Violation.objects.filter(position=position).count() == len(rules)
    with pytest.raises(RuleViolation):
        svc.position_review(actor=setup.school_admin, position=position, approve=True)
    # A clean position has no findings and is approved.
    clean = svc.position_submit(
        actor=setup.ent_admin, position=svc.position_create(actor=setup.ent_admin, data=POSITION_DATA)
    )
    assert clean.compliance_findings == []
    assert svc.position_review(actor=setup.school_admin, position=clean, approve=True).status == "approved"


def test_application_flow_to_placement(setup):
    app = svc.application_submit(
        actor=setup.student_user, position=setup.position, cover_letter="你好", skills="PLC, 电工"
    )
    assert (
        app.cv["major"] == setup.student.major.name
        and "id_number" not in app.cv
        and app.cv["skills"] == ["PLC", "电工"]
    )
    with pytest.raises(Conflict):
        svc.application_submit(actor=setup.student_user, position=setup.position)
    with pytest.raises(InvalidTransition):
        svc.application_advance(actor=setup.ent_admin, application=app, action="offer")
    svc.application_advance(actor=setup.ent_admin, application=app, action="shortlist")
    with pytest.raises(ValidationFailed):
        svc.application_advance(actor=setup.ent_admin, application=app, action="interview")
    svc.application_advance(
        actor=setup.ent_admin,
        application=app,
        action="interview",
        interview_at=timezone.now() + dt.timedelta(days=2),
        interview_place="A 栋 3 楼会议室",
    )
    # No offer before the scheduled interview has taken place (issue 15.2) ...
    with pytest.raises(InvalidTransition, match="interview"), translation.override("en"):
        svc.application_advance(actor=setup.ent_admin, application=app, action="offer")
    # ... once it has, the offer goes through.
    type(app).objects.filter(pk=app.pk).update(interview_at=timezone.now() - dt.timedelta(hours=1))
    app.refresh_from_db()
    svc.application_advance(actor=setup.ent_admin, application=app, action="offer")
    # The other region's enterprise cannot touch it.
    from workbridge.core.exceptions import NotFound

    with pytest.raises(NotFound):
        svc.application_advance(actor=setup.world.other["enterprise_admin"], application=app, action="reject")
    app = svc.application_respond(actor=setup.student_user, application=app, accept=True)
    assert app.status == "accepted"
    placement = Placement.objects.get(student=setup.student)
    assert placement.status == "planned" and placement.enterprise_id == setup.world.enterprise1.pk


def test_order_class_reserves_places(setup):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.partnerships.models import Agreement, Project, ProjectParticipant

    w = setup.world
    agreement = Agreement.objects.create(
        school=w.school1,
        enterprise=w.enterprise1,
        title="框架协议",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2029, 1, 1),
    )
    project = Project.objects.create(
        agreement=agreement,
        school=w.school1,
        enterprise=w.enterprise1,
        project_type="order_class",
        title="订单班",
        start_date=dt.date(2026, 1, 1),
    )
    position = svc.position_create(actor=setup.ent_admin, data=dict(POSITION_DATA, places=2, project=project.pk))
    assert position.reserved_places == 2
    outsider = StudentFactory(school=w.school1, major=w.major1)
    insider = StudentFactory(school=w.school1, major=w.major1)
    ProjectParticipant.objects.create(project=project, role="student", student=insider)
    assert svc.position_free_places(position, outsider) == 0
    assert svc.position_free_places(position, insider) == 2


def test_self_found_proposal_approved_by_school(setup):
    data = {
        k: POSITION_DATA[k]
        for k in (
            "title",
            "occupation_code",
            "workplace_address",
            "latitude",
            "longitude",
            "monthly_pay",
            "daily_hours",
            "shift_start",
            "shift_end",
            "rest_days_per_week",
            "start_date",
            "end_date",
        )
    }
    proposal = svc.self_found_propose(actor=setup.student_user, enterprise_id=setup.world.enterprise1.pk, data=data)
    with pytest.raises(PermissionDenied):
        svc.self_found_decide(actor=setup.ent_admin, proposal=proposal, approve=True)
    proposal = svc.self_found_decide(actor=setup.school_admin, proposal=proposal, approve=True)
    assert proposal.status == "approved" and proposal.placement.source == "self_found"
    assert proposal.placement.position.status == "approved" and proposal.placement.position.places == 1


def test_mentor_load_cap(setup):
    from workbridge.academics.tests.factories import StudentFactory

    from .factories import PlacementFactory

    cfg = svc.settings_for(setup.world.school1.pk)
    cfg.max_students_per_school_mentor = 1
    cfg.save()
    p1 = PlacementFactory(student=setup.student, position=setup.position)
    p2 = PlacementFactory(
        student=StudentFactory(school=setup.world.school1, major=setup.world.major1), position=setup.position
    )
    svc.placement_assign_mentor(actor=setup.school_admin, placement=p1, school_mentor_id=setup.world.teacher1.pk)
    with pytest.raises(Conflict):
        svc.placement_assign_mentor(actor=setup.school_admin, placement=p2, school_mentor_id=setup.world.teacher1.pk)


def test_internship_cannot_start_until_everything_is_in_place(setup, monkeypatch):
    from .factories import PlacementFactory

    placement = PlacementFactory(student=setup.student, position=setup.position)
    with pytest.raises(RuleViolation) as exc, translation.override("en"):
        svc.placement_start(actor=setup.school_admin, placement=placement)
    blockers = exc.value.errors["blockers"]
    assert any("insurance" in b for b in blockers) and any("agreement" in b for b in blockers)
    placement.delete()
    placement = make_ready_placement(setup)
    # Changing the terms (the mentor) resets every confirmation.
    agreement = TripartiteAgreement.objects.get(placement=placement)
    assert agreement.fully_confirmed and agreement.version == 1
    # Everything is in place, but the first day has not come: it may not start early (issue 15.2).
    day_before = placement.start_date - dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day_before)
    with pytest.raises(RuleViolation) as early, translation.override("en"):
        svc.placement_start(actor=setup.school_admin, placement=placement)
    assert early.value.errors["blockers"] == [
        f"The internship begins on {placement.start_date.isoformat()}; it can be started from that day, not before."
    ]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: placement.start_date)
    placement = svc.placement_start(actor=setup.school_admin, placement=placement)
    assert placement.status == "active"


def test_agreement_regeneration_with_new_terms_resets_confirmations(setup):
    placement = make_ready_placement(setup)
    svc.placement_set_schedule(
        actor=setup.school_admin,
        placement=placement,
        schedule=[
            {
                "start": placement.start_date.isoformat(),
                "end": (placement.start_date + dt.timedelta(days=30)).isoformat(),
                "kind": "work",
            },
            {
                "start": (placement.start_date + dt.timedelta(days=31)).isoformat(),
                "end": (placement.start_date + dt.timedelta(days=60)).isoformat(),
                "kind": "school",
            },
        ],
    )
    agreement = svc.agreement_generate(actor=setup.school_admin, placement=placement)
    assert agreement.version == 2 and not agreement.fully_confirmed
    with pytest.raises(RuleViolation):
        svc.placement_start(actor=setup.school_admin, placement=placement)


def test_minor_needs_guardian_consent(setup):
    setup.student.birth_date = setup.position.start_date.replace(year=setup.position.start_date.year - 17)
    setup.student.save()
    placement = make_ready_placement(setup)
    agreement = placement.agreement
    assert agreement.guardian_required and not agreement.fully_confirmed
    with translation.override("en"):
        assert any("Guardian" in b for b in svc.start_blockers(placement))
    svc.agreement_confirm(actor=setup.school_admin, placement=placement, guardian_name="李父")
    agreement.refresh_from_db()
    assert agreement.fully_confirmed


def test_insurance_must_cover_the_term(setup):
    from .factories import PlacementFactory

    placement = PlacementFactory(student=setup.student, position=setup.position)
    with pytest.raises(ValidationFailed) as exc:
        svc.insurance_record(
            actor=setup.school_admin,
            placement=placement,
            policy_number="P1",
            insurer="X",
            cover_start=placement.start_date,
            cover_end=placement.end_date - dt.timedelta(days=1),
        )
    assert "cover_end" in exc.value.errors
    with pytest.raises(PermissionDenied):
        svc.insurance_record(
            actor=setup.student_user,
            placement=placement,
            policy_number="P1",
            insurer="X",
            cover_start=placement.start_date,
            cover_end=placement.end_date,
        )


def test_terminating_an_active_placement_raises_alert(setup):
    placement = make_active_placement(setup)
    with pytest.raises(ValidationFailed):  # a reason category is required
        svc.placement_terminate(actor=setup.ent_admin, placement=placement, end_reason="", reason="学生严重违纪")
    with pytest.raises(ValidationFailed):  # "other" needs words
        svc.placement_terminate(actor=setup.ent_admin, placement=placement, end_reason="other")
    with translation.override("en"):  # an English-speaking admin: no Chinese punctuation in the alert
        svc.placement_terminate(
            actor=setup.ent_admin, placement=placement, end_reason="student_left", reason="absent three days"
        )
    from workbridge.placements.models import Alert

    alert = Alert.objects.get(kind="early_termination")
    assert alert.placement_id == placement.pk and alert.severity == "serious"
    assert alert.detail == "The student left the post: absent three days", alert.detail
    assert Alert.objects.filter(kind="left_post", placement=placement).exists()  # the student left: that alert too


def test_complete_waits_for_the_last_day_and_the_school_reopens_within_the_window(setup):
    placement = make_active_placement(setup)  # began 30 days ago, runs 120 days
    with pytest.raises(InvalidTransition, match="End early"), translation.override("en"):
        svc.placement_complete(actor=setup.school_admin, placement=placement)
    placement = svc.placement_terminate(actor=setup.school_admin, placement=placement, end_reason="health", reason="")
    assert placement.status == "terminated" and placement.end_reason == "health"
    with pytest.raises(ValidationFailed):
        svc.placement_reopen(actor=setup.school_admin, placement=placement, reason="")
    with pytest.raises(PermissionDenied):
        svc.placement_reopen(actor=setup.ent_admin, placement=placement, reason="误操作")
    placement = svc.placement_reopen(actor=setup.school_admin, placement=placement, reason="误操作")
    assert placement.status == "active" and placement.end_reason == "" and placement.ended_at is None
    type(placement).objects.filter(pk=placement.pk).update(
        status="terminated", ended_at=timezone.now() - dt.timedelta(days=15)
    )
    placement.refresh_from_db()
    with pytest.raises(InvalidTransition):
        svc.placement_reopen(actor=setup.school_admin, placement=placement, reason="太晚了")


def test_a_planned_placement_is_cancelled_with_a_reason_and_frees_the_place(setup):
    from .factories import PlacementFactory

    placement = PlacementFactory(student=setup.student, position=setup.position)
    free_before = svc.position_free_places(setup.position)
    with pytest.raises(InvalidTransition):
        svc.placement_terminate(actor=setup.school_admin, placement=placement, end_reason="other", reason="x")
    with pytest.raises(PermissionDenied):
        svc.placement_cancel(actor=setup.student_user, placement=placement, reason="不想去")
    placement = svc.placement_cancel(actor=setup.ent_admin, placement=placement, reason="岗位取消")
    assert placement.status == "terminated" and placement.end_reason == "cancelled"
    assert svc.position_free_places(setup.position) == free_before + 1


def test_a_cancelled_interview_allows_an_offer_and_tells_the_student(setup):
    from workbridge.core.models import Notification

    app = svc.application_submit(actor=setup.student_user, position=setup.position)
    svc.application_advance(
        actor=setup.ent_admin,
        application=app,
        action="interview",
        interview_at=timezone.now() + dt.timedelta(days=2),
        interview_place="会议室",
    )
    from django.utils import translation

    with translation.override("en"):
        app = svc.application_advance(actor=setup.ent_admin, application=app, action="cancel_interview")
    assert app.status == "shortlisted" and app.interview_at is None
    assert Notification.objects.filter(recipient=setup.student_user, title__contains="was cancelled").exists()
    assert svc.application_advance(actor=setup.ent_admin, application=app, action="offer").status == "offered"


def test_one_mentor_for_several_placements_all_or_none_within_the_cap(setup):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.core.exceptions import NotFound

    from .factories import PlacementFactory

    w = setup.world
    placements = [PlacementFactory(student=StudentFactory(school=w.school1), position=setup.position) for _ in range(3)]
    svc.placement_settings_update(actor=setup.school_admin, school_id=w.school1.pk, max_students_per_school_mentor=2)
    with pytest.raises(Conflict):  # three would pass a cap of two: nothing is assigned
        svc.placements_assign_mentor(
            actor=setup.school_admin, placement_ids=[p.pk for p in placements], school_mentor_id=w.teacher1.pk
        )
    assert not Placement.objects.filter(school_mentor=w.teacher1).exists()
    done = svc.placements_assign_mentor(
        actor=setup.school_admin, placement_ids=[p.pk for p in placements[:2]], school_mentor_id=w.teacher1.pk
    )
    assert {p.school_mentor_id for p in done} == {w.teacher1.pk}
    with pytest.raises(NotFound):  # another school's admin cannot touch them
        svc.placements_assign_mentor(
            actor=w.other["school_admin"], placement_ids=[placements[2].pk], school_mentor_id=w.teacher1.pk
        )


def test_the_mentor_picker_shows_load_and_cap_and_disables_full_mentors(setup):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.placements import selectors

    from .factories import PlacementFactory

    w = setup.world
    svc.placement_settings_update(actor=setup.school_admin, school_id=w.school1.pk, max_students_per_school_mentor=1)
    first = PlacementFactory(
        student=StudentFactory(school=w.school1), position=setup.position, school_mentor=w.teacher1
    )
    second = PlacementFactory(student=StudentFactory(school=w.school1), position=setup.position)
    row = next(
        r for r in selectors.mentor_choices(actor=setup.school_admin, placement=second) if r["id"] == w.teacher1.pk
    )
    assert (row["load"], row["cap"], row["full"]) == (1, 1, True)
    own = next(
        r for r in selectors.mentor_choices(actor=setup.school_admin, placement=first) if r["id"] == w.teacher1.pk
    )
    assert not own["full"]  # the mentor it already has stays selectable


def test_the_agreement_is_always_the_current_one_and_a_party_confirms_the_version_it_read(setup, client):
    """Issue 15.5: the PDF is made from the current record at every download, with a version number, a content
    code and what is still missing; a change of terms after a confirmation asks every party to confirm again."""
    from workbridge.placements.services.agreements import agreement_missing, terms_hash

    from .factories import PlacementFactory

    placement = PlacementFactory(student=setup.student, position=setup.position)
    agreement = svc.agreement_generate(actor=setup.school_admin, placement=placement)
    assert "学校指导教师" in agreement_missing(agreement.terms, agreement) and "学生确认" in agreement_missing(
        agreement.terms, agreement
    )
    svc.agreement_confirm(actor=setup.student_user, placement=placement, version=agreement.version)
    first_code = terms_hash(agreement.terms)
    svc.placement_assign_mentor(actor=setup.school_admin, placement=placement, school_mentor_id=setup.world.teacher1.pk)
    client.force_login(setup.school_admin)
    response = client.get(f"/placements/placements/{placement.pk}/agreement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"-v{agreement.version + 1}.pdf" in response["Content-Disposition"]  # a new version, made now
    agreement.refresh_from_db()
    assert agreement.terms["school_mentor"] == setup.world.teacher1.name and terms_hash(agreement.terms) != first_code
    assert agreement.student_confirmed_at is None  # the student confirmed the old terms: asked again
    with pytest.raises(Conflict):  # confirming the version read before the change is refused
        svc.agreement_confirm(actor=setup.student_user, placement=placement, version=agreement.version - 1)
    svc.agreement_confirm(actor=setup.student_user, placement=placement, version=agreement.version)
    agreement.refresh_from_db()
    assert agreement.student_confirmed_at is not None


def test_editing_an_approved_position_sends_regulated_changes_back_to_review(setup, client):
    """Issue 15.3: the title can change freely; a pay change sends the position back to the school."""
    position = svc.position_update(actor=setup.ent_admin, position=setup.position, data={"title": "数控车工（白班）"})
    assert position.status == "approved"
    position = svc.position_update(actor=setup.ent_admin, position=position, data={"monthly_pay": Decimal("4200")})
    assert position.status == "submitted"
    client.force_login(setup.ent_admin)
    page = client.get(f"/placements/positions/{position.pk}/edit/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ">monthly_pay<" not in page and "geofence_radius_m</label>" not in page  # labels, not field names
    assert 'name="monthly_pay"' in page and 'value="4200.00"' in page


def test_the_enterprise_withdraws_an_offer_with_a_reason(setup):
    app = svc.application_submit(actor=setup.student_user, position=setup.position)
    svc.application_advance(actor=setup.ent_admin, application=app, action="shortlist")
    svc.application_advance(actor=setup.ent_admin, application=app, action="offer")
    with pytest.raises(ValidationFailed):
        svc.application_advance(actor=setup.ent_admin, application=app, action="rescind")
    app = svc.application_advance(actor=setup.ent_admin, application=app, action="rescind", note="岗位调整")
    assert app.status == "rejected"


def test_the_school_keeps_the_signed_agreement_and_the_guardians_consent(setup, client):
    """Issue 15.5: type-checked uploads of the signed copy (for the version signed) and the guardian's consent."""
    import io

    from .factories import PlacementFactory

    setup.student.birth_date = setup.position.start_date.replace(year=setup.position.start_date.year - 17)
    setup.student.save()
    placement = PlacementFactory(student=setup.student, position=setup.position)
    svc.agreement_generate(actor=setup.school_admin, placement=placement)

    def upload(data, name):
        f = io.BytesIO(data)
        f.name = name
        f.size = len(data)
        return f

    with pytest.raises(ValidationFailed):
        svc.agreement_attach(
            actor=setup.school_admin, placement=placement, kind="signed_scan", upload=upload(b"<svg onload=x>", "s.pdf")
        )
    with pytest.raises(PermissionDenied):
        svc.agreement_attach(
            actor=setup.ent_admin, placement=placement, kind="signed_scan", upload=upload(b"%PDF-1.4", "s.pdf")
        )
    agreement = svc.agreement_attach(
        actor=setup.school_admin, placement=placement, kind="signed_scan", upload=upload(b"%PDF-1.4 signed", "s.pdf")
    )
    svc.agreement_attach(
        actor=setup.school_admin,
        placement=placement,
        kind="guardian_consent",
        upload=upload(b"%PDF-1.4 consent", "c.pdf"),
    )
    agreement.refresh_from_db()
    assert agreement.signed_scan_version == agreement.version and agreement.guardian_consent_file
    client.force_login(setup.student_user)
    assert client.get(f"/placements/placements/{placement.pk}/agreement/signed_scan/file/").status_code == 200
