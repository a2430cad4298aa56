import csv
from pathlib import Path

import pytest

from workbridge.labour_market.engines.occupation import clean_title, default_coder, split_title

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


# --- issue 11: diverse titles, the reported failures, calibration, speed -------------------------------------------


@pytest.mark.parametrize(
    ("title", "code"),
    [
        # the recruiting word (招聘) no longer wins over the job after it
        ("嘉兴星河咖啡有限公司招聘咖啡师", "4-03-02-08"),
        ("桐乡市安居物业服务有限公司招聘保安", "4-07-05-01"),
        ("平湖市顺达汽车修理厂招聘钣金工", "4-12-01-01"),
        # titles that used to get no code
        ("推销员", "4-01-02-01"),
        ("计划员", "2-02-30-01"),
        ("策略专员", "2-02-30-03"),
        # wrong occupation before
        ("电机研发工程师", "2-02-11-01"),
        ("钢琴老师", "2-08-99-00"),
        # job-board notes around the title
        ("网域网吧南开区西湖村大街网域网吧工作关系需急招:收银员", "4-01-02-04"),
        ("销售代表学历:高中/中专以上月薪:2000-3000元", "4-01-02-01"),
        ("急招保安员（3名）包吃住", "4-07-05-01"),
        # a real recruiting occupation is still 招聘师
        ("招聘专员", "4-07-03-08"),
    ],
)
def test_reported_failures(title, code):
    assert default_coder().code(title).code == code


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("烧烤店招学徒", "4-03-02-01"),  # the employer says what 学徒 leaves open
        ("某中学招聘语文教师", "2-08-02-00"),
        ("培训学校招聘数学老师", "2-08-99-00"),
        ("服装设计助理", "2-09-06-02"),  # the assistant of a named occupation
        ("高中英语老师", "2-08-02-01"),  # the school level wins over the subject
        ("电子厂组装工", "6-25-04-07"),
        ("组装工", "6-00-00-00"),
    ],
)
def test_employer_context_and_assistants(title, code):
    assert default_coder().code(title).code == code


def test_split_title_keeps_the_employer_as_context():
    assert split_title("培训学校招聘数学老师") == ("培训学校", "数学老师")
    assert split_title("烧烤店招学徒") == ("烧烤店", "学徒")
    assert split_title("招商专员") == ("", "招商专员")
    assert split_title("Java开发") == ("", "java开发")


def test_unclear_occupation_gets_its_group_at_a_low_confidence():
    coder = default_coder()
    r = coder.code("无人机总工")
    assert (r.code, r.level, r.method) == ("2-02-00-00", 2, "group")
    assert r.confidence < coder.code("软件测试工程师").confidence
    assert coder.code("桥梁值守工程师").code == "2-02-00-00"


def test_cleaning_drops_company_and_recruiting_words():
    assert clean_title("嘉兴星河咖啡有限公司招聘咖啡师") == "咖啡师"
    assert clean_title("苏泊尔厨具导购月薪:1200-2200元每月") == "苏泊尔厨具导购"
    assert clean_title("小区保安 4500-5500元") == "小区保安"
    assert clean_title("招聘专员") == "招聘专员"


def _diverse(name):
    from workbridge.labour_market.engines.occupation_eval import evaluate, load_set

    return evaluate(default_coder(), load_set(FIXTURES / name))


def test_diverse_development_split():
    ev = _diverse("occupation_titles_diverse_dev.csv")
    print(f"\noccupation coding, diverse dev: exact {ev.exact:.3f} two-level {ev.two_level:.3f} on {ev.n}")
    assert ev.n >= 300
    assert ev.exact >= 0.95
    assert ev.two_level >= 0.97


def test_diverse_held_out_split():
    """Measured at the end (2026-12-05): exact 0.757, two-level 0.861, coverage 0.958, calibration error 0.024 on 144
    titles; after the real-title rules (measured once more, 2026-12-05): 0.771, 0.875, 0.965, 0.022. The test fails a
    little below those figures."""
    ev = _diverse("occupation_titles_diverse_heldout.csv")
    print(
        f"\noccupation coding, diverse held-out: exact {ev.exact:.3f} two-level {ev.two_level:.3f} "
        f"coverage {ev.coverage:.3f} ECE {ev.ece:.3f} on {ev.n}\n{ev.table()}"
    )
    assert ev.n >= 140
    assert ev.exact >= 0.75
    assert ev.two_level >= 0.86
    assert ev.coverage >= 0.95
    assert ev.ece <= 0.05


def test_held_out_titles_are_not_in_the_development_split():
    from workbridge.labour_market.engines.occupation_eval import load_set

    dev = set()
    for name in ("occupation_titles_diverse_dev.csv", "occupation_titles_gold.csv", "occupation_titles_real_dev.csv"):
        dev |= {r["title"] for r in load_set(FIXTURES / name)}
    for name, sources in (
        ("occupation_titles_diverse_heldout.csv", {"51job-2023-2024", "liebiao-2010", "constructed"}),
        ("occupation_titles_real_heldout.csv", REAL_SOURCES),
    ):
        held = load_set(FIXTURES / name)
        assert not dev & {r["title"] for r in held}
        for r in held:
            assert r["source"] in sources
            for code in r["gold_codes"].split("|"):
                assert code == "NONE" or code in default_coder().occupations, code


# --- issue 11: real non-IT job titles (saved job-board pages), labelled by hand, split by a hash of the title ---------

REAL_SOURCES = {"0416job-2018", "jobui-2018", "0755rc-2018", "job5156-2018", "jobcn-2018"}


def _split(title):
    import hashlib

    return "dev" if int(hashlib.sha1(("occ-real-2026|" + title).encode()).hexdigest(), 16) % 100 < 60 else "heldout"


def test_real_title_sets_are_split_by_the_hash_and_labelled_by_exact_names():
    import re

    from workbridge.labour_market.engines.occupation_eval import load_set

    by_name = {}
    with (FIXTURES.parent.parent / "data" / "csco-2022.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            by_name.setdefault(re.sub(r"(L/S|S|L)$", "", r["name"].strip()), r["code"])
    seen = set()
    for split in ("dev", "heldout"):
        rows = load_set(FIXTURES / f"occupation_titles_real_{split}.csv")
        assert len(rows) >= 200
        for r in rows:
            assert _split(r["title"]) == split and r["title"] not in seen
            seen.add(r["title"])
            assert r["source"] in REAL_SOURCES
            # every gold code is the code of a label written as a name (so a typo cannot become a wrong code)
            names = r["gold_names"].split("|")
            assert r["gold_codes"].split("|") == ["NONE" if n == "NONE" else by_name[n] for n in names], r["title"]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("服务员（大蟹天下开发区", "4-03-02-05"),  # the board cut the title inside a bracket
        ("电工主管", "6-31-01-03"),  # the crew lead takes the crew's occupation
        ("仪器仪表工程师", "2-02-07-03"),  # <kind>工程师 -> <kind>工程技术人员
        ("行政司机", "4-02-02-01"),  # a driver, not office staff
        ("分公司总经理", "1-06-01-02"),
        ("营销经理", "2-06-07-02"),
        ("会计文员", "2-06-03-00"),
        ("网站营运专员", "4-01-06-01"),
        ("CNC师傅", "6-18-01-07"),  # machining-centre operators are 多工序数控机床操作调整工
        ("策划专员", "2-06-07-03"),
    ],
)
def test_real_title_shapes(title, code):
    assert default_coder().code(title).code == code


def test_a_designer_of_no_named_kind_gets_the_designers_group():
    r = default_coder().code("设计师")
    assert (r.code, r.level, r.method) == ("2-09-06-00", 3, "vague")
    assert default_coder().code("平面设计师").code == "4-08-08-06"


def test_real_development_split():
    """Coded before any rule was written for these titles (2026-12-05): exact 0.656, two-level 0.719, coverage 0.801.
    The rules were then refined on them, so this figure is optimistic; it guards against regressions."""
    ev = _diverse("occupation_titles_real_dev.csv")
    print(f"\noccupation coding, real dev: exact {ev.exact:.3f} two-level {ev.two_level:.3f} on {ev.n}")
    assert ev.n >= 300
    assert ev.exact >= 0.95
    assert ev.two_level >= 0.96


def test_real_held_out_split():
    """Measured once, at the end (2026-12-05): exact 0.792, two-level 0.853, coverage 0.827, calibration error 0.111
    on 231 real non-IT titles no rule was written from (the coder before this work: 0.641 / 0.710 / 0.732). The test
    fails a little below those figures."""
    ev = _diverse("occupation_titles_real_heldout.csv")
    print(
        f"\noccupation coding, real held-out: exact {ev.exact:.3f} two-level {ev.two_level:.3f} "
        f"coverage {ev.coverage:.3f} ECE {ev.ece:.3f} on {ev.n}\n{ev.table()}"
    )
    assert ev.n >= 220
    assert ev.exact >= 0.77
    assert ev.two_level >= 0.83
    assert ev.coverage >= 0.80
    assert ev.ece <= 0.13


def test_every_method_has_a_calibrated_confidence():
    import json

    from workbridge.labour_market.engines.occupation import CALIBRATION_PATH

    data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    coder = default_coder()
    for method in ("exact", "head", "rule", "suffix", "group", "vague"):
        assert 0 < data["confidence"][method] < 1
        assert coder.confidence[method] == data["confidence"][method]
    # a group code is trusted less than a named occupation
    assert data["confidence"]["group"] < data["confidence"]["rule"]


def test_speed_per_core():
    import time

    titles = [r["title"] for r in csv.DictReader((FIXTURES / "occupation_titles_gold.csv").open(encoding="utf-8"))]
    titles += [
        r["title"] for r in csv.DictReader((FIXTURES / "occupation_titles_diverse_dev.csv").open(encoding="utf-8"))
    ]
    coder = default_coder()
    start = time.process_time()
    for _ in range(5):
        for t in titles:
            coder.code(t)
    rate = 5 * len(titles) / (time.process_time() - start)
    print(f"\noccupation coding: {rate:.0f} titles/s (CPU time)")
    assert rate >= 5000


def test_evaluation_counts_exact_two_level_coverage_and_calibration():
    from workbridge.labour_market.engines.occupation import OccupationCode
    from workbridge.labour_market.engines.occupation_eval import evaluate

    answers = {
        "a": OccupationCode("2-02-10-03", "", 4, 0.9, "rule"),  # right
        "b": OccupationCode("2-02-10-04", "", 4, 0.9, "rule"),  # wrong, same two levels
        "c": OccupationCode(None, "", None, 0.0, "none"),  # uncoded, gold NONE: right
        "d": OccupationCode("4-01-02-01", "", 4, 0.5, "head"),  # wrong
    }

    class Fake:
        def code(self, title):
            return answers[title]

    rows = [
        {"title": "a", "gold_codes": "2-02-10-03"},
        {"title": "b", "gold_codes": "2-02-10-03"},
        {"title": "c", "gold_codes": "NONE"},
        {"title": "d", "gold_codes": "6-18-02-04"},
    ]
    ev = evaluate(Fake(), rows)
    assert (ev.exact, ev.two_level, ev.coverage) == (0.5, 0.75, 0.75)
    # bins: 0.5 -> accuracy 0 (|0.5-0| x 1/3), 0.9 -> accuracy 0.5 (|0.9-0.5| x 2/3)
    assert abs(ev.ece - (0.5 / 3 + 0.4 * 2 / 3)) < 1e-9
    assert [n for _label, n, _c, _a in ev.reliability] == [1, 2]
