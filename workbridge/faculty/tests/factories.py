import datetime as dt

import factory

from workbridge.academics.tests.factories import CourseFactory, TeacherFactory
from workbridge.faculty.models import (
    EnterpriseLecturer,
    LecturerTeaching,
    Level,
    PracticeAlert,
    PracticeRecord,
    PracticeStatus,
    Qualification,
    QualificationKind,
    TeacherProfile,
)
from workbridge.organizations.tests.factories import EnterpriseFactory, SchoolFactory


class TeacherProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherProfile

    teacher = factory.SubFactory(TeacherFactory)
    school = factory.SelfAttribute("teacher.school")
    employment_start = dt.date(2015, 9, 1)
    subject_to_practice = True


class PracticeRecordFactory(factory.django.DjangoModelFactory):
    """A month of enterprise practice awaiting the enterprise's confirmation (20 of its 31 calendar days)."""

    class Meta:
        model = PracticeRecord

    teacher = factory.SubFactory(TeacherFactory)
    school = factory.SelfAttribute("teacher.school")
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..school.region"))
    start_date = dt.date(2025, 3, 1)
    end_date = dt.date(2025, 3, 31)
    days = 20
    tasks = "在装配车间参与产线调试与设备维护。"
    status = PracticeStatus.SUBMITTED


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    teacher = factory.SubFactory(TeacherFactory)
    school = factory.SelfAttribute("teacher.school")
    kind = QualificationKind.SKILL_LEVEL
    name = "电工"
    level = Level.SENIOR
    issuer = "浙江省人力资源和社会保障厅"
    certificate_number = factory.Sequence(lambda n: f"QC{n:08d}")
    issued_on = dt.date(2022, 6, 1)
    expires_on = dt.date(2027, 5, 31)


class EnterpriseLecturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseLecturer

    school = factory.SubFactory(SchoolFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..school.region"))
    name = factory.Sequence(lambda n: f"张工程师{n}")
    position = "电气工程师"
    expertise = "PLC 编程、伺服调试"
    engaged_from = dt.date(2024, 1, 1)
    engaged_until = dt.date(2026, 12, 31)


class LecturerTeachingFactory(factory.django.DjangoModelFactory):
    """Hours a lecturer taught in a course of the lecturer's school."""

    class Meta:
        model = LecturerTeaching

    lecturer = factory.SubFactory(EnterpriseLecturerFactory)
    school = factory.SelfAttribute("lecturer.school")
    enterprise = factory.SelfAttribute("lecturer.enterprise")
    course = factory.SubFactory(CourseFactory, school=factory.SelfAttribute("..school"))
    term = "2024-2025-2"
    hours = 16
    taught_on = dt.date(2025, 4, 1)


class PracticeAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeAlert

    teacher = factory.SubFactory(TeacherFactory)
    school = factory.SelfAttribute("teacher.school")
    status = "behind"
    shortfall_days = 45
    as_of = dt.date(2025, 9, 1)
