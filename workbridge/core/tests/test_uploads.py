"""One validator for every upload, one way to serve them (issue 8 item 1): type by content from an allow-list,
a generated name, served after an access check as a download or (PDF, images) inline, never sniffed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from workbridge.core.exceptions import ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.uploads import DOCUMENT, OFFICE, checked_upload
from workbridge.organizations.engines.credit_code import make_credit_code
from workbridge.organizations.models import Organization

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
HTML = b"<html><body><script>fetch('/api/v1/memberships/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name,data", [
    ("licence.html", HTML), ("licence.svg", SVG), ("licence.pdf", HTML), ("licence.png", SVG),
    ("licence.pdf", b"MZ\x90\x00 an exe"), ("licence.pdf", b"PK\x03\x04 not really a zip"),
])
def test_only_allowed_types_by_content(name, data):
    with pytest.raises(ValidationFailed) as refused:
        checked_upload(SimpleUploadedFile(name, data), field="licence_file")
    assert "licence_file" in refused.value.errors


def test_an_accepted_file_gets_a_generated_name():
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF)
    kind = checked_upload(upload, field="f")
    assert kind.ext == "pdf" and "/" not in upload.name and ".." not in upload.name
    assert upload.name.endswith(".pdf") and len(upload.name) == 36


def test_office_files_only_where_allowed():
    assert checked_upload(SimpleUploadedFile("report.docx", _docx()), field="f", allowed=OFFICE).ext == "docx"
    with pytest.raises(ValidationFailed):
        checked_upload(SimpleUploadedFile("report.docx", _docx()), field="f", allowed=DOCUMENT)


def test_empty_and_oversized_files(settings):
    with pytest.raises(ValidationFailed):
        checked_upload(SimpleUploadedFile("a.pdf", b""), field="f")
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationFailed, match="MB"):
        checked_upload(SimpleUploadedFile("a.pdf", PDF), field="f")


@pytest.mark.django_db
def test_registration_refuses_html_and_svg_licences_on_page_and_api(world, client):
    for i, (name, data) in enumerate((("licence.html", HTML), ("licence.svg", SVG), ("licence.pdf", HTML))):
        answer = APIClient().post("/api/v1/enterprise-registrations/", {
            "name": f"坏执照公司{i}", "credit_code": make_credit_code(f"91330100MA2BAD{i:02d}X"), "region": world.region1.pk,
            "username": f"badlic{i}", "email": f"b{i}@example.com", "password": "a-long-pass-9876",
            "licence_file": SimpleUploadedFile(name, data)}, format="multipart")
        assert answer.status_code == 400 and "licence_file" in answer.json()["errors"]
    page = client.post("/organizations/register/", {
        "name": "页面坏执照公司", "credit_code": make_credit_code("91330100MA2PAGEB1"), "region": world.region1.pk,
        "contact_name": "周", "contact_phone": "13800000000", "username": "pagebad", "display_name": "周经理",
        "email": "pagebad@example.com", "password": "a-long-pass-9876", "password2": "a-long-pass-9876",
        "licence_file": SimpleUploadedFile("licence.svg", SVG)})
    assert page.status_code == 200
    assert not Organization.objects.filter(name__in=["页面坏执照公司", "坏执照公司0", "坏执照公司1", "坏执照公司2"]).exists()


@pytest.mark.django_db
def test_licence_served_inline_only_as_a_real_pdf_with_nosniff(world, client):
    from workbridge.organizations import services

    admin = world.users[Role.ENTERPRISE_ADMIN]
    services.enterprise_upload_licence(actor=admin, enterprise=world.enterprise1,
                                       licence_file=SimpleUploadedFile("营业执照.pdf", PDF))
    world.enterprise1.refresh_from_db()
    assert world.enterprise1.licence_file.name.startswith("licences/") and "营业执照" not in world.enterprise1.licence_file.name
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    answer = client.get(f"/organizations/{world.enterprise1.pk}/licence/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff" and answer["Content-Disposition"].startswith("inline")
    # Another region's officer may know the enterprise exists, but only its reviewers see the licence.
    client.force_login(world.other[Role.AUTHORITY_OFFICER])
    assert client.get(f"/organizations/{world.enterprise1.pk}/licence/").status_code == 403


@pytest.mark.django_db
def test_a_stored_file_of_another_type_downloads(world, client, settings, tmp_path):
    """Even a file stored before this check (say an old .html) is never shown inline."""
    from django.core.files.base import ContentFile

    world.enterprise1.licence_file.save("old.html", ContentFile(HTML), save=True)
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    answer = client.get(f"/organizations/{world.enterprise1.pk}/licence/")
    assert answer["Content-Type"] == "application/octet-stream" and answer["Content-Disposition"].startswith("attachment")
    assert answer["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_attestation_documents_are_checked(world):
    from workbridge.evaluation import datafiles, services

    key = next(c.key for s in datafiles.criteria_sets().values() for c in s["criteria"] if c.check in ("attested", "good_standing"))
    with pytest.raises(ValidationFailed) as refused:
        services.attestation_submit(actor=world.users[Role.ENTERPRISE_ADMIN], enterprise_id=world.enterprise1.pk,
                                    criterion_key=key, statement="已建立校企合作机制", document=SimpleUploadedFile("a.exe", b"MZ\x90"))
    assert "document" in refused.value.errors
    att = services.attestation_submit(actor=world.users[Role.ENTERPRISE_ADMIN], enterprise_id=world.enterprise1.pk,
                                      criterion_key=key, statement="已建立校企合作机制", document=SimpleUploadedFile("证明.pdf", PDF))
    assert att.document.name.endswith(".pdf") and "证明" not in att.document.name


@pytest.mark.django_db
def test_uploads_are_not_reachable_under_media_url(world, client):
    client.force_login(world.users[Role.PLATFORM_ADMIN])
    assert client.get("/media/licences/anything.pdf").status_code == 404


def test_x_accel_redirect_behind_nginx(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    from workbridge.core.uploads import serve_file

    settings.UPLOADS_X_ACCEL_REDIRECT = "/protected-media/"
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("licences/x.pdf", io.BytesIO(PDF))

    class Stored:
        def __init__(self):
            self.name = name

        def __bool__(self):
            return True

        def open(self, mode):
            return storage.open(name, mode)

    answer = serve_file(Stored(), download_name="licence-1")
    assert answer["X-Accel-Redirect"] == f"/protected-media/{name}" and answer["Content-Type"] == "application/pdf"
