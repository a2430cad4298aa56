"""The rules engine: every CN rule with violating and clean facts, a new jurisdiction as data only, and
rejection of malformed rule files and facts."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from workbridge.compliance.engines.rules import (
    CHECKPOINTS,
    FACTS,
    RulesError,
    available_rulesets,
    evaluate,
    evaluate_report,
    load_ruleset,
    overlaps,
    ruleset_from_dict,
)

CN = load_ruleset("CN", 2021)

# rule id -> (checkpoint, violating facts, clean facts)
CASES = {
    "CN-2021-16-1-first-year": ("agreement", {"grade_year": 1}, {"grade_year": 2}),
    "CN-2021-16-2-under-16": ("placement_start", {"age": 15}, {"age": 16}),
    "CN-2021-16-3-minor-forbidden-work": (
        "agreement",
        {"age": 17, "work_categories": ["assembly", "work_at_height"]},
        {"age": 18, "work_categories": ["work_at_height"]},
    ),
    "CN-2021-16-4-women-forbidden-work": (
        "agreement",
        {"gender": "female", "work_categories": ["mine_underground"]},
        {"gender": "female", "work_categories": ["assembly"]},
    ),
    "CN-2021-16-5-forbidden-venue": (
        "position_review",
        {"venue_category": "internet_cafe"},
        {"venue_category": "factory"},
    ),
    "CN-2021-16-6-agency": ("position_review", {"via_agency": True}, {"via_agency": False}),
    "CN-2021-16-7-heavy-labour": (
        "position_review",
        {"physical_intensity_level": 3},
        {"physical_intensity_level": 2, "harmful_work": False},
    ),
    "CN-prov-simple-repetitive": (
        "position_review",
        {"only_simple_repetitive_work": True},
        {"only_simple_repetitive_work": False},
    ),
    "CN-prov-major-match": ("agreement", {"major_category_match": False}, {"major_category_match": True}),
    "CN-2016-9-enterprise-share": (
        "position_review",
        {"enterprise_staff_count": 100, "enterprise_intern_count": 11},
        {"enterprise_staff_count": 100, "enterprise_intern_count": 10},
    ),
    "CN-2016-9-post-share": (
        "attendance",
        {"post_staff_count": 20, "post_intern_count": 5},
        {"post_staff_count": 20, "post_intern_count": 4},
    ),
    "CN-2021-18-pay": (
        "position_review",
        {"monthly_pay": 3199, "post_wage_reference": 4000},
        {"monthly_pay": 3200, "post_wage_reference": 4000},
    ),
    "CN-2021-18-pay-method": (
        "agreement",
        {"pay_method": "vouchers"},
        {"pay_method": "money_direct", "pay_interval_days": 30},
    ),
    "CN-prov-fee": ("agreement", {"fee_charged": True, "fee_amount": 500}, {"fee_charged": False, "fee_amount": 0}),
    "CN-2016-16-overtime": ("attendance", {"overtime_hours": 1.5}, {"overtime_hours": 0}),
    "CN-2016-16-weekly-hours": ("position_review", {"weekly_hours": 44}, {"weekly_hours": 40}),
    "CN-prov-daily-hours": ("attendance", {"daily_hours": 9}, {"daily_hours": 8}),
    "CN-2016-16-night-shift": (
        "position_review",
        {"shift_start": "14:00", "shift_end": "22:30"},
        {"shift_start": "08:30", "shift_end": "17:30", "night_shift": False},
    ),
    "CN-2016-16-holiday": ("attendance", {"worked_on_holiday": True}, {"worked_on_holiday": False}),
    "CN-prov-rest-day": ("attendance", {"worked_on_rest_day": True}, {"worked_on_rest_day": False}),
    "CN-2016-10-term": ("agreement", {"term_months": 8}, {"term_months": 8, "major_needs_long_term": True}),
    "CN-2016-12-agreement": ("placement_start", {"has_agreement": False}, {"has_agreement": True}),
    "CN-2016-12-agreement-items": (
        "agreement",
        {"agreement_items": ["pay", "hours"]},
        {"agreement_items": ["duties", "rights", "pay", "hours", "rest", "insurance", "safety", "term"]},
    ),
    "CN-2016-14-guardian-consent": (
        "agreement",
        {"age": 17, "has_guardian_consent": False},
        {"age": 17, "has_guardian_consent": True},
    ),
    "CN-check-insurance": ("placement_start", {"has_insurance": False}, {"has_insurance": True}),
    "CN-check-safety-training": ("placement_start", {"has_safety_training": False}, {"has_safety_training": True}),
    "CN-prov-mentors": (
        "placement_start",
        {"has_school_mentor": True, "has_enterprise_mentor": False},
        {"has_school_mentor": True, "has_enterprise_mentor": True},
    ),
}


def test_every_rule_has_a_case():
    assert {r.id for r in CN.rules} == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_violation_and_not_on_clean_facts(rule_id):
    checkpoint, bad, good = CASES[rule_id]
    rule = CN.rule(rule_id)
    assert checkpoint in rule.checkpoints
    hits = [f for f in evaluate(CN, bad, checkpoint) if f.rule_id == rule_id]
    assert len(hits) == 1, rule_id
    finding = hits[0]
    assert finding.severity == rule.severity
    assert finding.citation == rule.citation and finding.citation
    assert finding.certainty.startswith("[")
    assert finding.message_zh and finding.message_en and "{" not in finding.message_en + finding.message_zh
    assert all(k in FACTS for k in finding.details if k not in CN.params)
    assert not [f for f in evaluate(CN, good, checkpoint) if f.rule_id == rule_id]


def test_forbidden_work_flags_work_without_a_category_list():
    ids = {
        f.rule_id
        for f in evaluate(
            CN,
            {"age": 17, "gender": "female", "minors_forbidden_work": True, "women_forbidden_work": True},
            "agreement",
        )
    }
    assert {"CN-2021-16-3-minor-forbidden-work", "CN-2021-16-4-women-forbidden-work"} <= ids
    assert not evaluate(CN, {"age": 17, "gender": "male", "women_forbidden_work": True}, "placement_start")


def test_rule_is_not_checked_at_other_checkpoints():
    assert not [f for f in evaluate(CN, {"worked_on_rest_day": True}, "position_review")]
    assert [f.rule_id for f in evaluate(CN, {"worked_on_rest_day": True}, "attendance")] == ["CN-prov-rest-day"]


def test_cognitive_internship_is_allowed_in_first_year_and_under_16():
    facts = {"grade_year": 1, "age": 15, "internship_kind": "cognitive", "has_guardian_consent": True}
    ids = {f.rule_id for f in evaluate(CN, facts, "agreement")}
    assert "CN-2021-16-1-first-year" not in ids and "CN-2021-16-2-under-16" not in ids


def test_pay_rule_skipped_when_not_working_independently():
    facts = {"monthly_pay": 1000, "post_wage_reference": 4000, "works_independently": False}
    assert not evaluate(CN, facts, "position_review")


def test_messages_carry_the_numbers_and_findings_are_most_severe_first():
    found = evaluate(
        CN, {"enterprise_staff_count": 50, "enterprise_intern_count": 9, "via_agency": True}, "position_review"
    )
    assert [f.rule_id for f in found] == ["CN-2021-16-6-agency", "CN-2016-9-enterprise-share"]
    assert found[1].message_en == "The host has 50 staff and 9 interns, above the 10% limit."
    assert found[1].message_zh == "单位有在岗职工50人，实习生9人，超过10%上限。"
    assert found[1].details == {
        "enterprise_staff_count": 50,
        "enterprise_intern_count": 9,
        "max_enterprise_intern_share": 0.1,
    }


def test_limits_in_messages_come_from_the_rule_set_parameters():
    """A province that allows 15 % sees 15 % in the message, not a hard-coded 10 %."""
    import dataclasses

    province = dataclasses.replace(CN, params={**CN.params, "max_enterprise_intern_share": 0.15})
    found = evaluate(province, {"enterprise_staff_count": 100, "enterprise_intern_count": 16}, "position_review")
    assert found[0].message_en == "The host has 100 staff and 16 interns, above the 15% limit."
    assert "超过15%上限" in found[0].message_zh
    pay = evaluate(CN, {"monthly_pay": 3000, "post_wage_reference": 4000}, "position_review")
    assert pay[0].message_en == "Monthly pay of 3000 yuan is below 80% of the post's wage of 4000 yuan."


def test_missing_facts_skip_the_rule_and_are_reported():
    report = evaluate_report(CN, {"age": 17}, "agreement")
    skipped = {s["rule_id"]: s["missing"] for s in report.skipped}
    assert skipped["CN-2016-14-guardian-consent"] == ["has_guardian_consent"]
    assert "CN-2021-16-2-under-16" in report.checked


def test_bad_facts_are_named():
    with pytest.raises(RulesError, match="unknown fact 'agee'"):
        evaluate(CN, {"agee": 12}, "agreement")
    with pytest.raises(RulesError, match="fact 'age' must be of type int"):
        evaluate(CN, {"age": "17"}, "agreement")
    with pytest.raises(RulesError, match="fact 'shift_start' must be of type time"):
        evaluate(CN, {"shift_start": "25:99"}, "position_review")
    with pytest.raises(RulesError, match="unknown checkpoint 'payday'"):
        evaluate(CN, {}, "payday")


def test_decimal_pay_from_the_database_is_accepted():
    from decimal import Decimal

    found = evaluate(CN, {"monthly_pay": Decimal("2000.00"), "post_wage_reference": Decimal("4000")}, "position_review")
    assert [f.rule_id for f in found] == ["CN-2021-18-pay"]


@pytest.mark.parametrize(
    "start,end,expected",
    [
        ("08:00", "17:00", False),
        ("14:00", "22:00", False),
        ("14:00", "22:01", True),
        ("23:00", "07:00", True),
        ("06:00", "14:00", False),
        ("05:59", "14:00", True),
        ("00:00", "00:00", True),
    ],
)
def test_night_overlap(start, end, expected):
    assert overlaps(start, end, "22:00", "06:00") is expected


@given(st.integers(0, 1439), st.integers(1, 1439))
def test_overlap_is_symmetric_between_shift_and_window(a, length):
    b = (a + length) % 1440
    fmt = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    assert overlaps(fmt(a), fmt(b), "22:00", "06:00") == overlaps("22:00", "06:00", fmt(a), fmt(b))


@given(st.integers(0, 5000), st.integers(0, 600))
def test_enterprise_share_matches_ten_percent(staff, interns):
    found = evaluate(CN, {"enterprise_staff_count": staff, "enterprise_intern_count": interns}, "attendance")
    assert bool(found) == (interns * 10 > staff)


# ---------------------------------------------------------------------------------------------------
# Other jurisdictions as data
# ---------------------------------------------------------------------------------------------------


def test_germany_bbig_is_data_only():
    de = load_ruleset("DE", 2024)
    assert ("DE", 2024) in {(j, y) for j, y, _ in available_rulesets()}
    found = evaluate(
        de,
        {
            "agreement_items": ["parties", "pay"],
            "probation_months": 5,
            "age": 17,
            "has_guardian_consent": False,
            "contract_in_text_form": True,
        },
        "agreement",
    )
    assert {f.rule_id for f in found} == {"DE-BBiG-11-contract-items", "DE-BBiG-20-probation", "DE-BBiG-11-guardians"}
    assert all("BBiG" in f.citation for f in found)
    complete = de.lists["bbig_11_items"]
    assert not evaluate(
        de,
        {
            "agreement_items": complete,
            "probation_months": 4,
            "age": 19,
            "has_guardian_consent": False,
            "contract_in_text_form": True,
        },
        "agreement",
    )


def _minimal(rule_overrides=None, **top):
    rule = {
        "id": "X-1",
        "title": {"zh": "标题", "en": "Title"},
        "description": {"zh": "说明", "en": "Description"},
        "citation": {"document": "Act", "article": "§1"},
        "certainty": "[read]",
        "severity": "high",
        "checkpoints": ["agreement"],
        "needs": ["age"],
        "violation": "age < min_age",
        "message": {"zh": "年龄{age}", "en": "Age {age}"},
    }
    rule.update(rule_overrides or {})
    data = {
        "jurisdiction": "XX",
        "year": 2030,
        "name": {"zh": "某地", "en": "Somewhere"},
        "params": {"min_age": 17},
        "rules": [rule],
    }
    data.update(top)
    return data


def test_a_new_province_file_needs_no_code(tmp_path):
    data = _minimal(
        {
            "needs": ["apprentice_level"],
            "violation": "apprentice_level > max_level",
            "message": {
                "zh": "等级{apprentice_level}超过{max_level}",
                "en": "Level {apprentice_level} above {max_level}",
            },
        },
        facts={"apprentice_level": {"type": "int", "description": "a fact only this province uses"}},
        params={"max_level": 3},
    )
    (tmp_path / "xx-2030.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "yy-2031.json").write_text(json.dumps(_minimal(jurisdiction="YY", year=2031)), encoding="utf-8")
    xx = load_ruleset("XX", 2030, rules_dir=tmp_path)
    assert [f.message_en for f in evaluate(xx, {"apprentice_level": 4}, "agreement")] == ["Level 4 above 3"]
    assert evaluate(xx, {"apprentice_level": 3}, "agreement") == []
    yy = load_ruleset("YY", 2031, rules_dir=tmp_path)
    assert [f.rule_id for f in evaluate(yy, {"age": 16}, "agreement")] == ["X-1"]
    assert {(j, y) for j, y, _ in available_rulesets(tmp_path)} == {("XX", 2030), ("YY", 2031)}


@pytest.mark.parametrize(
    "override, needle",
    [
        ({"violation": "__import__('os').system('true')"}, "not allowed|only the functions"),
        ({"violation": "age.real > 1"}, "Attribute is not allowed"),
        ({"violation": "agee < 3"}, "unknown name 'agee'"),
        ({"violation": "age <"}, "cannot parse"),
        ({"severity": "fatal"}, "severity must be one of"),
        ({"checkpoints": ["lunch"]}, "checkpoints must be"),
        ({"citation": {"document": "Act"}}, "citation needs"),
        ({"certainty": ""}, "certainty mark is missing"),
        ({"needs": ["shoe_size"]}, "needs unknown fact"),
        ({"message": {"zh": "年龄", "en": ""}}, "needs both 'zh' and 'en'"),
        ({"message": {"zh": "{nope}", "en": "x"}}, "placeholder {nope}"),
        ({"violation": "fact(age, 1) > 0"}, "fact\\(\\) takes a known fact name"),
        ({"id": "bad id!"}, "id is missing or has characters"),
    ],
)
def test_malformed_rules_are_rejected_with_the_rule_named(override, needle):
    with pytest.raises(RulesError, match=needle) as info:
        ruleset_from_dict(_minimal(override), origin="xx-2030.yaml")
    assert "xx-2030.yaml" in str(info.value)


def test_duplicate_rule_ids_and_wrong_file_year_are_rejected(tmp_path):
    data = _minimal()
    data["rules"].append(dict(data["rules"][0]))
    with pytest.raises(RulesError, match="duplicate rule id"):
        ruleset_from_dict(data)
    (tmp_path / "xx-2031.yaml").write_text(yaml.safe_dump(_minimal()), encoding="utf-8")
    with pytest.raises(RulesError, match="declares XX 2030"):
        load_ruleset("XX", 2031, rules_dir=tmp_path)
    with pytest.raises(RulesError, match="no rules file for ZZ 2030"):
        load_ruleset("ZZ", 2030, rules_dir=tmp_path)


def test_ruleset_round_trips_through_its_data_form():
    again = ruleset_from_dict(CN.as_dict())
    assert [r.id for r in again.rules] == [r.id for r in CN.rules]
    facts = {"age": 15, "grade_year": 1, "has_guardian_consent": False}
    assert evaluate(again, facts, "agreement") == evaluate(CN, facts, "agreement")


def test_checkpoints_constant():
    assert CHECKPOINTS == ("position_review", "agreement", "attendance", "placement_start")
