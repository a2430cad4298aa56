import datetime as dt

import factory

from workbridge.academics.engines.identity import make_id_number
from workbridge.academics.models import Cohort, Course, Department, Major, Student, Teacher
from workbridge.core import crypto
from workbridge.organizations.tests.factories import SchoolFactory


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"智能制造学院{n}")


class MajorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Major

    school = factory.SubFactory(SchoolFactory)
    department = factory.SubFactory(DepartmentFactory, school=factory.SelfAttribute("..school"))
    code = factory.Sequence(lambda n: f"46{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"机电一体化技术{n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    major = factory.SubFactory(MajorFactory)
    intake_year = 2024
    name = factory.Sequence(lambda n: f"2024级{n}班")


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    employee_number = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"王老师{n}")
    title = "讲师"


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student
        exclude = ("id_number", "phone_number")

    school = factory.SubFactory(SchoolFactory)
    major = factory.SubFactory(MajorFactory, school=factory.SelfAttribute("..school"))
    student_number = factory.Sequence(lambda n: f"2024{n:06d}")
    name = factory.Sequence(lambda n: f"李同学{n}")
    gender = "M"
    birth_date = dt.date(2005, 3, 14)
    grade_year = 2
    id_number = factory.Sequence(lambda n: make_id_number("330102", dt.date(2005, 3, 14), n % 1000))
    phone_number = factory.Sequence(lambda n: f"138{n:08d}")
    id_number_encrypted = factory.LazyAttribute(lambda o: crypto.encrypt(o.id_number))
    id_number_hash = factory.LazyAttribute(lambda o: crypto.keyed_hash(o.id_number))
    id_number_tail = factory.LazyAttribute(lambda o: o.id_number[-4:])
    phone_encrypted = factory.LazyAttribute(lambda o: crypto.encrypt(o.phone_number))
    phone_tail = factory.LazyAttribute(lambda o: o.phone_number[-4:])


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    school = factory.SubFactory(SchoolFactory)
    major = factory.SubFactory(MajorFactory, school=factory.SelfAttribute("..school"))
    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"PLC 编程与应用{n}")
    credits = 3
    hours = 48
    semester = 3
    learning_outcomes = "能够使用 PLC 完成典型控制系统的编程与调试，熟悉 AutoCAD 电气制图。"
