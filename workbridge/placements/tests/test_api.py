"""REST API: scope (other region, enterprise sees only its applicants/interns), idempotent check-ins, PDF."""

import subprocess
from pathlib import Path

import pytest

from workbridge.academics.models import Student
from workbridge.core.access import visible
from workbridge.core.roles import Role
from workbridge.placements import services as svc
from workbridge.placements.models import CheckIn

from .conftest import make_active_placement, make_ready_placement

pytestmark = pytest.mark.django_db


def test_checkin_api_is_idempotent_and_hides_coordinates(setup, api_client_for):
    placement = make_active_placement(setup)
    client = api_client_for(setup.student_user)
    body = {
        "placement": placement.pk,
        "client_key": "api-key-000001",
        "latitude": float(placement.position.latitude),
        "longitude": float(placement.position.longitude),
        "accuracy_m": 10,
        "device_id": "phone-a",
    }
    first = client.post("/api/v1/placements/checkins/", body, format="json")
    again = client.post("/api/v1/placements/checkins/", body, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and first.json()["within_geofence"] is True
    assert "latitude" not in first.json()
    assert CheckIn.objects.count() == 1
    bad = client.post("/api/v1/placements/checkins/", dict(body, client_key="x"), format="json")
    assert bad.status_code == 400 and "client_key" in bad.json()["errors"]


def test_other_region_sees_nothing(setup, api_client_for):
    placement = make_active_placement(setup)
    for role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER, Role.STUDENT):
        client = api_client_for(setup.world.other[role])
        assert client.get("/api/v1/placements/placements/").json()["count"] == 0
        assert client.get(f"/api/v1/placements/placements/{placement.pk}/").status_code == 404
        assert client.get("/api/v1/placements/positions/").json()["count"] == 0
    body = {"placement": placement.pk, "client_key": "intruder-0001", "latitude": 30.2, "longitude": 120.2}
    assert (
        api_client_for(setup.world.other[Role.STUDENT])
        .post("/api/v1/placements/checkins/", body, format="json")
        .status_code
        == 404
    )
    # Same-region roles do see it.
    assert api_client_for(setup.school_admin).get("/api/v1/placements/placements/").json()["count"] == 1
    assert (
        api_client_for(setup.world.users[Role.AUTHORITY_OFFICER]).get("/api/v1/placements/placements/").json()["count"]
        == 1
    )


def test_enterprise_sees_only_its_applicants_and_interns(setup):
    from workbridge.academics.tests.factories import StudentFactory

    stranger = StudentFactory(school=setup.world.school1, major=setup.world.major1)
    assert list(visible(setup.ent_admin, Student.objects.all())) == []
    svc.application_submit(actor=setup.student_user, position=setup.position)
    seen = set(visible(setup.ent_admin, Student.objects.all()).values_list("pk", flat=True))
    assert seen == {setup.student.pk} and stranger.pk not in seen
    assert not visible(setup.world.other[Role.ENTERPRISE_ADMIN], Student.objects.all()).exists()


def test_position_workflow_over_api(setup, api_client_for):
    ent = api_client_for(setup.ent_admin)
    data = {
        "title": "仓储实习生",
        "occupation_code": "4-02-06-03",
        "places": 2,
        "workplace_address": "嘉兴",
        "latitude": "30.75",
        "longitude": "120.75",
        "geofence_radius_m": 200,
        "monthly_pay": "4000",
        "post_wage": "4600",
        "daily_hours": "8",
        "shift_start": "08:30",
        "shift_end": "17:30",
        "rest_days_per_week": 2,
        "start_date": "2027-03-01",
        "end_date": "2027-08-31",
        "required_skills": ["WMS"],
    }
    created = ent.post("/api/v1/placements/positions/", data, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert ent.post(f"/api/v1/placements/positions/{pk}/submit/").status_code == 200
    student = api_client_for(setup.student_user)
    assert student.get(f"/api/v1/placements/positions/{pk}/").status_code == 404  # not reviewed yet
    assert (
        api_client_for(setup.school_admin)
        .post(f"/api/v1/placements/positions/{pk}/review/", {"approve": True}, format="json")
        .status_code
        == 200
    )
    applied = student.post(f"/api/v1/placements/positions/{pk}/apply/", {"skills": ["WMS"]}, format="json")
    assert applied.status_code == 201 and applied.json()["cv"]["skills"] == ["WMS"]
    assert ent.post(f"/api/v1/placements/positions/{pk}/review/", {"approve": True}, format="json").status_code == 403


def test_agreement_pdf_renders_chinese_text(setup, tmp_path):
    placement = make_ready_placement(setup)
    pdf = Path(placement.agreement.pdf.path)
    assert pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    for term in ("三方协议", "实习报酬", "保险", "中国人保", "每周休息", "安全"):
        assert term in text, term
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image

    image = Image.open(png).convert("L")
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 0.01 * image.width * image.height  # text was drawn: not a blank page


def test_agreement_pdf_is_served_through_the_checked_view_not_media(setup, client):
    """The API links to the access-checked view (MEDIA_URL serves nothing); the view sends a PDF with nosniff."""
    from django.urls import reverse

    placement = make_ready_placement(setup)
    url = reverse("placements:agreement-pdf", args=[placement.pk])
    client.force_login(setup.school_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    client.force_login(setup.world.other[Role.SCHOOL_ADMIN])
    assert client.get(url).status_code == 404


def test_agreement_api_links_to_the_checked_view(setup, api_client_for):
    from django.urls import reverse

    placement = make_ready_placement(setup)
    body = api_client_for(setup.school_admin).post(f"/api/v1/placements/placements/{placement.pk}/agreement/").json()
    assert body["pdf"] == reverse("placements:agreement-pdf", args=[placement.pk])


def test_creating_a_round_for_another_school_is_refused_not_silently_ignored(setup, api_client_for):
    """Issue 16.4: the API took a `school` in the body and ignored it without saying so."""
    client = api_client_for(setup.school_admin)
    body = {"title": "春季双选", "position_ids": [setup.position.pk], "school": setup.world.school2.pk}
    response = client.post("/api/v1/placements/rounds/", body, format="json")
    assert response.status_code == 400 and "school" in response.json()["errors"]
    body["school"] = setup.world.school1.pk
    created = client.post("/api/v1/placements/rounds/", body, format="json")
    assert created.status_code == 201 and created.json()["school"] == setup.world.school1.pk
    assert (
        client.post("/api/v1/placements/rounds/", {"title": "x", "position_ids": "abc"}, format="json").status_code
        == 400
    )


def test_positions_placements_and_alerts_export_on_the_page_and_the_api(setup, client, api_client_for):
    """Issue 16.2: every list exports .xlsx and CSV through the one export path, scoped like the list."""
    import io

    from openpyxl import load_workbook

    from .conftest import make_active_placement

    placement = make_active_placement(setup)
    client.force_login(setup.school_admin)
    for path, expected in (
        ("/placements/positions/", setup.position.title),
        ("/placements/placements/", placement.student.name),
    ):
        book = load_workbook(io.BytesIO(client.get(f"{path}?export=xlsx").content), read_only=True)
        assert expected in [r[0] for r in book.active.iter_rows(values_only=True)]
        csv = client.get(f"{path}?export=csv")
        assert csv["Content-Type"].startswith("text/csv") and csv.content.startswith("\ufeff".encode())
    assert client.get("/placements/alerts/?export=xlsx").status_code == 200
    api = api_client_for(setup.world.other["school_admin"])  # another region's school sees none of it
    book = load_workbook(io.BytesIO(api.get("/api/v1/placements/placements/?format=xlsx").content), read_only=True)
    assert [r for r in book.active.iter_rows(values_only=True)][1:] == []
    own = api_client_for(setup.school_admin).get("/api/v1/placements/placements/?format=csv")
    assert placement.student.name in own.content.decode("utf-8-sig")
