"""The compliance factories build a rule set whose rule compiles and fires, and a valid open violation."""

import pytest
from django.core.exceptions import ValidationError

from workbridge.compliance.engines.rules import evaluate, ruleset_from_dict
from workbridge.compliance.models import Violation, ViolationStatus
from workbridge.compliance.tests.factories import RuleFactory, RuleSetFactory, ViolationFactory
from workbridge.core.roles import OrgKind

pytestmark = pytest.mark.django_db


def test_rule_set_and_rule_compile_and_find_long_days():
    ruleset = RuleSetFactory()
    ruleset.full_clean()
    rule = RuleFactory(ruleset=ruleset)
    rule.full_clean()  # compiles against the set's params
    engine = ruleset_from_dict(ruleset.as_data(), origin="factory")
    assert [f.rule_id for f in evaluate(engine, {"daily_hours": 10}, "attendance")] == [rule.code]
    assert evaluate(engine, {"daily_hours": 8}, "attendance") == []
    assert RuleSetFactory().jurisdiction != ruleset.jurisdiction


def test_a_rule_that_does_not_compile_is_refused():
    rule = RuleFactory(violation_expr="daily_hours > no_such_param")
    with pytest.raises(ValidationError, match="no_such_param"):
        rule.full_clean()


def test_violation_is_open_and_owned_by_a_school_and_an_enterprise():
    violation = ViolationFactory()
    violation.full_clean()
    assert violation.status == ViolationStatus.OPEN and violation.rule_code == violation.rule.code
    assert violation.school.kind == OrgKind.SCHOOL and violation.enterprise.kind == OrgKind.ENTERPRISE
    assert violation.subject_key == f"{violation.rule_code}|org:{violation.school.pk}:{violation.enterprise.pk}"
    assert violation.citation == violation.rule.citation
    # A second open finding of the same rule and subject is what the unique constraint forbids.
    again = Violation(**{f.attname: getattr(violation, f.attname) for f in Violation._meta.concrete_fields})
    again.pk = None
    with pytest.raises(ValidationError, match="violation_open_unique|subject"):
        again.full_clean()
