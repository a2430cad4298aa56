"""The one upload gate (core.uploads): type by signature, size per purpose, generated names, safe serving."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from workbridge.core.exceptions import ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.uploads import serve_upload, validate_upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buffer.getvalue()


XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


@pytest.mark.parametrize("content,kind,ext", [(PDF, "pdf", "pdf"), (PNG, "png", "png"), (JPEG, "jpeg", "jpg")])
def test_documents_are_recognised_by_content_whatever_the_name(content, kind, ext):
    upload = SimpleUploadedFile("scan.txt", content, content_type="text/html")
    checked = validate_upload(upload, purpose="document")
    assert checked.kind == kind and upload.name == checked.storage_name and upload.name.endswith("." + ext)


@pytest.mark.parametrize(
    "name,content",
    [
        ("licence.html", HTML),
        ("licence.svg", SVG),
        ("licence.pdf", HTML),
        ("licence.png", SVG),
        ("setup.exe", EXE),
        ("setup.pdf", EXE),
        ("book.xlsx", XLSX),
        ("notes.txt", b"just text"),
    ],
)
def test_documents_refuse_anything_else(name, content):
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        validate_upload(
            SimpleUploadedFile(name, content, content_type="application/pdf"), purpose="document", field="licence_file"
        )
    assert name in exc.value.message and "PDF, JPEG or PNG" in exc.value.message
    assert list(exc.value.errors) == ["licence_file"]


def test_error_is_in_the_page_language():
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as exc:
        validate_upload(SimpleUploadedFile("执照.html", HTML), purpose="document")
    assert "执照.html" in exc.value.message and "不是允许的文件类型" in exc.value.message


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\x.pdf", "/abs/path.pdf", "a/../../b.pdf"])
def test_path_traversal_names_never_reach_storage(name):
    upload = SimpleUploadedFile(name, PDF)
    checked = validate_upload(upload, purpose="document")
    assert upload.name == checked.storage_name
    assert "/" not in upload.name and "\\" not in upload.name and ".." not in upload.name
    assert len(upload.name) == 32 + len(".pdf")


@override_settings(UPLOAD_MAX_BYTES_BY_PURPOSE={"document": 1024})
def test_size_limit_per_purpose_is_a_setting():
    with pytest.raises(ValidationFailed) as exc:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), purpose="document")
    assert "big.pdf" in exc.value.message
    validate_upload(SimpleUploadedFile("small.pdf", PDF), purpose="document")


def test_empty_file_is_refused():
    with pytest.raises(ValidationFailed):
        validate_upload(SimpleUploadedFile("empty.pdf", b""), purpose="document")


def test_spreadsheets_take_xlsx_by_its_zip_content_and_csv_as_text():
    upload = SimpleUploadedFile("学生 名单.xlsx", XLSX)
    assert validate_upload(upload, purpose="spreadsheet", keep_name=True).kind == "xlsx"
    assert upload.name == "学生_名单.xlsx"
    gbk = SimpleUploadedFile("名单.csv", "姓名,学号\n张三,1\n".encode("gbk"))
    assert validate_upload(gbk, purpose="spreadsheet", keep_name=True).kind == "csv"
    traversal = SimpleUploadedFile("../../名单.csv", b"a,b\n1,2\n")
    validate_upload(traversal, purpose="spreadsheet", keep_name=True)
    assert traversal.name == "名单.csv"
    for name, content in (
        ("x.xlsx", _zip({"index.html": "<script>"})),
        ("x.csv", b"a,b\x00\n"),
        ("x.csv", PDF),
        ("x.html", b"<html></html>"),
        ("x.xlsx", HTML),
    ):
        with pytest.raises(ValidationFailed):
            validate_upload(SimpleUploadedFile(name, content), purpose="spreadsheet")


def test_postings_also_take_jsonl_and_txt():
    assert validate_upload(SimpleUploadedFile("p.jsonl", b'{"title": "x"}\n'), purpose="postings").kind == "jsonl"
    assert validate_upload(SimpleUploadedFile("p.txt", "招聘 电工\n".encode()), purpose="postings").kind == "txt"
    with pytest.raises(ValidationFailed):
        validate_upload(SimpleUploadedFile("p.jsonl", b'{"a": 1}\n'), purpose="workbook")


class _Stored:
    """A FieldFile stand-in over bytes."""

    def __init__(self, data):
        self.data = data

    def __bool__(self):
        return True

    def open(self, mode="rb"):
        return ContentFile(self.data)


@pytest.mark.parametrize(
    "content,ctype,inline",
    [
        (PDF, "application/pdf", True),
        (PNG, "image/png", True),
        (JPEG, "image/jpeg", True),
        (HTML, "application/octet-stream", False),
        (SVG, "application/octet-stream", False),
        (XLSX, "application/octet-stream", False),
    ],
)
def test_serving_takes_type_from_content_and_only_pdf_and_images_inline(content, ctype, inline):
    response = serve_upload(_Stored(content), download_name="licence")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")
    if ctype != "application/octet-stream" or content in (HTML, SVG):
        assert response["Content-Type"] == ctype


def test_import_page_and_api_refuse_a_non_spreadsheet(world, client, api_client_for):
    from workbridge.core.models import ImportJob

    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post("/imports/students/", {"file": SimpleUploadedFile("students.csv", EXE)})
    assert response.status_code == 200
    assert "students.csv" in response.content.decode()
    api = api_client_for(world.users[Role.SCHOOL_ADMIN])
    response = api.post(
        "/api/v1/imports/", {"kind": "students", "file": SimpleUploadedFile("students.xlsx", HTML)}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert "file" in response.json()["errors"]
    assert not ImportJob.objects.exists()


def test_no_media_url_route_serves_uploads(client, settings):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "licences/2025/x.html")


def test_x_accel_redirect_behind_nginx(settings, tmp_path):
    """With UPLOADS_X_ACCEL_REDIRECT set, Django answers with the header and nginx sends the bytes."""
    import io

    from django.core.files.storage import FileSystemStorage

    from workbridge.core.uploads import serve_upload

    settings.UPLOADS_X_ACCEL_REDIRECT = "/protected-media/"
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("licences/x.pdf", io.BytesIO(b"%PDF-1.4\n%%EOF\n"))

    class Stored:
        def __init__(self):
            self.name = name

        def __bool__(self):
            return True

        def open(self, mode):
            return storage.open(name, mode)

    answer = serve_upload(Stored(), download_name="licence-1")
    assert answer["X-Accel-Redirect"] == f"/protected-media/{name}" and answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff" and answer["Content-Disposition"].startswith("inline")
