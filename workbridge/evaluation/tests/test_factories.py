"""The evaluation factories build valid index systems, weights, scores, evaluator ratings and the
records behind integration-enterprise readiness and incentives."""

import pytest
from django.core.exceptions import ValidationError

from workbridge.core.roles import OrgKind
from workbridge.evaluation import datafiles
from workbridge.evaluation.models import AttestationStatus, Band, ScoreLevel
from workbridge.evaluation.tests.factories import (
    AttestationFactory,
    CertificationFactory,
    EvaluatorAssignmentFactory,
    EvaluatorRatingFactory,
    IndexSystemFactory,
    IndicatorFactory,
    InvestmentWithdrawalFactory,
    ScoreFactory,
    ScoreItemFactory,
    SurchargeDeclarationFactory,
    WeightSetFactory,
)
from workbridge.organizations.tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_index_system_indicators_and_weights():
    system = IndexSystemFactory()
    system.full_clean()
    assert not system.is_active and [b["code"] for b in system.bands] == list(Band.values)
    a = IndicatorFactory(system=system)
    b = IndicatorFactory(system=system)
    c = IndicatorFactory(system=system, group="output")
    for indicator in (a, b, c):
        indicator.full_clean()
    weights = WeightSetFactory(system=system)
    weights.full_clean()
    assert weights.indicator_weights == {a.key: 0.5, b.key: 0.5, c.key: 1.0}
    assert sum(weights.group_weights.values()) == pytest.approx(1.0)
    with pytest.raises(ValidationError):
        WeightSetFactory.build(system=system).full_clean()  # one current weight set per system


def test_score_is_a_partnerships_and_in_the_band_its_total_reaches():
    score = ScoreFactory()
    score.full_clean()
    assert score.level == ScoreLevel.PARTNERSHIP and score.band == Band.DEVELOPING
    assert score.weight_set.system == score.system
    assert score.school.kind == OrgKind.SCHOOL and score.enterprise.kind == OrgKind.ENTERPRISE
    assert score.subject_key == f"p:{score.school.pk}:{score.enterprise.pk}"
    assert ScoreFactory(total=85.0).band == Band.DEEP

    item = ScoreItemFactory(score=score)
    item.full_clean()
    assert item.indicator.system == score.system and item.normalised == pytest.approx(0.6)


def test_evaluator_assignment_and_rating():
    rating = EvaluatorRatingFactory()
    rating.full_clean()
    assignment = rating.assignment
    assignment.full_clean()
    assert assignment.evaluator.kind == OrgKind.ASSOCIATION
    assert (rating.school, rating.enterprise) == (assignment.school, assignment.enterprise)
    assert 0 <= rating.score <= 100
    group_assignment = EvaluatorAssignmentFactory(evaluator=GroupFactory())
    group_assignment.full_clean()
    assert group_assignment.evaluator.kind == OrgKind.GROUP
    assert group_assignment.school.region == group_assignment.evaluator.region


def test_integration_enterprise_records():
    certification = CertificationFactory()
    declaration = SurchargeDeclarationFactory(enterprise=certification.enterprise)
    withdrawal = InvestmentWithdrawalFactory(enterprise=certification.enterprise)
    attestation = AttestationFactory(enterprise=certification.enterprise)
    for row in (certification, declaration, withdrawal, attestation):
        row.full_clean()
    assert certification.enterprise.kind == OrgKind.ENTERPRISE and certification.revoked_on is None
    assert certification.criteria_set in datafiles.criteria_sets()
    assert declaration.total == declaration.education_surcharge + declaration.local_education_surcharge > 0
    assert withdrawal.amount > 0
    assert attestation.status == AttestationStatus.PENDING
    attestable = {
        c.key
        for s in datafiles.criteria_sets().values()
        for c in s["criteria"]
        if c.check in ("attested", "good_standing")
    }
    assert attestation.criterion_key in attestable
