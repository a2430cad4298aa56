"""Factories of the joint enrolment app (foreign keys from the other apps' factories)."""

from __future__ import annotations

import datetime as dt

import factory

from workbridge.academics.tests.factories import StudentFactory
from workbridge.enrolment.models import EnrolmentApplication, EnrolmentPlan
from workbridge.partnerships.tests.factories import AgreementFactory


class EnrolmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrolmentPlan

    agreement = factory.SubFactory(AgreementFactory, status="active")
    school = factory.SelfAttribute("agreement.school")
    enterprise = factory.SelfAttribute("agreement.enterprise")
    name = factory.Sequence(lambda n: f"数控技术订单班{n}")
    year = 2026
    kind = "order_class"
    quota = 10
    criteria = "品行端正，身体健康，热爱制造业"
    target_posts = "数控车工\n加工中心操作工"
    opens_on = dt.date(2026, 1, 1)
    closes_on = dt.date(2027, 12, 31)
    status = "published"


class EnrolmentApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrolmentApplication

    plan = factory.SubFactory(EnrolmentPlanFactory)
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..plan.school"))
    statement = "希望毕业后到企业从事数控加工工作。"
