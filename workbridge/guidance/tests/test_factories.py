"""The guidance factories build valid records, each within one school."""

import pytest

from workbridge.guidance.tests.factories import (
    CounsellingRequestFactory,
    GuidanceSessionFactory,
    SessionAttendanceFactory,
    WellbeingCheckFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory", [GuidanceSessionFactory, SessionAttendanceFactory, CounsellingRequestFactory, WellbeingCheckFactory]
)
def test_factories_build_valid_records(factory):
    record = factory()
    record.full_clean()


def test_a_session_belongs_to_its_class_school():
    session = GuidanceSessionFactory()
    assert session.school == session.cohort.major.school


def test_private_records_belong_to_the_students_school():
    for record in (CounsellingRequestFactory(), WellbeingCheckFactory()):
        assert record.school == record.student.school
