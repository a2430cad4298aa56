"""The roll-up engine: means, counts, share satisfied, the display minimum, courses through the matrix, and the
review threshold."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.employer_feedback.engines.rollup import Figure, below_threshold, by_course, by_key, figure


def test_a_figure_counts_means_and_shares_the_satisfied():
    f = figure([5, 4, 3, 2], min_responses=3, satisfied_at=4)
    assert f == Figure(4, 3.5, 0.5)
    assert f.shown


def test_too_few_answers_are_counted_but_not_shown():
    f = figure([1, 1], min_responses=3)
    assert f.count == 2 and f.mean is None and f.share_satisfied is None and not f.shown
    assert figure([], min_responses=0) == Figure(0, None, None)


def test_a_rating_outside_one_to_five_is_refused():
    with pytest.raises(ValueError):
        figure([6], min_responses=1)


def test_courses_pool_the_capabilities_they_teach():
    ratings = [("m", "plc", 2), ("m", "plc", 3), ("m", "safety", 5), ("m", "cad", 4)]
    courses_of = {("m", "plc"): ["PLC 编程"], ("m", "safety"): ["PLC 编程", "安全生产"], ("m", "cad"): []}
    out = by_course(ratings, courses_of, min_responses=1)
    assert out["PLC 编程"].count == 3 and out["PLC 编程"].mean == pytest.approx(10 / 3)
    assert out["安全生产"] == Figure(1, 5.0, 1.0)
    assert "cad" not in out


def test_below_threshold_needs_enough_answers_and_lists_lowest_first():
    figures = by_key([("a", 2), ("a", 2), ("a", 3), ("b", 1), ("c", 1), ("c", 2), ("c", 2)], min_responses=1)
    assert below_threshold(figures, mean_below=3.0, min_responses=3) == ["c", "a"]  # b has one answer only
    assert below_threshold(figures, mean_below=1.5, min_responses=3) == []


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=60), st.integers(1, 5))
def test_the_mean_lies_on_the_scale_and_the_share_is_a_share(values, satisfied_at):
    f = figure(values, min_responses=1, satisfied_at=satisfied_at)
    assert f.count == len(values)
    assert 1 <= f.mean <= 5
    assert 0 <= f.share_satisfied <= 1
    assert f.share_satisfied == sum(v >= satisfied_at for v in values) / len(values)
