"""A school runs a round: students rank, the enterprise scores, DA computes (seeded lottery recorded), results are
explained, published, exported and turned into placements in one step."""

import io

import pytest

from workbridge.core.exceptions import InvalidTransition, NotFound, ValidationFailed
from workbridge.placements.models import Placement
from workbridge.placements.services import rounds as match

from .factories import PositionFactory

pytestmark = pytest.mark.django_db


def _student(setup, n):
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.organizations.models import Membership
    from workbridge.organizations.tests.factories import UserFactory

    user = UserFactory(username=f"rank{n}")
    student = StudentFactory(school=setup.world.school1, major=setup.world.major1, user=user)
    m = Membership.objects.create(user=user, organization=setup.world.school1, role="student")
    user.current_membership = m
    user.save()
    return user, student


def test_round_end_to_end(setup):
    w = setup.world
    popular = PositionFactory(enterprise=w.enterprise1, reviewed_by_school=w.school1, places=1, title="热门岗位")
    other = PositionFactory(enterprise=w.enterprise1, reviewed_by_school=w.school1, places=2, title="普通岗位")
    rnd = match.round_create(
        actor=setup.school_admin, title="春季双选", position_ids=[popular.pk, other.pk], max_choices=2
    )
    (u1, s1), (u2, s2), (u3, s3) = (_student(setup, i) for i in range(3))
    for user in (u1, u2, u3):
        match.round_rank(actor=user, rnd=rnd, position_ids=[popular.pk, other.pk])
    with pytest.raises(ValidationFailed):
        match.round_rank(actor=u1, rnd=rnd, position_ids=[popular.pk, popular.pk])
    with pytest.raises(NotFound):  # another region's student cannot even see the round
        match.round_rank(actor=setup.world.other["student"], rnd=rnd, position_ids=[popular.pk])
    match.round_score(actor=setup.ent_admin, rnd=rnd, position=popular, scores={s2.pk: 90, s1.pk: 70, s3.pk: 70})
    rnd = match.round_compute(actor=setup.school_admin, rnd=rnd, variant="da", seed=7)
    results = {r.student_id: r for r in rnd.results.all()}
    assert results[s2.pk].position_id == popular.pk and results[s2.pk].choice_rank == 1
    assert results[s1.pk].position_id == other.pk and results[s3.pk].position_id == other.pk
    why = results[s1.pk].explanation["items"][0]
    assert why["reason"] == "position_full" and why["position"] == popular.pk and why["last_admitted_rank"] == 1
    assert rnd.seed == 7 and rnd.lottery["seed"] == 7 and rnd.stats["placed"] == 3
    with pytest.raises(InvalidTransition):
        match.round_convert(actor=setup.school_admin, rnd=rnd)
    match.round_publish(actor=setup.school_admin, rnd=rnd)
    from openpyxl import load_workbook

    from workbridge.core.access import actor_for
    from workbridge.placements.selectors import round_view_for

    view = round_view_for(actor=actor_for(setup.school_admin), rnd=rnd)
    sheet = load_workbook(io.BytesIO(match.round_export_xlsx(rnd, view)))["results"]
    assert sheet.max_row == 4
    placements = match.round_convert(actor=setup.school_admin, rnd=rnd)
    assert len(placements) == 3 and Placement.objects.filter(matching_round=rnd, source="matching").count() == 3
    # Same seed, same result: the lottery is reproducible.
    assert rnd.lottery["used"] is True


def test_maxflow_variant_is_labelled(setup):
    w = setup.world
    pos = PositionFactory(enterprise=w.enterprise1, reviewed_by_school=w.school1, places=1)
    rnd = match.round_create(actor=setup.school_admin, title="最大化", position_ids=[pos.pk], variant="maxflow")
    user, _s = _student(setup, 9)
    match.round_rank(actor=user, rnd=rnd, position_ids=[pos.pk])
    rnd = match.round_compute(actor=setup.school_admin, rnd=rnd, seed=1)
    assert rnd.variant == "maxflow" and rnd.stats["stable"] is False and "NOT STABLE" in rnd.stats["note"]


def test_a_round_lists_the_students_it_left_out_and_why(setup, client):
    """Issue 15.7: a first-year student's choice is refused by the rules and a student who already holds a
    placement does not take part; the round says so instead of dropping them silently."""
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.placements.models import RoundChoice
    from workbridge.placements.services import rounds as match

    from .factories import PlacementFactory

    w = setup.world
    first_year = StudentFactory(school=w.school1, major=setup.student.major, grade_year=1, name="一年级生")
    placed = StudentFactory(school=w.school1, major=setup.student.major, grade_year=3, name="已实习生")
    PlacementFactory(student=placed, position=setup.position)
    eligible = StudentFactory(school=w.school1, major=setup.student.major, grade_year=3, name="合格学生")
    rnd = match.round_create(actor=setup.school_admin, title="排除测试", position_ids=[setup.position.pk])
    for student in (first_year, placed, eligible):
        RoundChoice.objects.create(round=rnd, student=student, position=setup.position, rank=1)
    rnd = match.round_compute(actor=setup.school_admin, rnd=rnd, seed=1)
    reasons = {e["student"]: e["reason"] for e in rnd.stats["excluded"]}
    assert reasons == {first_year.pk: "rules", placed.pk: "already_placed"}
    client.force_login(setup.school_admin)
    page = client.get(f"/placements/rounds/{rnd.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="round-excluded"' in page and "一年级生" in page and "已有实习安排" in page
