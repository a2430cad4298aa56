"""A major's field from its code, and how much each skill counts for it (engines/fields.py)."""

from hypothesis import given
from hypothesis import strategies as st

from workbridge.labour_market.engines.fields import table


def test_a_major_class_wins_over_its_category():
    assert table().field_for("460702").code == "4607"  # 新能源汽车技术: automobile manufacturing, not all of 46
    assert table().field_for("460301").code == "46"


def test_secondary_and_vocational_undergraduate_codes_read_as_the_shared_category():
    assert table().field_for("660301").code == "46"  # 中职 机电技术应用
    assert table().field_for("710201").code == "5102"  # 中职 计算机应用
    assert table().field_for("260301").code == "46"  # 职业本科 装备制造 category


def test_undergraduate_classes_match_by_four_digits():
    assert table().field_for("080202").code == "0802"
    assert table().field_for("120203K").code == "1202"


def test_an_unknown_code_has_no_field_and_every_skill_counts_fully():
    assert table().field_for("999999") is None
    assert table().relevance("it.programming_languages.c", None) == 1.0


def test_relevance_by_domain():
    field = table().field_for("460301")
    assert table().relevance("man.plc_automation.programmable-logic-controllers", field) == 1.0
    assert table().relevance("tra.transversal.communication", field) == table().general
    assert table().relevance("it.programming_languages.c", field) == table().out_of_field
    assert table().belongs("man.plc_automation.hydraulics", field)
    assert not table().belongs("it.programming_languages.c", field)


def test_every_skill_domain_of_the_taxonomy_is_known():
    assert set(table().prefixes.values()) >= {"it", "manufacturing_automation", "transversal", "health_nursing"}


@given(st.text(alphabet="0123456789K", min_size=0, max_size=8))
def test_any_code_gives_a_field_or_none_and_never_fails(code):
    field = table().field_for(code)
    assert field is None or code.startswith(field.code) or len(code) >= 6
