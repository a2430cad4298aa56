import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.labour_market.engines.bands import EDUCATION_BANDS, EXPERIENCE_BANDS, education_band, experience_band


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("本科", "bachelor"),
        ("大专", "associate"),
        ("硕士", "master"),
        ("博士", "doctor"),
        ("高中", "secondary"),
        ("中技/中专", "secondary"),
        ("本科及以上，硕士优先", "bachelor"),
        ("学历不限", "none"),
        ("", None),
        ("xyz", None),
    ],
)
def test_education(text, band):
    assert education_band(text) == band


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("3-4年", "3-5"),
        ("在校生/应届生", "0"),
        ("无需经验", "0"),
        ("1年", "1-3"),
        ("2年", "1-3"),
        ("5-7年", "5-10"),
        ("8-9年", "5-10"),
        ("1年及以上", "1-3"),
        ("10年及以上", "10+"),
        ("三年以上", "3-5"),
        ("", None),
    ],
)
def test_experience(text, band):
    assert experience_band(text) == band


@given(st.text(max_size=20))
def test_bands_total(text):
    assert education_band(text) in (*EDUCATION_BANDS, None)
    assert experience_band(text) in (*EXPERIENCE_BANDS, None)
