import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.labour_market.engines.salary import WORKING_DAYS_PER_MONTH, parse_salary

# Real strings from the 51job export (shared/data/postings) and the issue.
CASES = [
    ("1-1.5万", 10000, 15000, 12),
    ("6-8千·13薪", 6000, 8000, 13),
    ("8千-1.5万", 8000, 15000, 12),
    ("8千-1.5万·13薪", 8000, 15000, 13),
    ("1.5-2.5万·15薪", 15000, 25000, 15),
    ("15-25K·14薪", 15000, 25000, 14),
    ("15k-25k", 15000, 25000, 12),
    ("20-30万/年", round(200000 / 12), 25000, 12),
    ("10-15万/年", round(100000 / 12), 12500, 12),
    ("200元/天", round(200 * WORKING_DAYS_PER_MONTH), round(200 * WORKING_DAYS_PER_MONTH), 12),
    ("0.2千/天", round(200 * WORKING_DAYS_PER_MONTH), round(200 * WORKING_DAYS_PER_MONTH), 12),
    ("5千及以下", None, 5000, 12),
    ("1万及以下/年", None, 833, 12),
    ("1万以上", 10000, None, 12),
    ("8000-12000元/月", 8000, 12000, 12),
    ("８千－１.５万", 8000, 15000, 12),  # full-width digits and dash
]


@pytest.mark.parametrize(("text", "lo", "hi", "months"), CASES)
def test_real_salary_strings(text, lo, hi, months):
    r = parse_salary(text)
    assert r.ok, r.reason
    assert (r.monthly_min, r.monthly_max, r.months) == (lo, hi, months)
    assert r.raw == text


@pytest.mark.parametrize(("text", "reason"), [("面议", "negotiable"), ("薪资面议", "negotiable"), ("", "empty")])
def test_negotiable_and_empty_are_ok_without_figures(text, reason):
    r = parse_salary(text)
    assert r.ok and r.reason == reason
    assert r.monthly_min is None and r.monthly_max is None


@pytest.mark.parametrize("text", ["5\ufffd-1万·13薪", "abc", "3-1万", "1-2万·40薪", "0-0", "很高", "1-1.5万/季度"])
def test_unparseable_is_flagged_and_kept_raw(text):
    r = parse_salary(text)
    assert not r.ok
    assert r.raw == text
    assert r.monthly_min is None and r.monthly_max is None and r.reason


def test_annual_figures():
    r = parse_salary("1-1.5万·13薪")
    assert (r.annual_min, r.annual_max) == (130000, 195000)


@given(st.text(max_size=40))
def test_never_raises_and_never_guesses(text):
    r = parse_salary(text)
    assert r.raw == text
    if r.ok and r.monthly_min is not None and r.monthly_max is not None:
        assert r.monthly_min <= r.monthly_max
    if not r.ok:
        assert r.monthly_min is None and r.monthly_max is None


@given(st.integers(1, 99), st.integers(0, 99), st.sampled_from(["千", "万", "K", "k"]))
def test_ranges_in_one_unit(a, extra, unit):
    b = a + extra
    r = parse_salary(f"{a}-{b}{unit}")
    factor = 1000 if unit in ("千", "K", "k") else 10000
    assert r.ok and r.monthly_min == a * factor and r.monthly_max == b * factor
