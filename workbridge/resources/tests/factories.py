import datetime as dt

import factory

from workbridge.organizations.tests.factories import SchoolFactory
from workbridge.resources.models import Resource, TrainingBase


class TrainingBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingBase

    owner = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"智能制造实训基地{n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    owner = factory.SubFactory(SchoolFactory)
    base = factory.SubFactory(TrainingBaseFactory, owner=factory.SelfAttribute("..owner"))
    kind = "lab"
    name = factory.Sequence(lambda n: f"工业机器人实训室{n}")
    capacity = 30
    sharing = "partners"
    weekly_open_hours = 40
    in_service_since = dt.date(2023, 9, 1)
