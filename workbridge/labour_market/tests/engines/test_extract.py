import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.labour_market.engines.extract import STRENGTHS, SkillExtractor, default_extractor
from workbridge.labour_market.engines.taxonomy import default_taxonomy


def found(text):
    return [(text[m.start : m.end], m.type) for m in default_extractor().extract(text)]


def surfaces(text):
    return [s for s, _ in found(text)]


def test_c_and_cpp_and_csharp_are_told_apart():
    assert surfaces("熟练掌握C/C++、C#，了解C语言") == ["C", "C++", "C#", "C语言"]


def test_java_is_not_found_in_javascript():
    assert surfaces("熟悉JavaScript和Java") == ["JavaScript", "Java"]


def test_r_and_go_only_in_skill_context():
    assert surfaces("精通Python/R/Go") == ["Python", "R", "Go"]
    assert surfaces("负责R&D部门的Go-to-market") == []
    assert surfaces("熟练使用R语言") == ["R语言"]


def test_plc_autocad_and_full_width_text():
    got = found("熟悉ＰＬＣ编程（西门子S7-1200），会用AutoCAD画图")
    assert got == [("ＰＬＣ编程", "tool"), ("西门子S7-1200", "tool"), ("AutoCAD", "tool")]


def test_benefits_are_not_skills():
    assert surfaces("五险一金，周末双休，包吃住，带薪年假，补充公积金，专业培训") == []


def test_numbered_lists():
    text = "任职要求：1.熟悉Linux；2、精通Python/java3.了解Docker；(4)熟悉MySQL①熟悉Redis"
    assert surfaces(text) == ["Linux", "Python", "java", "Docker", "MySQL", "Redis"]


def test_strength():
    text = "1.精通C++；2.熟练掌握Python；3.熟悉Linux；4.了解Docker；5.有Kubernetes经验者优先；6.会用Git"
    got = {m.surface: m.strength for m in default_extractor().extract(text)}
    assert got == {
        "C++": "expert",
        "Python": "proficient",
        "Linux": "familiar",
        "Docker": "aware",
        "Kubernetes": "preferred",
        "Git": None,
    }


def test_majors_are_not_skills_but_requirements_are():
    text = "计算机、自动化、人工智能等相关专业；熟悉人工智能算法"
    got = default_extractor().extract(text)
    assert [(m.surface, m.start) for m in got] == [("人工智能", text.rindex("人工智能"))]


def test_occupation_nouns_are_not_skills():
    assert surfaces("数据分析师；数据分析助理") == []
    assert surfaces("Java工程师") == ["Java"]


def test_short_chinese_terms_respect_word_boundaries():
    # 会计 is not in 会计算, 化工 is not in 产品化工作; 会计 and 销售 are still found as words
    assert surfaces("会计算光路，负责算法产品化工作") == []
    assert surfaces("熟悉会计、审计，有销售经验") == ["会计", "审计", "销售"]


def test_vocational_domains():
    text = "持有电工证、焊工证，会氩弧焊；熟悉静脉输液和心肺复苏；会用广联达算量；熟悉淘宝运营和直通车"
    assert surfaces(text) == ["电工证", "焊工证", "氩弧焊", "静脉输液", "心肺复苏", "广联达算量", "淘宝运营", "直通车"]


def test_span_skill_ids_resolve():
    tax = default_taxonomy()
    for m in default_extractor().extract("熟悉Spring Boot、MyBatis、Vue3，了解Kafka与Flink，CET-6"):
        assert m.skill_id in tax
        assert tax[m.skill_id].type == m.type


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("熟悉精通C++/#、，,.；;1①JavaScriptPLC销售会计算Ｃ＋ \n优先了解R语言五险一金")),
        max_size=80,
    )
)
def test_spans_always_index_the_original_text(text):
    for m in default_extractor().extract(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.strength in (*STRENGTHS, None)


@given(st.text(max_size=120))
def test_never_raises(text):
    default_extractor().extract(text)


@pytest.mark.parametrize("segment_check", [True, False])
def test_extractor_options(segment_check):
    ex = SkillExtractor(default_taxonomy(), segment_check=segment_check)
    assert [m.surface for m in ex.extract("熟悉Python")] == ["Python"]
