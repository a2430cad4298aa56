"""AHP against published matrices (Saaty 1990, EJOR 48:9-26) and properties of reciprocal matrices."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.evaluation.engines.ahp import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    AHPError,
    ahp,
    consistent_matrix,
    reciprocal_from_upper,
    validate_matrix,
)

# Saaty (1990) "How to make a decision", relative wealth of nations: US, USSR, China, France, UK, Japan, W. Germany.
WEALTH = [
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]
WEALTH_WEIGHTS = [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]  # published; lambda_max 7.61, CI 0.10, CR 0.08

# Saaty (1990), criteria for buying a house: published weights .173 .054 .188 .018 .031 .036 .167 .333,
# lambda_max 9.669, CI 0.238, CR 0.169 -- an inconsistent matrix that must be rejected.
HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]


def test_wealth_of_nations_matches_published_eigenvector_and_cr():
    r = ahp(WEALTH)
    assert [round(w, 3) for w in r.weights] == WEALTH_WEIGHTS
    assert r.lambda_max == pytest.approx(7.61, abs=0.005)
    assert r.ci == pytest.approx(0.10, abs=0.005)
    assert r.cr == pytest.approx(0.08, abs=0.005)
    assert r.ri == 1.32
    assert r.consistent


def test_house_criteria_matches_published_values_and_is_rejected():
    r = ahp(HOUSE)
    assert [round(w, 3) for w in r.weights] == HOUSE_WEIGHTS
    assert r.lambda_max == pytest.approx(9.669, abs=0.001)
    assert r.ci == pytest.approx(0.238, abs=0.001)
    assert r.cr == pytest.approx(0.169, abs=0.001)
    assert not r.consistent


def test_cr_exactly_at_threshold_is_rejected():
    from workbridge.evaluation.engines.ahp import AHPResult

    assert not AHPResult((1.0,), 1.0, 0.0, 0.0, CR_THRESHOLD).consistent
    assert AHPResult((1.0,), 1.0, 0.0, 0.0, CR_THRESHOLD - 1e-9).consistent


def test_input_process_output_weights_from_literature():
    # Input 0.35, Process 0.35, Output 0.30 (Hindawi DDNS 2024, 5583728) as a consistent matrix.
    r = ahp(consistent_matrix([0.35, 0.35, 0.30]))
    assert [round(w, 4) for w in r.weights] == [0.35, 0.35, 0.30]
    assert r.cr == pytest.approx(0.0, abs=1e-9)


def test_random_index_table_is_saatys():
    assert [RANDOM_INDEX[n] for n in range(1, 11)] == [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


def test_order_one_and_two():
    assert ahp([[1]]).weights == (1.0,)
    r = ahp([[1, 3], [1 / 3, 1]])
    assert r.weights == pytest.approx((0.75, 0.25))
    assert r.cr == 0.0


@pytest.mark.parametrize(
    "matrix, where",
    [
        ([[1, 2], [2, 1]], (1, 0)),  # not reciprocal
        ([[2, 1], [1, 1]], (0, 0)),  # diagonal
        ([[1, -3], [-1 / 3, 1]], (0, 1)),  # negative
        ([[1, 12], [1 / 12, 1]], (0, 1)),  # beyond the 1..9 scale
        ([[1, float("nan")], [1, 1]], (0, 1)),
    ],
)
def test_invalid_matrices_name_the_cell(matrix, where):
    with pytest.raises(AHPError) as exc:
        validate_matrix(matrix)
    assert exc.value.where == where


def test_invalid_shapes():
    for bad in ([], [[1, 2, 3], [1, 1, 1]], [["a"]]):
        with pytest.raises(AHPError):
            validate_matrix(bad)


def test_rounded_reciprocals_are_accepted():
    validate_matrix([[1, 3, 0.2], [0.333, 1, 0.143], [5, 7, 1]])


def test_reciprocal_from_upper():
    full = reciprocal_from_upper([[None, 3, 5], [None, None, 2], [None, None, None]])
    assert full[1][0] == pytest.approx(1 / 3) and full[2][1] == pytest.approx(0.5) and full[0][0] == 1.0
    with pytest.raises(AHPError):
        reciprocal_from_upper([[None, None], [None, None]])


scale = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9])


@st.composite
def reciprocal_matrices(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    upper = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            upper[i][j] = draw(scale)
    return reciprocal_from_upper(upper)


@settings(max_examples=150, deadline=None)
@given(reciprocal_matrices())
def test_weights_are_a_probability_vector(matrix):
    r = ahp(matrix)
    assert math.isclose(sum(r.weights), 1.0, abs_tol=1e-9)
    assert all(w > 0 for w in r.weights)
    assert r.lambda_max >= len(matrix) - 1e-6  # Saaty: lambda_max >= n for reciprocal matrices
    assert r.cr >= 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=9.0), min_size=1, max_size=9))
def test_consistent_matrices_give_cr_zero_and_recover_weights(raw):
    weights = np.array(raw) / sum(raw)
    r = ahp(consistent_matrix(list(weights)))
    assert r.cr == pytest.approx(0.0, abs=1e-7)
    assert np.allclose(r.weights, weights, atol=1e-8)
