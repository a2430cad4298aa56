"""The API twins of the placement pages' actions: each calls the same service as the page, reads its own input
serializer (a wrong body is a 400 naming the field) and keeps the page's permission rules."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workbridge.placements import models as m

from .conftest import make_active_placement, make_ready_placement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_student_asks_for_leave_and_the_mentor_decides(setup, api_client_for):
    placement = make_active_placement(setup)
    start = dt.date.today() + dt.timedelta(days=3)
    student = api_client_for(setup.student_user)
    asked = student.post(
        f"/api/v1/placements/placements/{placement.pk}/leave/",
        {"start_date": str(start), "end_date": str(start + dt.timedelta(days=1)), "reason": "看病"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    leave_id = asked.json()["id"]
    assert asked.json()["status"] == "pending"

    refused = student.post(f"/api/v1/placements/leave-requests/{leave_id}/decide/", {"approve": True}, format="json")
    assert refused.status_code == 403  # a student does not approve their own leave

    mentor = api_client_for(setup.mentor)
    missing = mentor.post(f"/api/v1/placements/leave-requests/{leave_id}/decide/", {}, format="json")
    assert missing.status_code == 400 and "approve" in missing.json()["errors"]
    decided = mentor.post(f"/api/v1/placements/leave-requests/{leave_id}/decide/", {"approve": True}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert m.LeaveRequest.objects.get(pk=leave_id).decided_by == setup.mentor


def test_makeup_incident_and_weekly_confirmation(setup, api_client_for):
    placement = make_active_placement(setup)
    student, mentor = api_client_for(setup.student_user), api_client_for(setup.mentor)
    day = dt.date.today() - dt.timedelta(days=2)
    asked = student.post(
        f"/api/v1/placements/placements/{placement.pk}/makeup/",
        {"work_date": str(day), "reason": "手机没电"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    decided = mentor.post(
        f"/api/v1/placements/checkins/{asked.json()['id']}/decide/", {"approve": False}, format="json"
    )
    assert decided.status_code == 200
    assert m.CheckIn.objects.get(pk=asked.json()["id"]).approval == m.ApprovalStatus.REJECTED

    incident = mentor.post(
        f"/api/v1/placements/placements/{placement.pk}/incidents/",
        {"severity": "minor", "description": "手指轻微划伤"},
        format="json",
    )
    assert incident.status_code == 201 and incident.json()["kind"] == "incident"
    bad = mentor.post(
        f"/api/v1/placements/placements/{placement.pk}/incidents/",
        {"severity": "catastrophic", "description": "x"},
        format="json",
    )
    assert bad.status_code == 400 and "severity" in bad.json()["errors"]

    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday() + 7)
    week = mentor.post(
        f"/api/v1/placements/placements/{placement.pk}/confirm-week/",
        {"week_start": str(monday), "days_present": [str(monday), str(monday + dt.timedelta(days=1))]},
        format="json",
    )
    assert week.status_code == 200, week.json()
    assert len(week.json()["days_present"]) == 2


def test_school_sets_training_schedule_and_mode(setup, api_client_for):
    placement = make_ready_placement(setup)
    school = api_client_for(setup.school_admin)
    training = school.post(
        f"/api/v1/placements/placements/{placement.pk}/training/",
        {
            "kind": "safety",
            "held_on": str(placement.start_date - dt.timedelta(days=2)),
            "hours": "6",
            "trainer": "安全科",
        },
        format="json",
    )
    assert training.status_code == 201 and training.json()["hours"] == "6.0"
    mode = school.post(
        f"/api/v1/placements/placements/{placement.pk}/attendance-mode/", {"mode": "weekly"}, format="json"
    )
    assert mode.status_code == 200
    placement.refresh_from_db()
    assert placement.attendance_mode == "weekly"
    start = placement.start_date
    schedule = school.post(
        f"/api/v1/placements/placements/{placement.pk}/schedule/",
        {
            "periods": [
                {"start": str(start), "end": str(start + dt.timedelta(days=30)), "kind": "work"},
                {
                    "start": str(start + dt.timedelta(days=31)),
                    "end": str(start + dt.timedelta(days=60)),
                    "kind": "school",
                },
            ]
        },
        format="json",
    )
    assert schedule.status_code == 200, schedule.json()
    placement.refresh_from_db()
    assert [p["kind"] for p in placement.schedule] == ["work", "school"]

    student = api_client_for(setup.student_user)
    assert (
        student.post(
            f"/api/v1/placements/placements/{placement.pk}/attendance-mode/", {"mode": "gps"}, format="json"
        ).status_code
        == 403
    )


def test_signed_scan_upload_and_the_pdf(setup, api_client_for):
    placement = make_ready_placement(setup)
    school = api_client_for(setup.school_admin)
    pdf = school.get(f"/api/v1/placements/placements/{placement.pk}/agreement-pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    upload = school.post(
        f"/api/v1/placements/placements/{placement.pk}/documents/",
        {"kind": "signed_scan", "file": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert upload.status_code == 200, upload.json()
    assert upload.json()["signed_scan_version"] == upload.json()["version"]
    hostile = school.post(
        f"/api/v1/placements/placements/{placement.pk}/documents/",
        {"kind": "signed_scan", "file": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00", content_type="application/pdf")},
        format="multipart",
    )
    assert hostile.status_code == 400


def test_position_close_and_application_withdraw(setup, api_client_for):
    student = api_client_for(setup.student_user)
    applied = student.post(f"/api/v1/placements/positions/{setup.position.pk}/apply/", {}, format="json")
    assert applied.status_code == 201, applied.json()
    withdrawn = student.post(f"/api/v1/placements/applications/{applied.json()['id']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"

    assert student.post(f"/api/v1/placements/positions/{setup.position.pk}/close/").status_code == 403
    closed = api_client_for(setup.ent_admin).post(f"/api/v1/placements/positions/{setup.position.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_position_review_reads_its_own_body(setup, api_client_for):
    """The documented body ({approve, comment}) is the one read: a missing decision is a 400, not a refusal."""
    from .factories import PositionFactory

    position = PositionFactory(enterprise=setup.world.enterprise1, reviewed_by_school=setup.world.school1)
    position.status = "submitted"
    position.save(update_fields=["status"])
    school = api_client_for(setup.school_admin)
    missing = school.post(f"/api/v1/placements/positions/{position.pk}/review/", {}, format="json")
    assert missing.status_code == 400 and "approve" in missing.json()["errors"]


def test_self_found_proposal_and_decision(setup, api_client_for):
    student = api_client_for(setup.student_user)
    start = dt.date.today() + dt.timedelta(days=40)
    body = {
        "enterprise": setup.world.enterprise1.pk,
        "title": "电气调试员",
        "occupation_code": "6-31-01-03",
        "workplace_address": "杭州市余杭区",
        "latitude": "30.28",
        "longitude": "120.15",
        "monthly_pay": "4200",
        "start_date": str(start),
        "end_date": str(start + dt.timedelta(days=120)),
        "reason": "离家近",
    }
    proposed = student.post("/api/v1/placements/self-found/", body, format="json")
    assert proposed.status_code == 201, proposed.json()
    pk = proposed.json()["id"]
    listed = api_client_for(setup.school_admin).get("/api/v1/placements/self-found/")
    assert pk in [row["id"] for row in listed.json()["results"]]
    decided = api_client_for(setup.school_admin).post(
        f"/api/v1/placements/self-found/{pk}/decide/",
        {"approve": False, "comment": "请换一家有保险的单位"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "rejected"
