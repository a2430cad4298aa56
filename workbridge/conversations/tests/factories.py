import factory
from django.utils import timezone

from workbridge.academics.tests.factories import StudentFactory
from workbridge.conversations.models import Message, ReadState, TargetKind, Thread
from workbridge.organizations.tests.factories import UserFactory
from workbridge.partnerships.tests.factories import AgreementFactory, ProjectFactory
from workbridge.placements.tests.factories import PlacementFactory


class ThreadFactory(factory.django.DjangoModelFactory):
    """The conversation about an agreement, between its school and its enterprise."""

    class Meta:
        model = Thread

    kind = TargetKind.AGREEMENT
    agreement = factory.SubFactory(AgreementFactory)
    school = factory.SelfAttribute("agreement.school")
    enterprise = factory.SelfAttribute("agreement.enterprise")
    subject = factory.LazyAttribute(lambda o: o.agreement.title)
    created_by = factory.SubFactory(UserFactory)


class ProjectThreadFactory(ThreadFactory):
    """The conversation about a cooperation project."""

    kind = TargetKind.PROJECT
    agreement = None
    project = factory.SubFactory(ProjectFactory)
    school = factory.SelfAttribute("project.school")
    enterprise = factory.SelfAttribute("project.enterprise")
    subject = factory.LazyAttribute(lambda o: o.project.title)


class PlacementThreadFactory(ThreadFactory):
    """The conversation about a placement: its school, its enterprise and its student."""

    kind = TargetKind.PLACEMENT
    agreement = None
    placement = factory.SubFactory(PlacementFactory, student=factory.SubFactory(StudentFactory))
    school = factory.SelfAttribute("placement.school")
    enterprise = factory.SelfAttribute("placement.enterprise")
    student = factory.SelfAttribute("placement.student")
    subject = factory.LazyAttribute(lambda o: f"{o.placement.student.name} · {o.placement.position.title}")


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "请确认下周的实训安排。"


class ReadStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadState

    thread = factory.SubFactory(ThreadFactory)
    user = factory.SubFactory(UserFactory)
    last_read_at = factory.LazyFunction(timezone.now)
