import datetime as dt
import io

import pytest
from openpyxl import Workbook

from workbridge.labour_market import tabular
from workbridge.labour_market.engines.dates import parse_month


def test_utf8_and_gbk_are_detected():
    text = "jobName,salary\nPLC工程师,6-8千·13薪\n"
    assert tabular.detect_encoding(text.encode("utf-8")) == "utf-8"
    assert tabular.detect_encoding(text.encode("gbk")) == "gbk"
    assert tabular.detect_encoding("\ufeff".encode() + text.encode()) == "utf-8-sig"
    table = tabular.read_table(text.encode("gbk"), "csv")
    assert table.rows == [(2, {"jobName": "PLC工程师", "salary": "6-8千·13薪"})]


def test_binary_garbage_is_a_clear_problem():
    with pytest.raises(tabular.FileProblem):
        tabular.detect_encoding(bytes([0xFF, 0xFE, 0xFA, 0x80, 0x81]) * 3)


def test_mapping_guess_and_validation():
    headers = ["jobName", "tags", "area", "salary", "workYear", "degree", "companyName", "issueDate"]
    mapping = tabular.guess_mapping(headers)
    assert mapping == {
        "title": "jobName",
        "company": "companyName",
        "salary": "salary",
        "area": "area",
        "education": "degree",
        "experience": "workYear",
        "posted": "issueDate",
        "tags": "tags",
    }
    with pytest.raises(tabular.FileProblem, match="not in the file"):
        tabular.validate_mapping({"title": "nope"}, headers)
    with pytest.raises(tabular.FileProblem, match="title or the text"):
        tabular.validate_mapping({"salary": "salary"}, headers)


def test_jsonl_txt_and_xlsx():
    jsonl = '{"title": "电工", "tags": ["PLC", "电气"]}\n\n{"title": "钳工"}\n'.encode()
    table = tabular.read_table(jsonl, "jsonl")
    assert table.rows[0] == (1, {"title": "电工", "tags": "PLC,电气"})
    with pytest.raises(tabular.FileProblem, match="Line 2"):
        tabular.read_table(b'{"a":1}\n{oops\n', "jsonl")
    txt = tabular.read_table("熟悉PLC编程\n\n精通C/C++\n".encode("gbk"), "txt")
    assert [r[0] for r in txt.rows] == [1, 3] and txt.encoding == "gbk"
    book = Workbook()
    book.active.append(["职位名称", "发布日期"])
    book.active.append(["数控车工", dt.datetime(2024, 3, 5)])
    buf = io.BytesIO()
    book.save(buf)
    table = tabular.read_table(buf.getvalue(), "xlsx")
    assert table.rows == [(2, {"职位名称": "数控车工", "发布日期": "2024-03-05"})]
    assert tabular.guess_mapping(table.headers) == {"title": "职位名称", "posted": "发布日期"}


def test_parse_month():
    assert parse_month("2023-12-12 09:22:00") == dt.date(2023, 12, 1)
    assert parse_month("2024年3月") == dt.date(2024, 3, 1)
    assert parse_month("20240105") == dt.date(2024, 1, 1)
    assert parse_month("12-12") is None
    assert parse_month("2024-13-01") is None
    assert parse_month("") is None


def test_format_from_name():
    assert tabular.format_from_name("a.CSV") == "csv"
    assert tabular.format_from_name("x.ndjson") == "jsonl"
    assert tabular.format_from_name("x.doc") is None
