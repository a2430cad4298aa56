import csv
from pathlib import Path

import pytest

from workbridge.labour_market.engines.occupation import clean_title, default_coder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("title", "code", "level"),
    [
        ("软件测试工程师", "4-04-05-02", 4),
        ("Java开发", "2-02-10-03", 4),
        ("Python开发工程师（苏州）", "2-02-10-03", 4),
        ("算法工程师(J10038)", "2-02-38-01", 4),
        ("Web前端工程师", "4-04-05-01", 4),
        ("数据分析师", "4-07-02-05", 4),
        ("嵌入式软件工程师", "2-02-10-06", 4),
        ("电工", "6-31-01-03", 4),
        ("焊工", "6-18-02-04", 4),
        ("普工", "6-00-00-00", 1),
        ("储备干部", "1-06-00-00", 2),
        ("Java/C++/C/python/算法/测开/前端/后端/数据", "2-02-10-00", 3),
    ],
)
def test_examples(title, code, level):
    r = default_coder().code(title)
    assert (r.code, r.level) == (code, level)
    assert 0 < r.confidence <= 1


def test_vague_titles_get_lower_confidence_than_specific_ones():
    coder = default_coder()
    assert coder.code("普工").confidence < coder.code("软件测试工程师").confidence


def test_no_code_for_nonsense():
    r = default_coder().code("xyzzy")
    assert r.code is None and r.confidence == 0
    assert default_coder().code("").code is None


def test_cleaning():
    assert clean_title("高级Python开发工程师（苏州）(J12323)") == "python开发工程师"
    assert clean_title("2024届技术类管培生 工作地点：南京").startswith("技术类管培生")


def _accuracy(path):
    coder = default_coder()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    ok = sum((coder.code(r["title"]).code or "NONE") in r["gold_codes"].split("|") for r in rows)
    return ok / len(rows), len(rows)


def test_accuracy_on_refinement_set():
    acc, n = _accuracy(FIXTURES / "occupation_titles_gold.csv")
    print(f"\noccupation coding, refinement set: {acc:.3f} on {n} titles")
    assert n >= 150
    assert acc >= 0.93


def test_accuracy_on_held_out_set():
    acc, n = _accuracy(FIXTURES / "occupation_titles_heldout.csv")
    print(f"\noccupation coding, held-out set: {acc:.3f} on {n} titles")
    assert n >= 60
    assert acc >= 0.75


def test_gold_codes_exist():
    coder = default_coder()
    for name in ("occupation_titles_gold.csv", "occupation_titles_heldout.csv"):
        for r in csv.DictReader((FIXTURES / name).open(encoding="utf-8")):
            for code in r["gold_codes"].split("|"):
                assert code == "NONE" or code in coder.occupations, code
