"""Index loading, weights (AHP and direct), score recompute with evidence, evaluator roles, scope of scores."""

import datetime as dt

import pytest

from workbridge.core.access import actor_for
from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.evaluation import selectors, services
from workbridge.evaluation.models import Score, ScoreItem, WeightSet
from workbridge.organizations.models import Affiliation, Organization

from . import builders as b

pytestmark = pytest.mark.django_db
D = dt.date
TERM = "2024-2025-1"


def officer(world):
    return actor_for(world.users[Role.AUTHORITY_OFFICER])


def test_index_loads_once_with_default_weights():
    s1 = services.index_system_load()
    s2 = services.index_system_load()
    assert s1.pk == s2.pk and s1.is_active
    ws = services.current_weights(s1)
    assert ws.group_weights == {"input": 0.35, "process": 0.35, "output": 0.30}
    for group in s1.group_order:
        keys = s1.indicators.filter(group=group).values_list("key", flat=True)
        assert sum(ws.indicator_weights[k] for k in keys) == pytest.approx(1.0)


def test_a_changed_index_file_with_the_same_version_is_refused_not_ignored(tmp_path):
    from workbridge.core.exceptions import ValidationFailed
    from workbridge.evaluation import datafiles

    services.index_system_load()
    text = datafiles.DEFAULT_INDEX_FILE.read_text(encoding="utf-8")
    edited = tmp_path / "depth_index_edited.toml"
    edited.write_text(text.replace('code = "deep"\nminimum = 70', 'code = "deep"\nminimum = 75'), encoding="utf-8")
    assert edited.read_text(encoding="utf-8") != text
    with pytest.raises(ValidationFailed) as refused:
        services.index_system_load(path=edited)
    assert list(refused.value.errors) == ["file"] and "depth_index_edited.toml" in refused.value.message
    same = tmp_path / "depth_index_copy.toml"
    same.write_text(text, encoding="utf-8")
    assert services.index_system_load(path=same).pk == services.active_system().pk


def test_ahp_weights_accepted_and_versioned(world):
    system = services.index_system_load()
    ws = services.weights_set_ahp(
        actor=officer(world), system=system, level="groups", matrix=[[1, 1, 2], [1, 1, 2], [0.5, 0.5, 1]], note="局务会"
    )
    assert ws.number == 2 and ws.is_current and ws.method == "ahp"
    assert ws.group_weights == pytest.approx({"input": 0.4, "process": 0.4, "output": 0.2})
    assert ws.matrices["groups"]["cr"] == pytest.approx(0, abs=1e-9)
    assert WeightSet.objects.filter(system=system, is_current=True).count() == 1
    # indicator weights of the untouched levels carry over
    assert ws.indicator_weights == WeightSet.objects.get(system=system, number=1).indicator_weights


def test_inconsistent_ahp_matrix_is_rejected_and_nothing_saved(world):
    system = services.index_system_load()
    with pytest.raises(ValidationFailed) as exc:
        services.weights_set_ahp(
            actor=officer(world), system=system, level="groups", matrix=[[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
        )
    assert "CR" in str(exc.value.message)
    with pytest.raises(ValidationFailed):
        services.weights_set_ahp(actor=officer(world), system=system, level="groups", matrix=[[1, 2], [0.5, 1]])
    assert WeightSet.objects.filter(system=system).count() == 1


def test_direct_weights_must_sum_to_one(world):
    system = services.index_system_load()
    with pytest.raises(ValidationFailed):
        services.weights_set_direct(
            actor=officer(world), system=system, level="groups", weights={"input": 0.5, "process": 0.5, "output": 0.5}
        )
    ws = services.weights_set_direct(
        actor=officer(world), system=system, level="groups", weights={"input": 0.5, "process": 0.3, "output": 0.2}
    )
    assert ws.group_weights["input"] == pytest.approx(0.5)


def test_weights_need_an_evaluation_admin(world):
    system = services.index_system_load()
    with pytest.raises(PermissionDenied):
        services.weights_set_direct(
            actor=actor_for(world.users[Role.SCHOOL_ADMIN]),
            system=system,
            level="groups",
            weights={"input": 0.5, "process": 0.3, "output": 0.2},
        )


def _records(world):
    s1, e1, s2, e2 = world.school1, world.enterprise1, world.school2, world.enterprise2
    ag = b.agreement(s1, e1)
    p = b.project(ag, "order_class", majors=[world.major1])
    b.output(p, "equipment_value", 200000)
    b.output(p, "money_invested", 50000)
    for _ in range(4):
        b.placement(s1, e1, hired=True)
    b.agreement(s2, e2)  # an agreement with no activity: scored, shallow
    return ag


def test_recompute_scores_with_evidence_and_aggregates(world):
    _records(world)
    result = services.scores_recompute(actor=officer(world), term=TERM)
    assert result.partnerships == 2
    pscore = Score.objects.get(term=TERM, level="partnership", school=world.school1, enterprise=world.enterprise1)
    items = {i.indicator.key: i for i in pscore.items.all()}
    assert items["equipment_invested"].raw == 200000 and items["equipment_invested"].normalised == 1.0
    assert items["money_invested"].normalised == pytest.approx(0.5)
    assert (
        items["interns_hosted"].raw == 4 and len(items["interns_hosted"].evidence["rows"]["placements.placement"]) == 4
    )
    assert items["retention_hired"].raw == 1.0
    assert sum(i.contribution for i in items.values()) == pytest.approx(pscore.total)
    assert pscore.band in ("shallow", "developing", "deep")
    quiet = Score.objects.get(term=TERM, level="partnership", school=world.school2)
    assert quiet.total < pscore.total and quiet.band == "shallow"
    ent = Score.objects.get(term=TERM, level="enterprise", enterprise=world.enterprise1)
    assert ent.total == pytest.approx(pscore.total) and ent.evidence["partnership_scores"] == [pscore.pk]
    major = Score.objects.get(term=TERM, level="major", major=world.major1)
    assert major.school_id == world.school1.pk and major.total == pytest.approx(pscore.total)
    # recompute replaces, never duplicates
    services.scores_recompute(actor=None, term=TERM)
    assert Score.objects.filter(term=TERM, level="partnership").count() == 2


def test_recompute_rejects_bad_term_and_wrong_role(world):
    with pytest.raises(ValidationFailed):
        services.scores_recompute(actor=officer(world), term="2024")
    with pytest.raises(PermissionDenied):
        services.scores_recompute(actor=actor_for(world.users[Role.ENTERPRISE_ADMIN]), term=TERM)


def test_scope_enterprise_and_school_see_only_their_scores(world):
    _records(world)
    services.scores_recompute(actor=None, term=TERM)
    ent_actor = actor_for(world.users[Role.ENTERPRISE_ADMIN])
    seen = selectors.score_list(actor=ent_actor)
    assert seen.exists() and all(s.enterprise_id == world.enterprise1.pk for s in seen)
    school_actor = actor_for(world.users[Role.SCHOOL_ADMIN])
    seen = selectors.score_list(actor=school_actor)
    assert seen.exists() and all(s.school_id == world.school1.pk for s in seen)
    other = Score.objects.get(term=TERM, level="partnership", school=world.school2)
    with pytest.raises(NotFound):
        selectors.score_get(actor=ent_actor, pk=other.pk)
    assert not selectors.score_list(actor=actor_for(world.users[Role.STUDENT])).exists()
    assert not ScoreItem.objects.none().exists()
    region_scores = selectors.score_list(actor=officer(world))
    assert all(world.school2.pk not in (s.school_id,) for s in region_scores)


def test_evaluator_roles_follow_membership(world):
    assoc = Organization.objects.create(kind="association", name="智能制造行业协会", region=world.region1)
    group = Organization.objects.create(kind="group", name="职教集团", region=world.region1)
    with pytest.raises(ValidationFailed):
        services.evaluator_assign(
            actor=officer(world), evaluator_id=assoc.pk, school_id=world.school1.pk, enterprise_id=world.enterprise1.pk
        )
    Affiliation.objects.create(body=assoc, member=world.enterprise1)
    Affiliation.objects.create(body=group, member=world.school1)
    a = services.evaluator_assign(
        actor=officer(world), evaluator_id=assoc.pk, school_id=world.school1.pk, enterprise_id=world.enterprise1.pk
    )
    services.evaluator_assign(
        actor=officer(world), evaluator_id=group.pk, school_id=world.school1.pk, enterprise_id=world.enterprise1.pk
    )
    with pytest.raises(PermissionDenied):
        services.evaluator_assign(
            actor=actor_for(world.other[Role.AUTHORITY_OFFICER]),
            evaluator_id=assoc.pk,
            school_id=world.school1.pk,
            enterprise_id=world.enterprise1.pk,
        )
    from workbridge.organizations.models import Membership
    from workbridge.organizations.tests.factories import UserFactory

    user = UserFactory(username="assoc_officer")
    Membership.objects.create(user=user, organization=assoc, role=Role.ASSOCIATION_OFFICER)
    rating = services.evaluator_rate(
        actor=actor_for(user), assignment_id=a.pk, term=TERM, score=85, rated_on=D(2025, 1, 5)
    )
    assert rating.school_id == world.school1.pk
    with pytest.raises(ValidationFailed):
        services.evaluator_rate(actor=actor_for(user), assignment_id=a.pk, term=TERM, score=120)
    services.scores_recompute(actor=None, term=TERM)
    item = ScoreItem.objects.get(
        score__level="partnership", score__school=world.school1, indicator__key="evaluator_rating"
    )
    assert item.raw == pytest.approx(0.85) and item.evidence["rows"]["evaluation.evaluatorrating"] == [rating.pk]
