"""A major's warning indicators per year from its records (engines/indicators.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.labour_market.engines.indicators import INDICATORS, CohortFigures, indicator_history


def test_rates_ratios_and_trend_from_the_records():
    history = indicator_history(
        cohorts={2024: CohortFigures(0.8, 0.9, 0.2, 5000.0)},
        postings={2023: 50, 2024: 40},
        salaries={2024: 6250.0},
        supply={2024: 80},
        retention={},
    )
    assert history["employment_rate"][2024] == 0.8
    assert history["salary_ratio"][2024] == pytest.approx(0.8)
    assert history["demand_trend"][2024] == pytest.approx(-0.2)
    assert history["supply_ratio"][2024] == 2.0
    assert history["retention_rate"][2024] == 0.2


def test_placement_records_win_over_destination_records_for_retention():
    history = indicator_history(
        cohorts={2024: CohortFigures(0.8, 0.9, 0.2, None)}, postings={}, salaries={}, supply={}, retention={2024: 0.35}
    )
    assert history["retention_rate"][2024] == 0.35
    assert history["salary_ratio"][2024] is None  # no posted salary at all: unknown, not zero


def test_a_year_without_posted_salaries_compares_with_the_average_of_the_others():
    history = indicator_history(
        cohorts={2024: CohortFigures(0.8, 0.9, None, 6000.0)},
        postings={},
        salaries={2022: 5000.0, 2023: 7000.0},
        supply={},
        retention={},
    )
    assert history["salary_ratio"][2024] == 1.0


@given(
    st.dictionaries(st.integers(2015, 2030), st.integers(0, 500)),
    st.dictionaries(st.integers(2015, 2030), st.integers(0, 500)),
)
def test_only_known_indicators_and_no_division_by_zero(postings, supply):
    history = indicator_history(cohorts={}, postings=postings, salaries={}, supply=supply, retention={})
    assert set(history) == set(INDICATORS)
    for year, value in history["supply_ratio"].items():
        assert postings.get(year) and value == supply[year] / postings[year]
