"""Issue 15.2: the internship rules are checked at the step where a problem arises (apply, offer, a self-found
proposal and its approval), not only at the start; a refused step says which rule and what to change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from workbridge.core.exceptions import RuleViolation
from workbridge.placements import services as svc
from workbridge.placements.models import Application, SelfFoundProposal

pytestmark = pytest.mark.django_db


def test_a_first_year_student_is_refused_at_apply_time_with_the_rule_named(setup):
    setup.student.grade_year = 1
    setup.student.save()
    with pytest.raises(RuleViolation) as refused, translation.override("en"):
        svc.application_submit(actor=setup.student_user, position=setup.position)
    assert "Applying to this position is not allowed" in str(refused.value.message)
    assert [f["rule_id"] for f in refused.value.errors["findings"]] == ["CN-2021-16-1-first-year"]
    assert not Application.objects.exists()  # nothing half-saved


def test_a_position_for_another_major_category_is_refused_at_apply_and_at_offer(setup):
    setup.student.grade_year = 2
    setup.student.save()
    other = "99" if not (setup.student.major.code or "").startswith("99") else "98"
    application = svc.application_submit(actor=setup.student_user, position=setup.position)
    # The enterprise narrows the post to another major category after the student applied: the offer is refused.
    type(setup.position).objects.filter(pk=setup.position.pk).update(major_categories=[other])
    application.position.refresh_from_db()
    svc.application_advance(actor=setup.ent_admin, application=application, action="shortlist")
    with pytest.raises(RuleViolation) as refused:
        svc.application_advance(actor=setup.ent_admin, application=application, action="offer")
    assert [f["rule_id"] for f in refused.value.errors["findings"]] == ["CN-prov-major-match"]
    application.refresh_from_db()
    assert application.status == "shortlisted"
    svc.application_withdraw(actor=setup.student_user, application=application)
    with pytest.raises(RuleViolation):  # and a new application to it is refused at once
        svc.application_submit(actor=setup.student_user, position=setup.position)


def test_a_self_found_night_shift_is_refused_like_a_position(setup):
    setup.student.grade_year = 3
    setup.student.save()
    data = {
        "title": "夜班理货员",
        "occupation_code": "4-02-06-03",
        "workplace_address": "杭州市余杭区",
        "latitude": Decimal("30.3"),
        "longitude": Decimal("120.1"),
        "monthly_pay": Decimal("4200"),
        "daily_hours": Decimal("10"),
        "shift_start": dt.time(20),
        "shift_end": dt.time(6),
        "rest_days_per_week": 2,
        "start_date": dt.date(2027, 3, 1),
        "end_date": dt.date(2027, 8, 31),
    }
    with pytest.raises(RuleViolation) as refused, translation.override("en"):
        svc.self_found_propose(actor=setup.student_user, enterprise_id=setup.world.enterprise1.pk, data=data)
    fired = {f["rule_id"] for f in refused.value.errors["findings"]}
    assert "CN-2016-16-night-shift" in fired
    assert "This self-found placement is not allowed" in str(refused.value.message)
    assert not SelfFoundProposal.objects.exists()


def test_a_violation_closes_itself_when_a_later_check_finds_the_fact_fixed(setup):
    """The guardian-consent violation found when the agreement is generated for a minor closes when the school
    records the consent, with an audit line saying so."""
    from workbridge.compliance.models import Violation
    from workbridge.core.models import AuditLog

    from .conftest import make_ready_placement

    setup.student.grade_year = 2
    setup.student.birth_date = setup.position.start_date.replace(year=setup.position.start_date.year - 17)
    setup.student.save()
    placement = make_ready_placement(setup)
    open_guardian = Violation.objects.filter(placement=placement, rule_code="CN-2016-14-guardian-consent")
    assert open_guardian.filter(status="open").count() == 1
    svc.agreement_confirm(actor=setup.school_admin, placement=placement, guardian_name="李父")
    violation = open_guardian.get()
    assert violation.status == "resolved" and violation.resolved_automatically and violation.resolved_at
    assert AuditLog.objects.filter(action="compliance.violation_fixed", target_id=str(violation.pk)).exists()


def test_a_student_sees_why_they_cannot_apply_instead_of_a_form_that_fails(setup, client):

    setup.student.grade_year = 2
    setup.student.save()
    client.force_login(setup.student_user)
    page = client.get(f"/placements/positions/{setup.position.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'name="cover_letter"' in page and "apply-obstacles" not in page
    setup.student.grade_year = 1
    setup.student.save()
    page = client.get(f"/placements/positions/{setup.position.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "apply-obstacles" in page and 'name="cover_letter"' not in page


def test_a_finished_internship_stays_in_the_students_history(setup, client):
    from .conftest import make_active_placement

    placement = make_active_placement(setup, days_ago=130)
    svc.placement_complete(actor=setup.school_admin, placement=placement)
    client.force_login(setup.student_user)
    page = client.get("/placements/my/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="past-placements"' in page and setup.position.title in page
    assert "你目前没有进行中的实习" in page and "你还没有" not in page


def test_a_draft_position_shows_what_the_rules_find_in_words(setup, client):
    """Issue 15.2: the rules speak when a position is drafted, in the reader's language, severity in words."""
    data = {
        "title": "夜班包装工",
        "occupation_code": "6-31-01-03",
        "places": 2,
        "workplace_address": "嘉兴",
        "latitude": Decimal("30.7"),
        "longitude": Decimal("120.7"),
        "monthly_pay": Decimal("3000"),
        "daily_hours": Decimal("8"),
        "shift_start": dt.time(20),
        "shift_end": dt.time(4),
        "rest_days_per_week": 2,
        "start_date": dt.date(2027, 3, 1),
        "end_date": dt.date(2027, 6, 30),
    }
    position = svc.position_create(actor=setup.ent_admin, data=data)
    assert position.status == "draft" and any(
        f["rule_id"] == "CN-2016-16-night-shift" for f in position.compliance_findings
    )
    client.force_login(setup.ent_admin)
    page = client.get(f"/placements/positions/{position.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    section = page[page.index('id="position-findings"') :]
    assert "夜间" in section and ">high<" not in section
