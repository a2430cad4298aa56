import datetime as dt

import factory

from workbridge.organizations.tests.factories import EnterpriseFactory, SchoolFactory
from workbridge.partnerships.models import Agreement, AgreementClause, Milestone, Project, ProjectOutput


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    school = factory.SubFactory(SchoolFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..school.region"))
    title = factory.Sequence(lambda n: f"校企合作框架协议{n}")
    scope = "订单培养、顶岗实习、共建实训基地"
    start_date = dt.date(2025, 9, 1)
    end_date = dt.date(2028, 8, 31)
    status = "draft"


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementClause

    agreement = factory.SubFactory(AgreementFactory)
    position = factory.Sequence(lambda n: n + 1)
    party = "enterprise"
    kind = "obligation"
    text = "为实习学生提供岗位与企业导师。"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    agreement = factory.SubFactory(AgreementFactory, status="active")
    school = factory.SelfAttribute("agreement.school")
    enterprise = factory.SelfAttribute("agreement.enterprise")
    project_type = "order_class"
    title = factory.Sequence(lambda n: f"智能制造订单班{n}")
    start_date = dt.date(2025, 9, 1)
    status = "running"
    details = factory.LazyFunction(lambda: {"class_size": 40, "target_posts": ["设备维护员"]})


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = "完成人才培养方案"
    due_date = dt.date(2025, 12, 31)


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectOutput

    project = factory.SubFactory(ProjectFactory)
    kind = "people_trained"
    quantity = 40
    recorded_on = dt.date(2026, 1, 10)
