"""Continuity of a partnership across renewals (issue 16.3): the pure engine."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from workbridge.partnerships.engines.continuity import continuous_spans, in_force_during

D = dt.date


def test_a_renewal_after_a_short_gap_is_one_continuous_partnership():
    terms = [(1, D(2021, 1, 1), D(2023, 12, 31), None), (2, D(2024, 2, 15), D(2026, 12, 31), 1)]
    assert continuous_spans(terms, renewal_gap_days=60) == [(D(2021, 1, 1), D(2026, 12, 31))]
    assert in_force_during(continuous_spans(terms, renewal_gap_days=60), D(2024, 1, 1), D(2024, 1, 31))


def test_an_unrelated_later_agreement_after_a_gap_is_a_new_partnership():
    terms = [(1, D(2021, 1, 1), D(2023, 12, 31), None), (2, D(2024, 2, 15), D(2026, 12, 31), None)]
    spans = continuous_spans(terms, renewal_gap_days=60)
    assert spans == [(D(2021, 1, 1), D(2023, 12, 31)), (D(2024, 2, 15), D(2026, 12, 31))]
    assert not in_force_during(spans, D(2024, 1, 1), D(2024, 1, 31))


def test_a_renewal_too_late_does_not_bridge():
    terms = [(1, D(2021, 1, 1), D(2023, 12, 31), None), (2, D(2024, 6, 1), D(2026, 12, 31), 1)]
    assert len(continuous_spans(terms, renewal_gap_days=30)) == 2


@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(1, 900)), min_size=1, max_size=8), st.integers(0, 90))
def test_spans_cover_every_term_and_never_overlap(raw, gap):
    base = D(2015, 1, 1)
    terms = [
        (i, base + dt.timedelta(days=s), base + dt.timedelta(days=s + n), i - 1 if i else None)
        for i, (s, n) in enumerate(raw)
    ]
    spans = continuous_spans(terms, renewal_gap_days=gap)
    for _id, start, end, _r in terms:
        assert any(a <= start and end <= b for a, b in spans)
    for (_a1, b1), (a2, _b2) in zip(spans, spans[1:], strict=False):
        assert b1 < a2
