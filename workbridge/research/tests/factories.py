import datetime as dt
from decimal import Decimal

import factory

from workbridge.academics.tests.factories import StudentFactory, TeacherFactory
from workbridge.organizations.tests.factories import EnterpriseFactory, SchoolFactory, UserFactory
from workbridge.research.models import (
    OutcomeKind,
    Proposal,
    ProposalStatus,
    RndMember,
    RndMilestone,
    RndOutcome,
    RndProject,
    RndStatus,
    RndStudent,
    TechnicalProblem,
)


class TechnicalProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicalProblem

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"数控机床主轴振动诊断{n}")
    description = "数控机床主轴振动过大，需要诊断与改进。"
    budget_yuan = Decimal("50000")
    respond_by = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
    posted_by = factory.SubFactory(UserFactory)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A school's open proposal for the problem, led by one of its teachers."""

    class Meta:
        model = Proposal

    problem = factory.SubFactory(TechnicalProblemFactory)
    enterprise = factory.SelfAttribute("problem.enterprise")
    school = factory.SubFactory(SchoolFactory, region=factory.SelfAttribute("..enterprise.region"))
    lead = factory.SubFactory(TeacherFactory, school=factory.SelfAttribute("..school"))
    approach = "振动频谱采集与分析，优化主轴轴承预紧。"
    price_yuan = Decimal("45000")
    duration_days = 90
    status = ProposalStatus.SUBMITTED
    submitted_by = factory.SubFactory(UserFactory)


class RndProjectFactory(factory.django.DjangoModelFactory):
    """A contracted project under way (not tied to a problem or proposal unless given)."""

    class Meta:
        model = RndProject

    school = factory.SubFactory(SchoolFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..school.region"))
    title = factory.Sequence(lambda n: f"产线视觉检测技术服务{n}")
    contract_number = factory.Sequence(lambda n: f"HT-2025-{n:05d}")
    contract_value_yuan = Decimal("150000")
    signed_on = dt.date(2025, 1, 10)
    start_date = dt.date(2025, 2, 1)
    end_date = dt.date(2026, 1, 31)
    status = RndStatus.ACTIVE


class RndMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RndMember

    project = factory.SubFactory(RndProjectFactory)
    teacher = factory.SubFactory(TeacherFactory, school=factory.SelfAttribute("..project.school"))
    is_lead = True


class RndStudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RndStudent

    project = factory.SubFactory(RndProjectFactory)
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..project.school"))
    duty = "数据采集"
    joined_on = dt.date(2025, 3, 1)


class RndMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RndMilestone

    project = factory.SubFactory(RndProjectFactory)
    title = "完成样机测试"
    due_date = dt.date(2025, 6, 30)


class RndOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RndOutcome

    project = factory.SubFactory(RndProjectFactory)
    kind = OutcomeKind.PATENT
    title = factory.Sequence(lambda n: f"一种主轴振动监测装置{n}")
    reference = factory.Sequence(lambda n: f"ZL2025{n:07d}")
    achieved_on = factory.LazyAttribute(lambda o: o.project.start_date + dt.timedelta(days=120))
    revenue_yuan = Decimal("80000")
    cost_saved_yuan = Decimal("20000")
    recorded_by = factory.SubFactory(UserFactory)
