"""The hostile-file corpus (issue 8, items 5-8): every file goes through the three readers of the product
(students import, graduate destinations import, postings ingest reader) and must end in a clear error naming
the row / column / reason, with nothing saved and a bounded peak memory."""

from __future__ import annotations

import gc
import resource
import tracemalloc

import pytest
from django.utils import translation

from workbridge.academics.models import Student
from workbridge.core import importing, spreadsheets
from workbridge.core.exceptions import ImportFailed
from workbridge.core.models import ImportJob
from workbridge.core.roles import Role
from workbridge.core.tests import hostile
from workbridge.labour_market import services as lm_services
from workbridge.labour_market import tabular
from workbridge.labour_market.models import GraduateDestination

CEILING_MB = 200
STUDENT_HEADERS = ["学号", "姓名", "身份证号", "专业代码", "班级", "入学年份", "手机号"]
DESTINATION_HEADERS = ["学号", "专业代码", "毕业年份", "去向", "单位"]
POSTING_HEADERS = ["职位名称", "公司名称", "职位描述"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def rows_200k() -> bytes:
    return hostile.many_rows(DESTINATION_HEADERS, 200_000)


def measured(call):
    """(exception or None, tracemalloc peak MB, growth of the process's peak RSS in MB) of ``call()``."""
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    error = None
    try:
        call()
    except Exception as exc:
        error = exc
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    return error, peak / 2**20, rss_growth


def _saved():
    return Student.objects.count(), GraduateDestination.objects.count(), ImportJob.objects.count()


def _students(world, data: bytes, name: str):
    return lambda: importing.import_file(
        actor=world.users[Role.SCHOOL_ADMIN], kind="students", data=data, filename=name
    )


def _destinations(world, data: bytes, name: str):
    return lambda: lm_services.destinations_import(actor=world.users[Role.SCHOOL_ADMIN], data=data)


def _postings(world, data: bytes, name: str):
    return lambda: tabular.read_table(data, tabular.format_from_name(name))


READERS = {"students": _students, "destinations": _destinations, "postings": _postings}


def assert_refused(
    world, reader: str, data: bytes, name: str, *, reason: str, row: int | None = None, column: str | None = None
):
    before = _saved()
    error, peak_mb, rss_mb = measured(READERS[reader](world, data, name))
    assert error is not None, f"{reader} accepted the hostile file {name}"
    kind = tabular.FileProblem if reader == "postings" else ImportFailed
    assert isinstance(error, kind), repr(error)
    message = str(error) if reader == "postings" else error.message
    assert reason in message, message
    if row is not None:
        if reader == "postings":
            assert f"row {row}" in message.lower(), message
            assert any(e.get("row") == row and (column is None or e.get("column") == column) for e in error.errors), (
                error.errors
            )
        else:
            assert any(e.get("row") == row and (column is None or e.get("column") == column) for e in error.errors), (
                error.errors
            )
    assert _saved() == before, "nothing may be saved from a refused file"
    assert peak_mb < CEILING_MB, f"{reader} peaked at {peak_mb:.0f} MB on {name}"
    assert rss_mb < CEILING_MB, f"{reader} grew the process by {rss_mb:.0f} MB on {name}"
    return error


# ------------------------------------------------------------------------------------------------ .xlsx bombs


@pytest.mark.django_db
@pytest.mark.parametrize("reader", list(READERS))
def test_sparse_sheet_bomb_is_refused_by_its_far_cell(world, reader):
    data = hostile.sparse_sheet_bomb(DESTINATION_HEADERS)
    assert len(data) < 2048  # the 1.7 KB file that grew the students import by 2.1 GB
    assert_refused(world, reader, data, "bomb.xlsx", reason="column XFD", row=20001, column="XFD")


@pytest.mark.django_db
@pytest.mark.parametrize("reader", list(READERS))
def test_zip_bomb_is_refused_before_it_is_unpacked(world, reader):
    data = hostile.zip_bomb(DESTINATION_HEADERS, megabytes=200)
    assert len(data) < 1_000_000
    assert_refused(world, reader, data, "zip.xlsx", reason="compressed bomb")


@pytest.mark.django_db
@pytest.mark.parametrize("reader", list(READERS))
def test_200k_rows_stop_at_the_row_limit(world, rows_200k, reader, settings):
    # The same limit for all three keeps the test lean (each reads 50,000 rows under tracemalloc before stopping).
    settings.SPREADSHEET_MAX_ROWS = limit = importing.MAX_ROWS
    assert_refused(world, reader, rows_200k, "big.xlsx", reason=f"more than {limit} data rows", row=limit + 2)


# ------------------------------------------------------------------------------------------------ broken files


@pytest.mark.django_db
@pytest.mark.parametrize("reader", list(READERS))
def test_non_xlsx_named_xlsx(world, reader):
    assert_refused(
        world, reader, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "scan.xlsx", reason="not a real Excel workbook"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("reader", list(READERS))
def test_truncated_xlsx(world, reader):
    whole = hostile.many_rows(DESTINATION_HEADERS, 3000)
    assert_refused(world, reader, whole[: len(whole) // 2], "cut.xlsx", reason="damaged")


# ------------------------------------------------------------------------------------------------ bad cells


def _csv(headers: list[str], rows: list[list[str]], encoding="utf-8") -> bytes:
    return ("\r\n".join(",".join(r) for r in [headers, *rows]) + "\r\n").encode(encoding)


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["students", "postings"])
def test_csv_cell_over_128_kb_names_row_and_column(world, reader):
    headers = STUDENT_HEADERS if reader == "students" else POSTING_HEADERS
    row = ["x"] * len(headers)
    row[2] = "长" * 200_000  # 600 KB of UTF-8, over the csv module's 128 KB field limit
    error = assert_refused(
        world, reader, _csv(headers, [["a"] * len(headers), row]), "big-cell.csv", reason="200000 characters", row=3
    )
    assert "column C" in str(error)


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["students", "postings"])
@pytest.mark.parametrize("char", ["\x1b", "\x07"])
def test_control_characters_in_a_cell_name_row_and_column(world, reader, char):
    headers = STUDENT_HEADERS if reader == "students" else POSTING_HEADERS
    row = ["ok"] * len(headers)
    row[1] = f"机电{char}[31m系"
    error = assert_refused(world, reader, _csv(headers, [row]), "ctl.csv", reason=f"U+{ord(char):04X}", row=2)
    assert "column B" in str(error)


@pytest.mark.django_db
def test_control_character_reference_in_xlsx_destinations(world):
    data = hostile.workbook(
        hostile.row(1, DESTINATION_HEADERS) + '<row r="2"><c r="A2" t="inlineStr"><is><t>a&#27;b</t></is></c></row>'
    )
    assert_refused(world, "destinations", data, "ctl.xlsx", reason="damaged")


# ------------------------------------------------------------------------------------------------ good encodings


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_utf8_bom_csv_import_correctly(world, encoding):
    import datetime as dt

    from workbridge.academics.engines.identity import make_id_number

    row = [
        "20259001",
        "龚一",
        make_id_number("330106", dt.date(2006, 5, 1), 7),
        world.major1.code,
        "2025级机电1班",
        "2025",
        "13900000001",
    ]
    data = _csv(STUDENT_HEADERS, [row], encoding=encoding)
    plan = importing.import_file(actor=world.users[Role.SCHOOL_ADMIN], kind="students", data=data, filename="s.csv")
    assert plan.creates == 1
    assert Student.objects.get(student_number="20259001").name == "龚一"
    table = tabular.read_table(_csv(POSTING_HEADERS, [["电工", "企业", "熟悉PLC"]], encoding=encoding), "csv")
    assert table.rows == [(2, {"职位名称": "电工", "公司名称": "企业", "职位描述": "熟悉PLC"})]


# ------------------------------------------------------------------------------------------------ names


@pytest.mark.django_db
def test_path_traversal_file_name_is_reduced_to_its_last_part(world):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from workbridge.academics.engines.identity import make_id_number

    row = [
        "20259002",
        "甲",
        make_id_number("330106", dt.date(2006, 5, 1), 8),
        world.major1.code,
        "2025级机电1班",
        "2025",
        "",
    ]
    upload = SimpleUploadedFile("x.csv", _csv(STUDENT_HEADERS, [row]))
    upload.name = "../../../etc/cron.d/evil\x1b.csv"  # set after construction: the object does not clean it
    job, plan = importing.import_preview(actor=world.users[Role.SCHOOL_ADMIN], kind="students", uploaded=upload)
    assert plan.errors == []
    assert job.filename == "evil.csv"
    assert ".." not in job.upload.name and job.upload.name.startswith("imports/")


def test_safe_filename():
    assert spreadsheets.safe_filename("..\\..\\windows\\win.ini") == "win.ini"
    assert spreadsheets.safe_filename("../..") == "upload"
    assert spreadsheets.safe_filename("a\x07b.xlsx") == "ab.xlsx"
