"""The faculty factories build valid records whose school and enterprise line up."""

import pytest

from workbridge.core.roles import OrgKind
from workbridge.faculty.models import PracticeStatus
from workbridge.faculty.tests.factories import (
    EnterpriseLecturerFactory,
    LecturerTeachingFactory,
    PracticeAlertFactory,
    PracticeRecordFactory,
    QualificationFactory,
    TeacherProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_teacher_profile():
    profile = TeacherProfileFactory()
    profile.full_clean()
    assert profile.school == profile.teacher.school and profile.teacher.faculty_profile == profile


def test_practice_record_is_at_an_enterprise_within_its_period():
    record = PracticeRecordFactory()
    record.full_clean()
    assert record.enterprise.kind == OrgKind.ENTERPRISE and record.school == record.teacher.school
    assert record.status == PracticeStatus.SUBMITTED
    assert 1 <= record.days <= record.calendar_days == 31


def test_qualification_expires_after_issue_and_is_not_yet_verified():
    qual = QualificationFactory()
    qual.full_clean()
    assert qual.expires_on > qual.issued_on and not qual.verified
    assert QualificationFactory().certificate_number != qual.certificate_number


def test_enterprise_lecturer_comes_from_an_enterprise_and_teaches_at_a_school():
    lecturer = EnterpriseLecturerFactory()
    lecturer.full_clean()
    assert lecturer.enterprise.kind == OrgKind.ENTERPRISE and lecturer.school.kind == OrgKind.SCHOOL


def test_lecturer_teaching_uses_the_lecturers_school_and_a_course_there():
    teaching = LecturerTeachingFactory()
    teaching.full_clean()
    assert (teaching.school, teaching.enterprise) == (teaching.lecturer.school, teaching.lecturer.enterprise)
    assert teaching.course.school == teaching.school


def test_practice_alert():
    alert = PracticeAlertFactory()
    alert.full_clean()
    assert alert.school == alert.teacher.school and alert.shortfall_days > 0
