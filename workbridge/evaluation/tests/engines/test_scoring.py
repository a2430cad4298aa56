"""Index scoring, bands, incentive carry-forward, readiness, ledger balance, terms (pure engines)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.evaluation.engines import incentive, ledger, readiness, scoring, terms
from workbridge.evaluation.engines.scoring import Band, IndicatorSpec

BANDS = [Band("shallow", 0), Band("developing", 40), Band("deep", 70)]
GROUPS = {"input": 0.35, "process": 0.35, "output": 0.30}
SPECS = [
    IndicatorSpec("money", "input", 0.6, "target", target=100_000),
    IndicatorSpec("hours", "input", 0.4, "target", target=100),
    IndicatorSpec("interns", "process", 0.7, "target", target=20),
    IndicatorSpec("violations", "process", 0.3, "target", "negative", target=5),
    IndicatorSpec("retention", "output", 1.0, "ratio"),
]


def test_target_ratio_and_negative_normalisation():
    assert scoring.normalise(SPECS[0], 50_000) == 0.5
    assert scoring.normalise(SPECS[0], 500_000) == 1.0
    assert scoring.normalise(SPECS[3], 0) == 1.0
    assert scoring.normalise(SPECS[3], 2) == pytest.approx(0.6)
    assert scoring.normalise(SPECS[3], 9) == 0.0
    assert scoring.normalise(SPECS[4], 1.4) == 1.0
    assert scoring.normalise(SPECS[0], None) is None


def test_minmax_normalisation():
    spec = IndicatorSpec("x", "input", 1, "minmax")
    assert scoring.normalise(spec, 5, (0, 10)) == 0.5
    assert scoring.normalise(spec, 3, (3, 3)) == 1.0
    assert scoring.normalise(spec, 0, (0, 0)) == 0.0
    neg = IndicatorSpec("x", "input", 1, "minmax", "negative")
    assert scoring.normalise(neg, 10, (0, 10)) == 0.0
    rows = [{"x": 1}, {"x": 7}, {"x": None}]
    assert scoring.peer_ranges([spec], rows) == {"x": (1, 7)}


def test_score_worked_example():
    values = {"money": 50_000, "hours": 100, "interns": 10, "violations": 1, "retention": 0.5}
    r = scoring.score(SPECS, GROUPS, values, BANDS)
    # input = 100*(0.6*0.5 + 0.4*1) = 70; process = 100*(0.7*0.5 + 0.3*0.8) = 59; output = 50
    assert r.groups == pytest.approx({"input": 70.0, "process": 59.0, "output": 50.0})
    assert r.total == pytest.approx(0.35 * 70 + 0.35 * 59 + 0.30 * 50)
    assert r.band == "developing"
    assert sum(r.contributions.values()) == pytest.approx(r.total)
    assert r.coverage == 1.0


def test_missing_indicators_rescale_and_lower_coverage():
    values = {"money": 100_000, "hours": None, "interns": 20, "violations": 0, "retention": None}
    r = scoring.score(SPECS, GROUPS, values, BANDS)
    assert r.groups["input"] == 100.0 and r.groups["output"] is None
    assert r.total == pytest.approx(100.0)
    assert r.band == "deep"
    assert r.coverage == pytest.approx(0.35 * 0.6 + 0.35 * 1.0)
    assert set(r.missing) == {"hours", "retention"}


def test_no_data_at_all_gives_no_score():
    r = scoring.score(SPECS, GROUPS, {}, BANDS)
    assert r.total is None and r.band is None and r.coverage == 0


def test_bands_are_data():
    assert scoring.band_for(39.99, BANDS) == "shallow"
    assert scoring.band_for(40, BANDS) == "developing"
    assert scoring.band_for(70, BANDS) == "deep"
    assert scoring.band_for(50, [Band("low", 0), Band("high", 50)]) == "high"


def test_invalid_specs():
    with pytest.raises(scoring.ScoringError):
        scoring.score([IndicatorSpec("a", "input", 1, "target", target=None)], GROUPS, {"a": 1}, BANDS)
    with pytest.raises(scoring.ScoringError):
        scoring.score([IndicatorSpec("a", "input", 1, "zscore")], GROUPS, {"a": 1}, BANDS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=1e7)), min_size=5, max_size=5))
def test_scores_stay_in_range(raw):
    values = dict(zip([s.key for s in SPECS], raw, strict=True))
    r = scoring.score(SPECS, GROUPS, values, BANDS)
    if r.total is not None:
        assert 0 <= r.total <= 100 + 1e-9
        assert sum(r.contributions.values()) == pytest.approx(r.total)
        assert 0 < r.coverage <= 1


# --- incentive carry-forward -------------------------------------------------------------------------------------


def test_offset_used_in_year_when_surcharge_suffices():
    [s] = incentive.carry_forward([incentive.YearInput(2020, D(1_000_000), D(500_000))])
    assert s.credit == D("300000.00") and s.offset == D("300000.00") and s.carried_out == 0


def test_unused_offset_carries_forward_across_years():
    out = incentive.carry_forward(
        [
            incentive.YearInput(2020, D(1_000_000), D(100_000)),
            incentive.YearInput(2021, D(0), D(120_000)),
            incentive.YearInput(2023, D(200_000), D(200_000)),
        ]
    )
    assert [s.year for s in out] == [2020, 2021, 2022, 2023]
    assert out[0].offset == D(100_000) and out[0].carried_out == D(200_000)
    assert out[1].carried_in == D(200_000) and out[1].offset == D(120_000) and out[1].carried_out == D(80_000)
    assert out[2].surcharge_payable is None and out[2].offset == 0 and out[2].carried_out == D(80_000)
    assert out[3].available == D(140_000) and out[3].offset == D(140_000) and out[3].carried_out == 0


def test_no_credit_before_2019_or_when_not_certified():
    out = incentive.carry_forward(
        [incentive.YearInput(2018, D(1_000_000), D(10)), incentive.YearInput(2019, D(100), D(10), eligible=False)]
    )
    assert out[0].credit == 0 and out[1].credit == 0 and out[1].offset == 0


def test_withdrawal_cancels_unused_credit_then_is_repayable():
    out = incentive.carry_forward(
        [
            incentive.YearInput(2020, D(1_000_000), D(250_000)),  # credit 300k, used 250k, 50k carried
            incentive.YearInput(2021, D(0), D(0), withdrawn=D(400_000)),  # reversal 120k: 50k absorbed, 70k repay
        ]
    )
    assert out[1].reversal == D(120_000)
    assert out[1].available == 0 and out[1].repayable == D(70_000) and out[1].carried_out == 0


def test_carry_forward_rejects_bad_input():
    with pytest.raises(incentive.IncentiveError):
        incentive.carry_forward([incentive.YearInput(2020, D(-1))])
    with pytest.raises(incentive.IncentiveError):
        incentive.carry_forward([incentive.YearInput(2020), incentive.YearInput(2020)])


money = st.integers(min_value=0, max_value=10_000_000).map(D)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(money, st.one_of(st.none(), money)), min_size=1, max_size=8))
def test_carry_forward_conserves_credit(rows):
    out = incentive.carry_forward([incentive.YearInput(2019 + i, inv, pay) for i, (inv, pay) in enumerate(rows)])
    total_credit = sum(s.credit for s in out)
    total_offset = sum(s.offset for s in out)
    assert total_offset + out[-1].carried_out == total_credit
    for s in out:
        assert s.offset <= (s.surcharge_payable or 0)
        assert s.carried_out >= 0


# --- readiness ---------------------------------------------------------------------------------------------------

CRITERIA = [
    readiness.Criterion("years", "basic", "attested", "5 years"),
    readiness.Criterion("staff", "basic", "mentors", "dedicated staff"),
    readiness.Criterion("college", "any_of", "college", "runs a college"),
    readiness.Criterion("group", "any_of", "group", "joins a group"),
    readiness.Criterion("not_edu", "exclusion", "industry", "main business is not education"),
]


def _outcomes(**status):
    return {k: readiness.Outcome(v) for k, v in status.items()}


def test_ready_when_all_basic_and_one_alternative():
    r = readiness.assess(CRITERIA, _outcomes(years="met", staff="met", college="missing", group="met", not_edu="met"))
    assert r.ready and r.basic_met == 2 and r.any_of_met == 1 and r.missing == []


def test_not_ready_lists_missing():
    r = readiness.assess(
        CRITERIA, _outcomes(years="unknown", staff="met", college="missing", group="missing", not_edu="met")
    )
    assert not r.ready
    assert [i.criterion.key for i in r.missing] == ["years", "college", "group"]


def test_exclusion_blocks():
    r = readiness.assess(CRITERIA, _outcomes(years="met", staff="met", college="met", group="met", not_edu="missing"))
    assert not r.ready and r.excluded


# --- ledger and terms --------------------------------------------------------------------------------------------

LINES = [ledger.LineSpec("placements", "school", 10), ledger.LineSpec("hires", "enterprise", 5)]


def test_ledger_balance_states():
    assert ledger.balance(LINES, {"placements": 10, "hires": 5}).state == "balanced"
    b = ledger.balance(LINES, {"placements": 10, "hires": 0})
    assert b.state == "school_only" and b.one_sided and b.balance == -100
    assert ledger.balance(LINES, {"placements": 0, "hires": 2}).state == "enterprise_only"
    assert ledger.balance(LINES, {}).state == "inactive"
    assert ledger.balance(LINES, {"placements": 10, "hires": 1}, one_sided_share=0.9).state == "balanced"


def test_terms():
    t = terms.term_of(dt.date(2025, 2, 28))
    assert t.code == "2024-2025-1" and t.start == dt.date(2024, 9, 1) and t.end == dt.date(2025, 2, 28)
    assert terms.term_of(dt.date(2025, 3, 1)).code == "2024-2025-2"
    assert terms.parse_term("2024-2025-2").end == dt.date(2025, 8, 31)
    assert [x.code for x in terms.terms_between(terms.parse_term("2023-2024-2"), terms.parse_term("2024-2025-2"))] == [
        "2023-2024-2",
        "2024-2025-1",
        "2024-2025-2",
    ]
    with pytest.raises(ValueError):
        terms.parse_term("2024-2026-1")
