import json

import pytest

from workbridge.labour_market.engines.postings import analyse_posting
from workbridge.labour_market.tabular import FileProblem, posting_rows


def read_postings(path):
    """The commands' reading: the file's bytes through the product's one reader."""
    return posting_rows(path.read_bytes(), name=path.name)


def test_csv_51job_export_in_gbk(tmp_path):
    p = tmp_path / "jobs.csv"
    p.write_bytes(
        "jobName,tags,area,salary,workYear,degree,companyName\n"
        'Python开发工程师,"3-4年,本科,python,django,linux,五险一金",深圳深圳宝安区宝安,1-1.5万·13薪,3-4年,本科,某公司\n'.encode(
            "gbk"
        )
    )
    rows = list(read_postings(p))
    assert len(rows) == 1 and rows[0].title == "Python开发工程师"
    out = analyse_posting(rows[0])
    assert out["occupation_code"] == "2-02-10-03"
    assert [s["name"] for s in out["skills"]] == ["Python", "Python", "Django", "Linux"]
    assert (out["salary_min"], out["salary_max"], out["salary_months"]) == (10000, 15000, 13)
    assert (out["province"], out["city"]) == ("广东省", "深圳市")
    assert set(out) == {
        "id",
        "title",
        "occupation_code",
        "occupation_confidence",
        "skills",
        "salary_min",
        "salary_max",
        "salary_months",
        "province",
        "city",
        "education_band",
    }


def test_txt_and_jsonl(tmp_path):
    t = tmp_path / "jd.txt"
    t.write_text("熟悉Java和MySQL\n\n精通C++\n", encoding="utf-8")
    assert [r.text for r in read_postings(t)] == ["熟悉Java和MySQL", "精通C++"]
    j = tmp_path / "jd.jsonl"
    j.write_text(
        json.dumps({"id": "p1", "title": "测试工程师", "description": "会用JMeter"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (row,) = read_postings(j)
    assert (row.id, row.title, row.text) == ("p1", "测试工程师", "会用JMeter")


def test_bad_files_say_where(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"title": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(FileProblem, match=r"Line 2"):
        list(read_postings(bad))
    doc = tmp_path / "x.doc"
    doc.write_text("熟悉Java", encoding="utf-8")
    with pytest.raises(FileProblem, match="Unknown format"):
        list(read_postings(doc))


def test_a_posting_text_keeps_a_line_separator_inside_it(tmp_path):
    t = tmp_path / "jd.txt"
    t.write_text("熟悉Java\u2028和MySQL\n精通C++\n", encoding="utf-8")
    assert [r.text for r in read_postings(t)] == ["熟悉Java\u2028和MySQL", "精通C++"]
