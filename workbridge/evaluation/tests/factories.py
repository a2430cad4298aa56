import datetime as dt
from decimal import Decimal

import factory

from workbridge.evaluation.models import (
    Attestation,
    AttestationStatus,
    Certification,
    EvaluatorAssignment,
    EvaluatorRating,
    IndexSystem,
    Indicator,
    IndicatorGroup,
    InvestmentWithdrawal,
    Method,
    Score,
    ScoreItem,
    ScoreLevel,
    SurchargeDeclaration,
    WeightMethod,
    WeightSet,
)
from workbridge.organizations.tests.factories import AssociationFactory, EnterpriseFactory, SchoolFactory, UserFactory

BANDS = [{"code": "shallow", "minimum": 0}, {"code": "developing", "minimum": 40}, {"code": "deep", "minimum": 70}]
GROUP_WEIGHTS = {"input": 0.35, "process": 0.35, "output": 0.30}


class IndexSystemFactory(factory.django.DjangoModelFactory):
    """An inactive index system of its own code (clear of the depth index loaded from the data file)."""

    class Meta:
        model = IndexSystem

    code = factory.Sequence(lambda n: f"test_index_{n}")
    version = 1
    name = factory.Sequence(lambda n: f"Test depth index {n}")
    name_zh = factory.Sequence(lambda n: f"测试合作深度指数{n}")
    bands = factory.LazyFunction(lambda: [dict(b) for b in BANDS])
    group_order = factory.LazyFunction(lambda: list(GROUP_WEIGHTS))
    is_active = False


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    system = factory.SubFactory(IndexSystemFactory)
    key = factory.Sequence(lambda n: f"indicator_{n}")
    group = IndicatorGroup.INPUT
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Equipment invested {n}")
    unit = "万元"
    method = Method.TARGET
    target = 50.0


class WeightSetFactory(factory.django.DjangoModelFactory):
    """The current default weights of a system: equal local weights within each group of its indicators."""

    class Meta:
        model = WeightSet

    system = factory.SubFactory(IndexSystemFactory)
    number = factory.Sequence(lambda n: n + 1)
    method = WeightMethod.DEFAULT
    level = "all"
    group_weights = factory.LazyFunction(lambda: dict(GROUP_WEIGHTS))
    indicator_weights = factory.LazyAttribute(
        lambda o: {i.key: 1 / o.system.indicators.filter(group=i.group).count() for i in o.system.indicators.all()}
    )
    is_current = True


class ScoreFactory(factory.django.DjangoModelFactory):
    """A partnership's depth score for a term, in the band its total reaches."""

    class Meta:
        model = Score

    system = factory.SubFactory(IndexSystemFactory)
    weight_set = factory.SubFactory(WeightSetFactory, system=factory.SelfAttribute("..system"))
    term = "2024-2025-1"
    level = ScoreLevel.PARTNERSHIP
    school = factory.SubFactory(SchoolFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..school.region"))
    subject_key = factory.LazyAttribute(lambda o: f"p:{o.school.pk}:{o.enterprise.pk}")
    total = 55.0
    band = factory.LazyAttribute(
        lambda o: max((b for b in o.system.bands if o.total >= b["minimum"]), key=lambda b: b["minimum"])["code"]
    )
    group_scores = factory.LazyFunction(lambda: {"input": 50.0, "process": 60.0, "output": 55.0})
    coverage = 0.8


class ScoreItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreItem

    score = factory.SubFactory(ScoreFactory)
    indicator = factory.SubFactory(IndicatorFactory, system=factory.SelfAttribute("..score.system"))
    raw = 30.0
    normalised = factory.LazyAttribute(lambda o: min(o.raw / o.indicator.target, 1.0))
    contribution = 0.0
    count = 2
    evidence = factory.LazyFunction(lambda: {"rows": {"resources.resource": [1, 2]}, "truncated": False})


class EvaluatorAssignmentFactory(factory.django.DjangoModelFactory):
    """An industry association appointed to rate a school-enterprise partnership."""

    class Meta:
        model = EvaluatorAssignment

    evaluator = factory.SubFactory(AssociationFactory)
    school = factory.SubFactory(SchoolFactory, region=factory.SelfAttribute("..evaluator.region"))
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..evaluator.region"))
    assigned_by = factory.SubFactory(UserFactory)


class EvaluatorRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluatorRating

    assignment = factory.SubFactory(EvaluatorAssignmentFactory)
    school = factory.SelfAttribute("assignment.school")
    enterprise = factory.SelfAttribute("assignment.enterprise")
    term = "2024-2025-1"
    rated_on = dt.date(2025, 1, 10)
    score = 80
    rated_by = factory.SubFactory(UserFactory)


class CertificationFactory(factory.django.DjangoModelFactory):
    """Certification as an industry-education integration enterprise (产教融合型企业), not revoked."""

    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    criteria_set = "jiangsu-2021"
    reference = factory.Sequence(lambda n: f"苏发改社会发〔2021〕{n + 1}号")
    certified_on = dt.date(2021, 12, 1)


class SurchargeDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurchargeDeclaration

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2024
    education_surcharge = Decimal("300000.00")
    local_education_surcharge = Decimal("200000.00")
    declared_by = factory.SubFactory(UserFactory)


class InvestmentWithdrawalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentWithdrawal

    enterprise = factory.SubFactory(EnterpriseFactory)
    withdrawn_on = dt.date(2025, 3, 1)
    amount = Decimal("100000.00")
    note = "撤回实训基地设备投资"


class AttestationFactory(factory.django.DjangoModelFactory):
    """An enterprise's statement for a criterion the records cannot show, awaiting the authority."""

    class Meta:
        model = Attestation

    enterprise = factory.SubFactory(EnterpriseFactory)
    criterion_key = "years_in_operation"
    statement = "本企业于2010年注册成立，持续经营满三年。"
    status = AttestationStatus.PENDING
    attested_by = factory.SubFactory(UserFactory)
