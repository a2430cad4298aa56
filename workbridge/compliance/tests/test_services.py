"""Recording, notifying, resolving and scoping rule violations; rule data in the database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from workbridge.compliance import selectors, services
from workbridge.compliance.engines.rules import evaluate, load_ruleset
from workbridge.compliance.models import Rule, RuleSet, Violation, ViolationStatus
from workbridge.core.access import actor_for
from workbridge.core.exceptions import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    call_command("load_rules", stdout=StringIO())
    return RuleSet.objects.get(jurisdiction="CN", year=2021)


def _findings(facts, checkpoint="agreement"):
    return evaluate(load_ruleset(), facts, checkpoint)


def test_load_rules_fills_tables_and_is_repeatable(rules):
    assert rules.rules.count() == len(load_ruleset().rules)
    assert RuleSet.objects.filter(jurisdiction="DE", year=2024).exists()
    out = StringIO()
    call_command("load_rules", stdout=out)
    assert "CN 2021" in out.getvalue() and RuleSet.objects.count() == 2
    rule = Rule.objects.get(code="CN-2016-9-enterprise-share")
    assert rule.certainty == "[2016 Art. 9; province]" and rule.citation.endswith("第九条")


def test_load_rules_rejects_a_bad_file(tmp_path, rules):
    bad = tmp_path / "cn-2099.yaml"
    bad.write_text("jurisdiction: CN\nyear: 2099\nname: {zh: x, en: y}\nrules:\n - id: A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rule A: 'title' needs both"):
        call_command("load_rules", str(bad))
    assert not RuleSet.objects.filter(year=2099).exists()


def test_record_is_idempotent_per_open_rule_and_subject(world, rules):
    actor = actor_for(world.users[Role.SCHOOL_ADMIN])
    findings = _findings({"age": 15, "grade_year": 1, "has_guardian_consent": False})
    assert len(findings) == 3
    first = services.violations_record_findings(
        actor=actor,
        findings=findings,
        school=world.school1,
        enterprise=world.enterprise1,
        student=world.student1,
        checkpoint="agreement",
    )
    again = services.violations_record_findings(
        actor=actor,
        findings=findings,
        school=world.school1,
        enterprise=world.enterprise1,
        student=world.student1,
        checkpoint="agreement",
    )
    assert {v.pk for v in first} == {v.pk for v in again}
    assert Violation.objects.count() == 3
    assert set(Violation.objects.values_list("occurrences", flat=True)) == {2}
    v = Violation.objects.get(rule_code="CN-2021-16-2-under-16")
    assert v.rule.code == v.rule_code and v.citation == v.rule.citation and v.certainty == "[2021 Art. 16]"
    assert v.details == {"age": 15, "min_age_position": 16}
    # A different student is a different subject.
    services.violations_record_findings(
        actor=actor,
        findings=findings[:1],
        school=world.school1,
        enterprise=world.enterprise1,
        student=world.student2,
        checkpoint="agreement",
    )
    assert Violation.objects.count() == 4


def test_who_is_told(world, rules):
    actor = actor_for(world.users[Role.SCHOOL_ADMIN])
    critical = _findings({"venue_category": "ktv"}, "position_review")
    services.violations_record_findings(
        actor=actor, findings=critical, school=world.school1, enterprise=world.enterprise1, checkpoint="position_review"
    )
    v = Violation.objects.get()
    told = set(v.notified_users.values_list("username", flat=True))
    assert told == {"w_school_admin_1", "w_enterprise_admin_1", "w_authority_officer_1"}
    assert Notification.objects.filter(kind="rule_violation").count() == 3
    assert AuditLog.objects.filter(action="compliance.violation_recorded").count() == 1
    medium = _findings({"only_simple_repetitive_work": True}, "position_review")
    services.violations_record_findings(
        actor=actor, findings=medium, school=world.school1, enterprise=world.enterprise1, checkpoint="position_review"
    )
    v2 = Violation.objects.get(rule_code="CN-prov-simple-repetitive")
    assert "w_authority_officer_1" not in set(v2.notified_users.values_list("username", flat=True))


def test_placement_links_and_mentors_are_told(world, rules):
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    position = PositionFactory(enterprise=world.enterprise1)
    placement = PlacementFactory(
        position=position,
        student=world.student1,
        school_mentor=world.teacher1,
        enterprise_mentor=world.users[Role.ENTERPRISE_MENTOR],
    )
    findings = _findings({"has_insurance": False}, "placement_start")
    (v,) = services.violations_record_findings(
        actor=None, findings=findings, placement=placement, position=position, checkpoint="placement_start"
    )
    assert v.school == world.school1 and v.enterprise == world.enterprise1 and v.student == world.student1
    told = set(v.notified_users.values_list("username", flat=True))
    assert {"w_teacher_1", "w_enterprise_mentor_1"} <= told
    assert list(selectors.violations_for_object(actor=world.users[Role.SCHOOL_ADMIN], placement=placement)) == [v]


def test_compliance_check_evaluates_and_records(world, rules):
    found = services.compliance_check(
        actor=None,
        facts={"weekly_hours": 48, "daily_hours": 9.5},
        checkpoint="attendance",
        school=world.school1,
        enterprise=world.enterprise1,
        student=world.student1,
    )
    assert {f.rule_id for f in found} == {"CN-2016-16-weekly-hours", "CN-prov-daily-hours"}
    assert Violation.objects.filter(status="open").count() == 2
    with pytest.raises(ValidationFailed, match="unknown fact 'hours'"):
        services.compliance_check(actor=None, facts={"hours": 3}, checkpoint="attendance", school=world.school1)
    with pytest.raises(ValidationFailed, match="needs the school or the enterprise"):
        services.violations_record_findings(actor=None, findings=found)


def test_admin_edit_of_a_rule_takes_effect_and_is_validated(world, rules):
    rule = Rule.objects.get(code="CN-2016-16-weekly-hours")
    rule.violation_expr = "weekly_hours > 44"
    rule.full_clean()
    rule.save()
    assert not services.compliance_check(
        actor=None, facts={"weekly_hours": 42}, checkpoint="attendance", school=world.school1, record=False
    )
    assert services.compliance_check(
        actor=None, facts={"weekly_hours": 45}, checkpoint="attendance", school=world.school1, record=False
    )
    rule.violation_expr = "weekly_hourz > 44"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="unknown name 'weekly_hourz'"):
        rule.full_clean()


def test_resolve_records_who_and_how(world, rules):
    findings = _findings({"via_agency": True}, "position_review")
    (v,) = services.violations_record_findings(
        actor=None, findings=findings, school=world.school1, enterprise=world.enterprise1, checkpoint="position_review"
    )
    with pytest.raises(PermissionDenied):  # the school answers for a violation tied to it
        services.violation_resolve(actor=world.users[Role.ENTERPRISE_ADMIN], violation=v, resolution="fixed")
    with pytest.raises(PermissionDenied):
        services.violation_resolve(actor=world.other[Role.SCHOOL_ADMIN], violation=v, resolution="fixed")
    with pytest.raises(PermissionDenied):
        services.violation_resolve(actor=world.users[Role.STUDENT], violation=v, resolution="fixed")
    with pytest.raises(ValidationFailed):
        services.violation_resolve(actor=world.users[Role.SCHOOL_ADMIN], violation=v, resolution="  ")
    done = services.violation_resolve(
        actor=world.users[Role.SCHOOL_ADMIN],
        violation=v,
        resolution="Agency removed; the school arranges the placement directly.",
    )
    assert done.status == ViolationStatus.RESOLVED and done.resolved_by == world.users[Role.SCHOOL_ADMIN]
    assert done.resolved_at is not None
    with pytest.raises(InvalidTransition):
        services.violation_resolve(actor=world.users[Role.SCHOOL_ADMIN], violation=done, resolution="again")
    # After resolution the same finding opens a new violation.
    services.violations_record_findings(
        actor=None, findings=findings, school=world.school1, enterprise=world.enterprise1, checkpoint="position_review"
    )
    assert Violation.objects.filter(status="open").count() == 1 and Violation.objects.count() == 2


def test_enterprise_resolves_its_own_school_less_findings(world, rules):
    findings = _findings({"weekly_hours": 50}, "position_review")
    (v,) = services.violations_record_findings(
        actor=None, findings=findings, enterprise=world.enterprise1, checkpoint="position_review"
    )
    done = services.violation_resolve(
        actor=world.users[Role.ENTERPRISE_ADMIN], violation=v, resolution="Schedule changed to 40 h.", dismiss=False
    )
    assert done.status == "resolved"


def test_scoping_each_side_sees_only_its_own(world, rules):
    for school, enterprise, student in (
        (world.school1, world.enterprise1, world.student1),
        (world.school2, world.enterprise2, world.student2),
    ):
        services.violations_record_findings(
            actor=None,
            findings=_findings({"age": 15}),
            school=school,
            enterprise=enterprise,
            student=student,
            checkpoint="agreement",
        )
    v1 = Violation.objects.get(school=world.school1)
    for role in (Role.SCHOOL_ADMIN, Role.TEACHER, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER, Role.STUDENT):
        mine = list(selectors.violation_list(actor=world.users[role]))
        assert mine == [v1], role
        with pytest.raises(NotFound):
            selectors.violation_get(actor=world.other[role], pk=v1.pk)
    assert selectors.violation_list(actor=world.users[Role.PLATFORM_ADMIN]).count() == 2
    assert selectors.violation_counts(actor=world.users[Role.SCHOOL_ADMIN]) == {"open": 1, "critical": 1}


def test_platform_admin_uses_the_compliance_admin_without_being_superuser(world, rules, client):
    admin = world.users[Role.PLATFORM_ADMIN]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    assert not admin.is_superuser
    client.force_login(admin)
    ruleset = Rule.objects.get(code="CN-2016-16-weekly-hours").ruleset
    for url in (
        "/admin/compliance/ruleset/",
        "/admin/compliance/rule/",
        "/admin/compliance/violation/",
        f"/admin/compliance/ruleset/{ruleset.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "CN-2016-16-weekly-hours" in client.get(f"/admin/compliance/ruleset/{ruleset.pk}/change/").content.decode()
    officer = world.users[Role.AUTHORITY_OFFICER]
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    client.force_login(officer)
    assert client.get("/admin/compliance/rule/").status_code == 302  # staff flag alone is not enough
