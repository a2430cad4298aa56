"""The share-of-staff limit read as places still free agrees with the rule set's violation test."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbridge.compliance.engines.capacity import intern_capacity, intern_limit, over_limit
from workbridge.compliance.engines.rules import evaluate, load_ruleset

CN = load_ruleset("CN", 2021)
SHARE = CN.params["max_enterprise_intern_share"]


def test_the_limit_is_the_whole_part_of_staff_times_share():
    assert intern_limit(staff_count=30, share=0.1) == 3  # 30 * 0.1 is 3.0000000000000004 in floating point
    assert intern_limit(staff_count=29, share=0.1) == 2
    assert intern_limit(staff_count=0, share=0.1) is None and intern_limit(staff_count=None, share=0.1) is None


def test_capacity_never_goes_below_zero_and_is_unlimited_without_a_staff_count():
    assert intern_capacity(staff_count=100, share=0.1, placed=4) == 6
    assert intern_capacity(staff_count=100, share=0.1, placed=14) == 0
    assert intern_capacity(staff_count=None, share=0.1, placed=3) is None


@given(st.integers(1, 5000), st.integers(0, 600))
def test_filling_every_free_place_never_trips_the_rule_and_one_more_does(staff, placed):
    free = intern_capacity(staff_count=staff, share=SHARE, placed=placed)
    facts = {"enterprise_staff_count": staff}
    if free:
        full = evaluate(CN, {**facts, "enterprise_intern_count": placed + free}, "attendance")
        assert not full
    limit = intern_limit(staff_count=staff, share=SHARE)
    one_more = evaluate(CN, {**facts, "enterprise_intern_count": max(placed, limit) + 1}, "attendance")
    assert one_more and over_limit(interns=max(placed, limit) + 1, staff_count=staff, share=SHARE)
