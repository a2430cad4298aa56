import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.labour_market.engines.curriculum import Target, compute_matrix

GROUPS = {"plc": "automation", "cad": "design", "py": "software", "c": "software", "team": "soft", "excel": "office"}


def test_coverage_is_demand_weighted_share_of_top_skills():
    demand = {"O1": {"plc": 60, "cad": 30, "team": 10}}
    result = compute_matrix([Target("O1")], demand, {"C1": {"plc"}, "C2": {"team"}}, GROUPS, top_n=3)
    assert [r.skill for r in result.top] == ["plc", "cad", "team"]
    assert result.coverage == pytest.approx(0.7)
    assert [r.skill for r in result.gaps] == ["cad"]
    assert result.top[0].courses == ["C1"]


def test_top_n_limits_the_denominator():
    demand = {"O1": {"plc": 60, "cad": 30, "team": 10}}
    result = compute_matrix([Target("O1")], demand, {"C2": {"team"}}, GROUPS, top_n=2)
    assert result.coverage == 0.0  # team is outside the top two
    assert [r.skill for r in result.gaps] == ["plc", "cad"]


def test_target_weights_multiply_occupation_demand():
    demand = {"O1": {"plc": 10}, "O2": {"py": 10}}
    result = compute_matrix([Target("O1", 3), Target("O2", 1)], demand, {"C": {"py"}}, GROUPS)
    assert result.top[0].skill == "plc" and result.top[0].weight == 30
    assert result.coverage == pytest.approx(10 / 40)
    assert result.top[0].by_occupation == {"O1": 30}


def test_group_coverage_counts_a_group_taught_by_any_of_its_skills():
    demand = {"O1": {"py": 50, "c": 30, "plc": 20}}
    result = compute_matrix([Target("O1")], demand, {"C": {"c"}}, GROUPS)
    # software (80) taught through C; automation (20) not
    assert result.group_coverage == pytest.approx(0.8)
    assert result.coverage == pytest.approx(0.3)


def test_surplus_lists_taught_skills_with_little_or_no_demand():
    demand = {"O1": {"plc": 990, "cad": 10}}
    result = compute_matrix([Target("O1")], demand, {"C1": {"plc", "cad", "excel"}}, GROUPS, surplus_share=0.02)
    assert [r.skill for r in result.surplus] == ["excel", "cad"]


def test_no_targets_and_no_demand_give_no_coverage_not_zero():
    result = compute_matrix([], {}, {"C1": {"plc"}}, GROUPS)
    assert result.coverage is None and result.group_coverage is None
    assert "no_targets" in result.notes
    result = compute_matrix([Target("O9")], {}, {}, GROUPS)
    assert result.coverage is None and result.notes == ["no_demand", "no_courses"]


def test_heat_cells_point_at_course_and_skill():
    demand = {"O1": {"plc": 5, "cad": 3}}
    result = compute_matrix([Target("O1")], demand, {"A": {"cad"}, "B": {"plc", "cad"}}, GROUPS)
    assert sorted(result.heat()) == [(0, 1, 3), (1, 0, 5), (1, 1, 3)]


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError):
        compute_matrix([Target("O", -1)], {}, {}, {})
    with pytest.raises(ValueError):
        compute_matrix([], {}, {}, {}, top_n=0)
    with pytest.raises(ValueError):
        compute_matrix([Target("O")], {"O": {"x": -1}}, {}, {})


skills = st.sampled_from(sorted(GROUPS))
demand_st = st.dictionaries(
    st.sampled_from(["O1", "O2", "O3"]), st.dictionaries(skills, st.integers(0, 100)), max_size=3
)
courses_st = st.dictionaries(st.sampled_from(["C1", "C2", "C3"]), st.sets(skills), max_size=3)
targets_st = st.lists(
    st.builds(Target, st.sampled_from(["O1", "O2", "O3"]), st.integers(0, 5)),
    max_size=3,
    unique_by=lambda t: t.occupation,
)


@settings(deadline=None, max_examples=150)
@given(targets_st, demand_st, courses_st, st.integers(1, 6))
def test_properties(targets, demand, courses, top_n):
    result = compute_matrix(targets, demand, courses, GROUPS, top_n=top_n)
    if result.coverage is not None:
        assert 0 <= result.coverage <= 1
    if result.group_coverage is not None:
        assert 0 <= result.group_coverage <= 1
    assert len(result.top) <= top_n
    weights = [r.weight for r in result.top]
    assert weights == sorted(weights, reverse=True)
    taught = set().union(*courses.values()) if courses else set()
    # gaps are exactly the untaught top skills
    assert {r.skill for r in result.gaps} == {r.skill for r in result.top if r.skill not in taught}
    # teaching every demanded skill gives full coverage
    full = compute_matrix(targets, demand, {"ALL": set(GROUPS)}, GROUPS, top_n=top_n)
    if full.coverage is not None:
        assert full.coverage == pytest.approx(1.0) and not full.gaps
    # adding a course never lowers coverage
    more = compute_matrix(targets, demand, {**courses, "EXTRA": {"plc"}}, GROUPS, top_n=top_n)
    if result.coverage is not None:
        assert more.coverage >= result.coverage - 1e-12


def test_relevance_keeps_an_other_field_skill_below_the_majors_own_skills():
    # an automation post that also asks for C++ many times: C++ counts one tenth
    demand = {"O1": {"c": 100, "plc": 40, "cad": 20}}
    result = compute_matrix([Target("O1")], demand, {}, GROUPS, relevance={"c": 0.1})
    assert [r.skill for r in result.top] == ["plc", "cad", "c"]
    assert result.top[2].weight == pytest.approx(10)
    assert result.top[2].evidence == 100 and result.top[2].relevance == 0.1


def test_a_skill_with_too_little_evidence_is_not_a_gap_but_listed_as_thin():
    demand = {"O1": {"plc": 12, "cad": 2}}
    result = compute_matrix([Target("O1")], demand, {}, GROUPS, min_evidence=3)
    assert [r.skill for r in result.gaps] == ["plc"]
    assert [r.skill for r in result.thin] == ["cad"]


def test_evidence_is_not_scaled_by_the_target_weight():
    demand = {"O1": {"plc": 2}, "O2": {"plc": 2}}
    result = compute_matrix([Target("O1", 3), Target("O2", 1)], demand, {}, GROUPS, min_evidence=4)
    assert result.top[0].evidence == 4 and result.top[0].weight == 8
    assert [r.skill for r in result.gaps] == ["plc"]


def test_relevance_outside_zero_one_is_refused():
    with pytest.raises(ValueError):
        compute_matrix([Target("O1")], {"O1": {"plc": 1}}, {}, GROUPS, relevance={"plc": 2})


@settings(max_examples=60)
@given(
    st.dictionaries(st.sampled_from(sorted(GROUPS)), st.integers(0, 50), min_size=1),
    st.dictionaries(st.sampled_from(sorted(GROUPS)), st.sampled_from([0.0, 0.1, 0.5, 1.0])),
    st.integers(0, 10),
)
def test_gaps_and_thin_split_the_untaught_top_skills(amounts, relevance, min_evidence):
    result = compute_matrix(
        [Target("O1")], {"O1": amounts}, {"C": {"team"}}, GROUPS, relevance=relevance, min_evidence=min_evidence
    )
    untaught = [r.skill for r in result.top if not r.taught]
    assert sorted(r.skill for r in result.gaps + result.thin + result.beside) == sorted(untaught)
    assert all(r.evidence >= min_evidence for r in result.gaps)
    assert all(r.weight <= r.evidence for r in result.top)


def test_general_and_other_field_skills_are_never_gaps_but_shown_beside():
    demand = {"O1": {"team": 50, "plc": 40, "c": 30}}
    result = compute_matrix([Target("O1")], demand, {}, GROUPS, never_gaps={"team", "c"})
    assert [r.skill for r in result.gaps] == ["plc"]
    assert [r.skill for r in result.beside] == ["team", "c"]
