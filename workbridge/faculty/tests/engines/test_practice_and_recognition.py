import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.faculty.engines.practice import (
    PracticeRule,
    RuleError,
    Span,
    add_years,
    credited_days,
    progress,
    window_start,
)
from workbridge.faculty.engines.recognition import CriteriaError, Facts, recognise, validate_criteria

D = dt.date
RULE = PracticeRule(required_months=6, window_years=5, days_per_month=30, look_ahead_days=365)


def test_required_days_from_months():
    assert RULE.required_days == 180
    assert PracticeRule(required_months=6, days_per_month=21.75).required_days == 131  # 130.5 rounds up


def test_window_is_rolling_and_inclusive():
    assert window_start(D(2025, 6, 30), 5) == D(2020, 7, 1)
    assert add_years(D(2024, 2, 29), -5) == D(2019, 2, 28)


def test_met_when_enough_days_in_window():
    spans = [Span(D(2023, 7, 1), D(2023, 12, 31), 180)]
    p = progress(spans, D(2025, 6, 30), RULE, employment_start=D(2010, 9, 1))
    assert p.status == "met" and p.credited_days == 180 and p.shortfall_days == 0 and p.percent == 100


def test_old_practice_falls_out_of_the_window():
    spans = [Span(D(2019, 1, 1), D(2019, 6, 29), 180)]
    p = progress(spans, D(2025, 6, 30), RULE, employment_start=D(2010, 9, 1))
    assert p.credited_days == 0 and p.status == "behind" and p.shortfall_days == 180


def test_partial_overlap_is_pro_rata():
    # 100 days over 200 calendar days, half of them inside the window -> 50 credited days.
    start = D(2020, 7, 1) - dt.timedelta(days=100)
    spans = [Span(start, start + dt.timedelta(days=199), 100)]
    assert credited_days(spans, D(2020, 7, 1), D(2025, 6, 30)) == pytest.approx(50)


def test_at_risk_when_records_drop_out_within_look_ahead():
    spans = [Span(D(2020, 9, 1), D(2021, 2, 27), 180)]
    p = progress(spans, D(2025, 6, 30), RULE, employment_start=D(2010, 9, 1))
    assert p.status == "at_risk"
    assert p.drops_below_on == D(2025, 9, 1)  # window then starts 2020-09-02, one day of the record lost


def test_new_teacher_on_track_then_behind():
    employed = D(2024, 1, 1)
    as_of = D(2025, 1, 1)  # 367 days employed of a 1826-day window -> expected ~36.2 days
    on_pace = progress([Span(D(2024, 7, 1), D(2024, 8, 9), 40)], as_of, RULE, employment_start=employed)
    assert on_pace.status == "on_track" and on_pace.deadline == D(2028, 12, 31)
    slow = progress([Span(D(2024, 7, 1), D(2024, 7, 20), 20)], as_of, RULE, employment_start=employed)
    assert slow.status == "behind"


def test_exempt_teacher():
    assert progress([], D(2025, 1, 1), RULE, subject=False).status == "exempt"


def test_practice_under_way_counts_only_to_date():
    spans = [Span(D(2025, 6, 1), D(2025, 7, 30), 60)]
    p = progress(spans, D(2025, 6, 30), RULE)
    assert p.credited_days == 30 and p.projected_days == 30


def test_invalid_spans_and_rules_rejected():
    with pytest.raises(ValueError):
        Span(D(2025, 1, 2), D(2025, 1, 1), 1)
    with pytest.raises(ValueError):
        Span(D(2025, 1, 1), D(2025, 1, 10), 11)
    with pytest.raises(RuleError):
        PracticeRule(required_months=0)
    with pytest.raises(RuleError):
        PracticeRule(required_months=100, window_years=5)


dates = st.dates(min_value=D(2010, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def spans_st(draw):
    start = draw(dates)
    length = draw(st.integers(min_value=1, max_value=400))
    days = draw(st.integers(min_value=1, max_value=length))
    return Span(start, start + dt.timedelta(days=length - 1), days)


@given(st.lists(spans_st(), max_size=8), dates)
def test_credit_never_exceeds_days_or_window(spans, as_of):
    p = progress(spans, as_of, RULE)
    window_days = (as_of - p.window_start).days + 1
    assert 0 <= p.credited_days <= window_days + 1e-6
    assert p.credited_days <= sum(s.days for s in spans) + 1e-6
    assert (p.status in ("met", "at_risk")) == (p.credited_days + 1e-9 >= 180)


@given(st.lists(spans_st(), max_size=6), dates, spans_st())
def test_more_practice_never_lowers_progress(spans, as_of, extra):
    before = progress(spans, as_of, RULE)
    after = progress([*spans, extra], as_of, RULE)
    assert after.credited_days + 1e-6 >= before.credited_days


@given(st.lists(spans_st(), max_size=6), dates)
def test_pro_rata_credit_equals_day_by_day_sum(spans, as_of):
    start = window_start(as_of, 5)
    daily = sum(
        s.days / s.calendar_days
        for s in spans
        for k in range(s.calendar_days)
        if start <= s.start + dt.timedelta(days=k) <= as_of
    )
    assert credited_days(spans, start, as_of) == pytest.approx(daily)


CRITERIA = {
    "levels": [
        {
            "level": "junior",
            "requirements": [
                {"kind": "years_of_service", "min": 1},
                {"kind": "qualifications", "min_level": "junior", "count": 1},
            ],
        },
        {
            "level": "intermediate",
            "requirements": [
                {"kind": "practice_days_in_window", "min": 90},
                {"kind": "qualifications", "min_level": "intermediate", "count": 1},
            ],
        },
        {
            "level": "senior",
            "requirements": [{"kind": "practice_days_in_window", "min": 180}, {"kind": "rnd_projects", "min": 1}],
        },
    ]
}


def test_recognition_levels_and_explanations():
    assert recognise(Facts(), CRITERIA).level is None
    junior = recognise(Facts(years_of_service=2, qualification_levels=("junior",)), CRITERIA)
    assert junior.level == "junior" and junior.next_level == "intermediate"
    assert {c.kind for c in junior.missing_for("intermediate")} == {"practice_days_in_window", "qualifications"}
    senior = recognise(
        Facts(years_of_service=9, practice_days_in_window=200, qualification_levels=("senior",), rnd_projects=2),
        CRITERIA,
    )
    assert senior.level == "senior" and senior.next_level is None


def test_levels_are_monotone():
    # Meets the senior requirements but not the junior one (no qualification): holds no level.
    facts = Facts(years_of_service=9, practice_days_in_window=200, rnd_projects=1)
    assert recognise(facts, CRITERIA).level is None


def test_shipped_criteria_are_valid():
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[2] / "data" / "recognition_criteria.json").read_text())
    validate_criteria(data)
    assert "教师厅〔2022〕2号" in data["source"]


@pytest.mark.parametrize(
    "bad",
    [
        {"levels": []},
        {"levels": [{"level": "expert", "requirements": []}]},
        {"levels": [{"level": "junior", "requirements": [{"kind": "height", "min": 1}]}]},
        {
            "levels": [
                {"level": "junior", "requirements": [{"kind": "qualifications", "min_level": "junior", "count": 0}]}
            ]
        },
        {"levels": [{"level": "junior", "requirements": [{"kind": "years_of_service", "min": -1}]}]},
    ],
)
def test_bad_criteria_rejected(bad):
    with pytest.raises(CriteriaError):
        validate_criteria(bad)
