import datetime as dt
from decimal import Decimal

import factory

from workbridge.academics.tests.factories import CourseFactory, StudentFactory
from workbridge.certificates.models import Certificate, CourseMapping, MappingKind, Registration, Result
from workbridge.faculty.models import Level
from workbridge.organizations.tests.factories import UserFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    """A catalogue entry; codes and names stay clear of the catalogue loaded by the data migration."""

    class Meta:
        model = Certificate

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    name = factory.Sequence(lambda n: f"测试工业机器人集成应用{n}")
    level = Level.INTERMEDIATE
    issuer = "测试职业技能评价组织"
    batch = 3
    field = "装备制造"


class CourseMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseMapping

    course = factory.SubFactory(CourseFactory)
    school = factory.SelfAttribute("course.school")
    certificate = factory.SubFactory(CertificateFactory)
    kind = MappingKind.EMBED
    credits = Decimal("2.0")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration for a sitting, result not yet in; ``passed=True`` records a pass with its number."""

    class Meta:
        model = Registration

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    major = factory.SelfAttribute("student.major")
    certificate = factory.SubFactory(CertificateFactory)
    exam_date = dt.date(2025, 6, 15)
    result = Result.REGISTERED
    registered_by = factory.SubFactory(UserFactory)

    class Params:
        passed = factory.Trait(
            result=Result.PASSED,
            score=Decimal("86.5"),
            certificate_number=factory.Sequence(lambda n: f"1X-2025-{n:06d}"),
        )
