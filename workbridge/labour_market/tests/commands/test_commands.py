import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "devset" / "51job_sample.csv"


def test_extract_skills_on_the_51job_sample(tmp_path):
    out = tmp_path / "out.jsonl"
    call_command("extract_skills", str(SAMPLE), "--out", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 60
    for r in rows:
        assert set(r) == {
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
        for s in r["skills"]:
            assert set(s) == {"id", "name", "type", "start", "end", "strength"}
    assert sum(1 for r in rows if r["skills"]) > 30
    assert sum(1 for r in rows if r["occupation_code"]) > 50
    assert all(r["province"] for r in rows)


def test_extract_skills_xlsx_and_text_spans(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["职位名称", "职位描述", "薪资", "工作地点"])
    ws.append(["PLC工程师", "1.熟悉西门子S7-1200 PLC编程；2.会用EPLAN、AutoCAD；五险一金", "8千-1.2万", "江苏省苏州"])
    src = tmp_path / "jobs.xlsx"
    wb.save(src)
    out = tmp_path / "out.jsonl"
    call_command("extract_skills", str(src), "--out", str(out), "--with-text")
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["text"][s["start"] : s["end"]] for s in row["skills"]] == [
        "西门子S7-1200",
        "PLC编程",
        "EPLAN",
        "AutoCAD",
    ]
    assert row["occupation_code"] == "2-02-07-07"
    assert (row["salary_min"], row["salary_max"], row["city"]) == (8000, 12000, "苏州市")


def test_extract_skills_errors_leave_no_output(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "熟悉Java"}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match="bad.jsonl: Line 2"):
        call_command("extract_skills", str(bad), "--out", str(out))
    assert not out.exists()
    assert not list(tmp_path.glob(".extract_skills.*"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("extract_skills", str(bad), "--out", str(tmp_path / "nope" / "o.jsonl"))


def test_code_occupations(tmp_path):
    titles = tmp_path / "titles.txt"
    titles.write_bytes("软件测试工程师\nJava开发\n普工\n\nxyzzy\n".encode("gbk"))
    out = tmp_path / "codes.csv"
    call_command("code_occupations", str(titles), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["title"] for r in rows] == ["软件测试工程师", "Java开发", "普工", "xyzzy"]
    assert rows[0]["code"] == "4-04-05-02" and rows[0]["name"] == "计算机软件测试员"
    assert rows[2]["code"] == "6-00-00-00"
    assert rows[3]["code"] == "" and float(rows[3]["confidence"]) == 0
    with pytest.raises(CommandError, match="no such file"):
        call_command("code_occupations", str(tmp_path / "none.txt"), "--out", str(out))
