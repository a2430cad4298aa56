import datetime as dt
import random

import pytest

from workbridge.core.demo import SCALES, DemoContext
from workbridge.labour_market import demo, selectors
from workbridge.labour_market.models import (
    CourseSkill,
    DemandSurvey,
    GraduateDestination,
    MajorTargetOccupation,
    MajorWarning,
    Posting,
    TrainingProgramme,
)

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_every_major_a_matrix_destinations_and_a_warning(world):
    world.course1.learning_outcomes = "能够使用PLC完成控制系统编程与调试，掌握Python脚本，熟悉AutoCAD电气制图。"
    world.course1.save()
    ctx = DemoContext(
        scale="small",
        seed=1,
        rng=random.Random(1),
        today=dt.date(2025, 9, 1),
        password="x",
        sizes=SCALES["small"],
        log=lambda *a: None,
    )
    demo.seed(ctx)
    assert demo._sample_records(), "the repository ships real postings for the demo"
    assert Posting.objects.filter(duplicate_of__isnull=True).count() > 100
    assert Posting.objects.filter(enterprise__isnull=False).exists()
    for major in (world.major1, world.major2):
        assert MajorTargetOccupation.objects.filter(major=major).exists()
        assert GraduateDestination.objects.filter(major=major).values("graduation_year").distinct().count() == 4
        assert MajorWarning.objects.filter(major=major, year=2024).exists()
        matrix = selectors.major_matrix(major)
        assert matrix.result.top, "demand reaches the major's target occupations"
    assert CourseSkill.objects.filter(course=world.course1, status="confirmed").exists()
    assert DemandSurvey.objects.get().responses.count() >= 1
    assert TrainingProgramme.objects.get().reviewers.exists()
    # the same seed builds the same region
    levels = dict(MajorWarning.objects.values_list("major_id", "level"))
    assert set(levels.values()) <= {"red", "yellow", "green"}
