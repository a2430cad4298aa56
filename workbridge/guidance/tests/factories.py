"""Factories for the guidance app's models."""

import datetime as dt

import factory

from workbridge.academics.tests.factories import StudentFactory
from workbridge.guidance.models import CounsellingRequest, GuidanceSession, SessionAttendance, WellbeingCheck


class GuidanceSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceSession

    school = factory.SelfAttribute("cohort.major.school")
    cohort = factory.SubFactory("workbridge.academics.tests.factories.CohortFactory")
    kind = "pre_placement"
    title = "岗前培训"
    held_on = factory.LazyFunction(dt.date.today)


class SessionAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionAttendance

    session = factory.SubFactory(GuidanceSessionFactory)
    student = factory.SubFactory(StudentFactory)


class CounsellingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellingRequest

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    kind = "career"


class WellbeingCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingCheck

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    week_start = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=dt.date.today().weekday()))
    mood = 3
