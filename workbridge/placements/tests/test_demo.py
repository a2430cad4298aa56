"""The demo region's internships keep the rules the product enforces (issue 15.4: the demo's own mentor was over
the cap)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from workbridge.placements.models import Placement, PlacementSettings

pytestmark = pytest.mark.django_db


def test_no_demo_mentor_guides_more_students_than_the_cap():
    out = io.StringIO()
    call_command(
        "seed_demo",
        "--scale",
        "small",
        "--seed",
        "1",
        "--only",
        "organizations,academics,partnerships,compliance,placements",
        "--today",
        "2026-03-15",
        stdout=out,
    )
    assert "None of None" not in out.getvalue()
    live = Placement.objects.live()
    assert live.count() > 20
    for school_id, mentor_id, n in (
        live.exclude(school_mentor=None).values_list("school_id", "school_mentor_id").annotate(n=Count("id"))
    ):
        cap = PlacementSettings.objects.get(school_id=school_id).max_students_per_school_mentor
        assert n <= cap, f"school mentor {mentor_id}: {n} > {cap}"
    settings_by_school = {s.school_id: s for s in PlacementSettings.objects.all()}
    for mentor_id, n in (
        live.exclude(enterprise_mentor=None).values_list("enterprise_mentor_id").annotate(n=Count("id"))
    ):
        schools = set(live.filter(enterprise_mentor_id=mentor_id).values_list("school_id", flat=True))
        cap = min(settings_by_school[s].max_students_per_enterprise_mentor for s in schools)
        assert n <= cap, f"enterprise mentor {mentor_id}: {n} > {cap}"
