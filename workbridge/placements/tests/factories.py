import datetime as dt
from decimal import Decimal

import factory

from workbridge.organizations.tests.factories import EnterpriseFactory
from workbridge.placements.models import Placement, Position


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"电气装配实习生{n}")
    occupation_code = "6-31-01-03"
    duties = "协助完成自动化产线的电气装配与调试。"
    required_skills = ["PLC", "电工"]
    major_categories = ["46"]
    places = 5
    post_staff_count = 50
    workplace_address = "杭州市滨江区江南大道 100 号"
    latitude = Decimal("30.200000")
    longitude = Decimal("120.200000")
    geofence_radius_m = 300
    monthly_pay = Decimal("4000")
    post_wage = Decimal("4500")
    daily_hours = Decimal("8")
    shift_start = dt.time(8, 30)
    shift_end = dt.time(17, 30)
    rest_days_per_week = 2
    start_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=180))
    status = "approved"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    position = factory.SubFactory(PositionFactory)
    enterprise = factory.SelfAttribute("position.enterprise")
    start_date = factory.SelfAttribute("position.start_date")
    end_date = factory.SelfAttribute("position.end_date")
    school = factory.SelfAttribute("student.school")
    qr_secret = "0123456789abcdef0123456789abcdef"
