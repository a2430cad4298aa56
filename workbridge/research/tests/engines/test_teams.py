import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.research.engines.teams import TeacherSkills, rank_teachers, suggest_team

PROBLEM = {"plc": ("PLC", 1.0), "vision": ("机器视觉", 1.0), "robot": ("工业机器人", 0.5)}
TEACHERS = [
    TeacherSkills(1, "张", {"plc": ("expertise",), "robot": ("expertise", "qualification: 工业机器人（中级）")}),
    TeacherSkills(2, "李", {"vision": ("expertise",)}),
    TeacherSkills(3, "王", {"plc": ("course: PLC 编程",)}),
    TeacherSkills(4, "赵", {"excel": ("expertise",)}),
]


def test_ranking_is_explained_and_ordered():
    ranked = rank_teachers(PROBLEM, TEACHERS)
    assert [c.teacher_id for c in ranked][:1] == [1]
    assert 4 not in [c.teacher_id for c in ranked]  # no matching skill, not suggested
    top = ranked[0]
    assert {m.skill_name for m in top.matched} == {"PLC", "工业机器人"}
    assert top.missing == ("机器视觉",)
    assert any("qualification" in s for m in top.matched for s in m.sources)
    assert all(0 < c.score <= 1 for c in ranked)


def test_team_covers_the_problem_greedily():
    ranked = rank_teachers(PROBLEM, TEACHERS)
    team = suggest_team(PROBLEM, ranked, max_size=3)
    assert [m.teacher_id for m in team.members] == [1, 2]
    assert team.coverage == 1.0 and team.uncovered == ()


def test_team_size_limit_and_uncovered_skills():
    ranked = rank_teachers(PROBLEM, TEACHERS)
    team = suggest_team(PROBLEM, ranked, max_size=1)
    assert len(team.members) == 1 and team.uncovered == ("机器视觉",)
    assert team.coverage == pytest.approx(1.5 / 2.5)


def test_no_skills_no_suggestions():
    assert rank_teachers({}, TEACHERS) == []
    assert suggest_team({}, []).members == ()


skill_ids = st.sampled_from(["a", "b", "c", "d", "e"])


@given(
    st.dictionaries(skill_ids, st.floats(min_value=0.1, max_value=1.0), min_size=1),
    st.lists(st.dictionaries(skill_ids, st.just(("expertise",))), min_size=1, max_size=6),
)
def test_scores_bounded_and_team_coverage_consistent(problem_w, teacher_skills):
    problem = {k: (k.upper(), w) for k, w in problem_w.items()}
    teachers = [TeacherSkills(i, f"t{i}", s) for i, s in enumerate(teacher_skills)]
    ranked = rank_teachers(problem, teachers, limit=100)
    assert all(0 < c.score <= 1 for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    team = suggest_team(problem, ranked, max_size=10)
    union = {k for t in teachers for k in t.skills} & set(problem)
    assert set(team.covered) == {k.upper() for k in union}  # an unlimited team covers what anyone covers
