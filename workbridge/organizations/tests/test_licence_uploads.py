"""Stored XSS through the business licence: only real PDF/JPEG/PNG are accepted, served with nosniff."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from workbridge.core.roles import Role
from workbridge.organizations.engines.credit_code import make_credit_code
from workbridge.organizations.models import Organization, VettingStatus

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def _page_data(name, code, username, upload):
    return {
        "name": name,
        "credit_code": make_credit_code(code),
        "region": None,
        "contact_name": "周",
        "contact_phone": "13800000000",
        "username": username,
        "display_name": "周经理",
        "email": f"{username}@example.com",
        "password": "a-long-pass-9876",
        "password2": "a-long-pass-9876",
        "licence_file": upload,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename,content,ctype",
    [
        ("licence.html", HTML, "text/html"),
        ("licence.svg", SVG, "image/svg+xml"),
        ("licence.pdf", HTML, "application/pdf"),
    ],
)
def test_registration_page_refuses_non_pdf_licence(world, client, filename, content, ctype):
    data = _page_data(
        "页面恶意文件有限公司", "91330100MA2XHH012", "xssco", SimpleUploadedFile(filename, content, content_type=ctype)
    )
    data["region"] = world.region1.pk
    response = client.post("/organizations/register/", data)
    assert response.status_code == 200
    assert not Organization.objects.filter(name="页面恶意文件有限公司").exists()
    page = response.content.decode()
    assert f"文件“{filename}”不是允许的文件类型" in page and "PDF，JPEG 或 PNG" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename,content,ctype",
    [
        ("licence.html", HTML, "text/html"),
        ("licence.svg", SVG, "image/svg+xml"),
        ("licence.pdf", HTML, "application/pdf"),
    ],
)
def test_registration_api_refuses_non_pdf_licence(world, filename, content, ctype):
    response = APIClient().post(
        "/api/v1/enterprise-registrations/",
        {
            "name": "接口恶意文件有限公司",
            "credit_code": make_credit_code("91330100MA2XHH034"),
            "region": world.region1.pk,
            "username": "xssapi",
            "email": "xssapi@example.com",
            "password": "a-long-pass-9876",
            "licence_file": SimpleUploadedFile(filename, content, content_type=ctype),
        },
        format="multipart",
    )
    assert response.status_code == 400, response.content
    assert not Organization.objects.filter(name="接口恶意文件有限公司").exists()


@pytest.mark.django_db
def test_real_pdf_is_stored_under_generated_name_and_served_inline_with_nosniff(world, client):
    data = _page_data(
        "页面正常注册有限公司",
        "91330100MA2PDF012",
        "pdfco",
        SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="text/html"),
    )
    data["region"] = world.region1.pk
    client.post("/organizations/register/", data)
    org = Organization.objects.get(name="页面正常注册有限公司")
    stored = org.licence_file.name
    assert ".." not in stored and "passwd" not in stored
    assert stored.startswith("licences/") and stored.endswith(".pdf")
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.get(f"/organizations/{org.pk}/licence/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_a_licence_stored_before_the_fix_is_served_as_attachment(world, client):
    """An HTML file already on disk (uploaded by the old code) must not render in the reviewer's browser."""
    from workbridge.organizations.tests.factories import EnterpriseFactory

    org = EnterpriseFactory(region=world.region1, vetting_status=VettingStatus.PENDING)
    org.licence_file.save("old.html", SimpleUploadedFile("old.html", HTML), save=True)
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.get(f"/organizations/{org.pk}/licence/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_licence_upload_api_refuses_html_named_pdf(world, api_client_for):
    from workbridge.organizations.tests.factories import EnterpriseFactory

    org = EnterpriseFactory(region=world.region1, vetting_status=VettingStatus.PENDING)
    admin = world.users[Role.ENTERPRISE_ADMIN]
    admin.current_membership.organization = org
    admin.current_membership.save()
    client = api_client_for(admin)
    response = client.post(
        f"/api/v1/organizations/{org.pk}/licence/",
        {"licence_file": SimpleUploadedFile("scan.pdf", HTML, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    org.refresh_from_db()
    assert not org.licence_file
