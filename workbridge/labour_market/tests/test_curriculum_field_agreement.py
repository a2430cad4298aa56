"""Curriculum gaps a teacher would believe: over every major of the demo region, the ten most demanded skills and
the ten first gaps belong to the major's field (data/major_fields.toml: its skill domains and groups, plus the
general abilities). The README's "Curriculum gaps, checked" table is this test's output (`-s` prints it)."""

import io

import pytest
from django.core.management import call_command

from workbridge.academics.models import Major
from workbridge.labour_market import selectors
from workbridge.labour_market.engines.fields import table


@pytest.mark.django_db
def test_every_demo_majors_top_demand_and_gaps_belong_to_its_field():
    call_command("seed_demo", "--scale", "small", "--seed", "7", "--today", "2026-12-01", stdout=io.StringIO())
    fields = table()
    checked, lines = 0, []
    for major in Major.objects.order_by("code", "school_id"):
        matrix = selectors.major_matrix(major)
        field = matrix.field
        assert field is not None, f"{major.code} {major.name} has no field in major_fields.toml"
        top = [r.skill for r in matrix.result.top[:10]]
        gaps = [r.skill for r in matrix.result.gaps[:10]]
        outside = [matrix.skill_label(s) for s in top + gaps if not fields.belongs(s, field)]
        lines.append(
            f"| {major.code} {major.name} | {field.name_zh} | {len(top)} | {len(gaps)} | {len(matrix.result.thin)} "
            f"| {'、'.join(matrix.skill_label(s) for s in gaps[:5]) or '—'} |"
        )
        assert not outside, f"{major.name}: {outside} are not skills of {field.name_zh}"
        for gap in gaps:
            assert matrix.evidence.get(gap), f"{major.name}: the gap {gap} lists the postings behind it"
        checked += bool(top)
    print("\n".join(lines))
    assert checked >= 6, "the demo must give most majors demand to check"
