import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.labour_market.engines.warning import (
    FAIL,
    GREEN,
    MISSING,
    RED,
    WATCH,
    YELLOW,
    Rule,
    YearRecord,
    backtest,
    evaluate,
    measure,
    outcome_years,
    troubled_in,
)

EMPLOYMENT = Rule("employment_rate", 0.60, "below", yellow_threshold=0.70, consecutive_years=2, mandatory=True)
DESTINATION = Rule("destination_rate", 0.60, "below", yellow_threshold=0.75)
SUPPLY = Rule("supply_ratio", 1.5, "above", yellow_threshold=1.0)
TREND = Rule("demand_trend", -0.2, "below", yellow_threshold=0.0)
RULES = [EMPLOYMENT, DESTINATION, SUPPLY, TREND]


def test_employment_below_60_two_years_running_is_red_on_its_own():
    history = {"employment_rate": {2023: 0.55, 2024: 0.58}}
    verdict = evaluate(history, 2024, RULES)
    assert verdict.level == RED
    finding = next(f for f in verdict.findings if f.key == "employment_rate")
    assert finding.status == FAIL and finding.years == (2023, 2024)


def test_one_bad_employment_year_is_only_a_watch():
    history = {"employment_rate": {2023: 0.80, 2024: 0.58}}
    verdict = evaluate(history, 2024, RULES)
    assert verdict.level == YELLOW
    assert next(f for f in verdict.findings if f.key == "employment_rate").status == WATCH


def test_any_two_failing_indicators_make_red():
    history = {"destination_rate": {2024: 0.5}, "supply_ratio": {2024: 2.0}, "employment_rate": {2024: 0.9}}
    assert evaluate(history, 2024, RULES).level == RED
    history["supply_ratio"][2024] = 1.2  # watch band only
    verdict = evaluate(history, 2024, RULES)
    assert verdict.level == YELLOW
    assert {f.key for f in verdict.reasons} == {"destination_rate", "supply_ratio"}


def test_weights_are_data():
    heavy = Rule("destination_rate", 0.60, weight=2.0)
    assert evaluate({"destination_rate": {2024: 0.5}}, 2024, [heavy]).level == RED
    assert evaluate({"destination_rate": {2024: 0.5}}, 2024, [heavy], red_weight=3).level == YELLOW


def test_missing_values_never_fail():
    verdict = evaluate({}, 2024, RULES)
    assert verdict.level == GREEN
    assert all(f.status == MISSING for f in verdict.findings)


def test_all_good_is_green():
    history = {
        "employment_rate": {2024: 0.95},
        "destination_rate": {2024: 0.97},
        "supply_ratio": {2024: 0.3},
        "demand_trend": {2024: 0.1},
    }
    assert evaluate(history, 2024, RULES).level == GREEN


def test_boundaries_exactly_at_threshold_do_not_fail():
    assert evaluate({"destination_rate": {2024: 0.60}}, 2024, [Rule("destination_rate", 0.60)]).level == GREEN
    assert evaluate({"supply_ratio": {2024: 1.5}}, 2024, [Rule("supply_ratio", 1.5, "above")]).level == GREEN


def test_backtest_uses_only_the_past():
    history = {"employment_rate": {2021: 0.9, 2022: 0.55, 2023: 0.5, 2024: 0.8}}
    result = backtest(history, [2021, 2022, 2023, 2024], RULES)
    assert [result[y].level for y in (2021, 2022, 2023, 2024)] == [GREEN, YELLOW, RED, GREEN]


def test_invalid_rules_rejected():
    with pytest.raises(ValueError):
        Rule("x", 1, "sideways")
    with pytest.raises(ValueError):
        Rule("x", 1, consecutive_years=0)
    with pytest.raises(ValueError):
        evaluate({}, 2024, RULES, red_weight=0)


values = st.floats(0, 1, allow_nan=False)


@settings(deadline=None, max_examples=150)
@given(
    st.dictionaries(
        st.sampled_from(["employment_rate", "destination_rate"]),
        st.dictionaries(st.integers(2018, 2024), values),
        max_size=2,
    )
)
def test_worse_values_never_improve_the_level(history):
    order = {GREEN: 0, YELLOW: 1, RED: 2}
    base = evaluate(history, 2024, RULES).level
    worse = {k: {y: max(0.0, v - 0.2) for y, v in s.items()} for k, s in history.items()}
    assert order[evaluate(worse, 2024, RULES).level] >= order[base]


# ----- the warnings' measured record ---------------------------------------------------------------------------

EMPLOYMENT = [Rule("employment_rate", 0.6, yellow_threshold=0.7, consecutive_years=1)]


def _history(rates):
    return {"employment_rate": dict(rates)}


def test_a_flag_followed_by_a_bad_next_year_is_a_hit():
    weak = _history({2021: 0.55, 2022: 0.5})  # flagged in 2021, troubled in 2022
    strong = _history({2021: 0.9, 2022: 0.92})  # green, fine
    recovering = _history({2021: 0.65, 2022: 0.8})  # yellow in 2021, fine in 2022: a false alarm
    missed = _history({2021: 0.85, 2022: 0.5})  # green in 2021, troubled in 2022: missed
    records = measure([weak, strong, recovering, missed], EMPLOYMENT, last_year=2025, red_weight=1)
    assert [r.year for r in records] == [2021]
    r = records[0]
    assert (r.judged, r.flagged, r.troubled, r.hits) == (4, 2, 2, 1)
    assert r.precision == 0.5 and r.recall == 0.5
    assert r.red_flagged == 1 and r.red_hits == 1 and r.red_precision == 1.0


def test_years_beyond_the_data_or_the_present_are_never_scored():
    history = _history({2023: 0.5, 2024: 0.5, 2027: 0.4, 2029: 0.3})
    assert outcome_years(history, last_year=2025) == [2023, 2024]
    records = measure([history], EMPLOYMENT, last_year=2025)
    assert [r.year for r in records] == [2023]  # 2024's next year has no outcome yet


def test_no_outcome_means_unknown_not_fine():
    assert troubled_in({"demand_trend": {2024: -0.5}}, 2024, EMPLOYMENT) is None
    assert troubled_in(_history({2024: 0.9}), 2024, EMPLOYMENT) is False


def test_ratios_without_a_denominator_are_none():
    r = YearRecord(2024, judged=3, flagged=0, troubled=0, hits=0, red_flagged=0, red_hits=0)
    assert r.precision is None and r.recall is None and r.red_recall is None


@settings(max_examples=50)
@given(st.lists(st.dictionaries(st.integers(2018, 2026), st.floats(0, 1), min_size=1), min_size=1, max_size=8))
def test_the_tallies_are_consistent(series):
    records = measure([_history(s) for s in series], EMPLOYMENT, last_year=2025)
    for r in records:
        assert r.hits <= min(r.flagged, r.troubled) and r.red_hits <= r.red_flagged <= r.flagged <= r.judged
        assert r.year + 1 <= 2025
