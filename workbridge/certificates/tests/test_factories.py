"""The certificates factories build valid catalogue entries, course mappings and registrations."""

import pytest

from workbridge.certificates.models import Certificate, Result
from workbridge.certificates.tests.factories import CertificateFactory, CourseMappingFactory, RegistrationFactory
from workbridge.core.roles import OrgKind

pytestmark = pytest.mark.django_db


def test_certificate_does_not_clash_with_the_catalogue():
    catalogue = Certificate.objects.count()
    cert = CertificateFactory()
    cert.full_clean()
    assert Certificate.objects.count() == catalogue + 1
    assert str(cert).startswith(f"{cert.name}（") and cert.level == "intermediate"
    CertificateFactory(name=cert.name, level="senior").full_clean()  # same name, another level


def test_course_mapping_stays_in_the_courses_school():
    mapping = CourseMappingFactory()
    mapping.full_clean()
    assert mapping.school == mapping.course.school and mapping.school.kind == OrgKind.SCHOOL
    assert mapping in mapping.certificate.course_mappings.all()


def test_registration_is_the_students_and_a_pass_carries_a_number():
    reg = RegistrationFactory()
    reg.full_clean()
    assert reg.result == Result.REGISTERED and reg.certificate_number == ""
    assert reg.school == reg.student.school and reg.major == reg.student.major

    passed = RegistrationFactory(passed=True, student=reg.student)
    passed.full_clean()
    assert passed.result == Result.PASSED and passed.certificate_number.startswith("1X-2025-")
    assert passed.score is not None and 0 <= passed.score <= 100
