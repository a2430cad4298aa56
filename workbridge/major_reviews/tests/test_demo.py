"""The demo seeder: a red major of the demo school gets an open review with options; another a decided review
with its follow-up under way."""

import datetime as dt
import random

import pytest

from workbridge.academics.tests.factories import MajorFactory
from workbridge.core.demo import SCALES, DemoContext
from workbridge.core.roles import Role
from workbridge.labour_market.models import MajorWarning
from workbridge.major_reviews import demo
from workbridge.major_reviews.models import MajorReview, ReviewStatus

pytestmark = pytest.mark.django_db


def test_the_demo_opens_a_review_with_options_and_a_decided_one(world):
    third = MajorFactory(school=world.school1, code="460103", name="工业机器人技术")
    other = MajorFactory(school=world.school1, code="460104", name="工业互联网技术应用")
    MajorWarning.objects.create(major=world.major1, year=2025, level="red", reasons=[])
    MajorWarning.objects.create(major=third, year=2025, level="yellow", reasons=[])
    MajorWarning.objects.create(major=other, year=2025, level="green", reasons=[])
    ctx = DemoContext(
        scale="small",
        seed=1,
        rng=random.Random(1),
        today=dt.date(2026, 9, 1),
        password="x",
        sizes=SCALES["small"],
        log=lambda *a: None,
    )
    ctx.shared.update(
        {
            "demo_school": world.school1,
            "users": {"school_admin": world.users[Role.SCHOOL_ADMIN], "teacher": world.users[Role.TEACHER]},
        }
    )
    demo.seed(ctx)
    first = MajorReview.objects.get(major=world.major1)
    assert first.status == ReviewStatus.DISCUSSING and first.opened_by == "warning"
    assert set(first.options.values_list("kind", flat=True)) == {"adjust", "reduce", "merge", "close"}
    second = MajorReview.objects.get(major=third)
    assert second.status == ReviewStatus.DECIDED and second.decided_option.kind == "reduce"
    assert second.steps.filter(done_on__isnull=False).count() == 1
    assert second.steps.filter(done_on__isnull=True).exists(), "the programme is still to revise"
    assert not MajorReview.objects.filter(major=other).exists()
