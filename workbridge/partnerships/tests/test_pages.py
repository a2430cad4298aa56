import datetime as dt

import pytest
from django.urls import reverse

from workbridge.core.roles import Role
from workbridge.partnerships.models import Agreement, Milestone, Project

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_agreement_form_creates_draft_with_clauses(world, client):
    c = _client(client, world.users[Role.SCHOOL_ADMIN])
    page = c.get(reverse("partnerships:agreement-create"))
    assert page.status_code == 200 and world.enterprise1.name in page.content.decode()
    response = c.post(
        reverse("partnerships:agreement-create"),
        {
            "enterprise": world.enterprise1.pk,
            "title": "页面创建的协议",
            "start_date": "2026-01-01",
            "end_date": "2028-12-31",
            "scope": "订单培养",
            "clause_party": ["school", "enterprise", "both"],
            "clause_kind": ["obligation", "obligation", "right"],
            "clause_text": ["组织教学", "提供岗位", ""],
        },
    )
    agreement = Agreement.objects.get(title="页面创建的协议")
    assert response.status_code == 302 and response["Location"] == reverse(
        "partnerships:agreement-detail", args=[agreement.pk]
    )
    assert agreement.clauses.count() == 2
    detail = c.get(response["Location"]).content.decode()
    assert "提供岗位" in detail and 'id="sign-form"' in detail


def test_agreement_form_shows_service_errors_in_place(world, client):
    c = _client(client, world.users[Role.SCHOOL_ADMIN])
    response = c.post(
        reverse("partnerships:agreement-create"),
        {
            "enterprise": world.enterprise1.pk,
            "title": "坏协议",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
            "clause_party": ["school"],
            "clause_kind": ["obligation"],
            "clause_text": ["x"],
        },
    )
    assert response.status_code == 400
    assert not Agreement.objects.exists()
    assert 'class="error"' in response.content.decode()


def test_sign_through_page_with_upload(world, client, pdf_file):
    from workbridge.partnerships.tests.factories import AgreementFactory, ClauseFactory

    agreement = AgreementFactory(school=world.school1, enterprise=world.enterprise1)
    ClauseFactory(agreement=agreement)
    c = _client(client, world.users[Role.ENTERPRISE_ADMIN])
    response = c.post(
        reverse("partnerships:agreement-sign", args=[agreement.pk]),
        {"signed_on": "2025-08-01", "signed_file": pdf_file()},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    download = c.get(reverse("partnerships:agreement-signed-copy", args=[agreement.pk]))
    assert download.status_code == 200
    # A fake PDF is refused on the page, with the reason shown.
    other = AgreementFactory(school=world.school1, enterprise=world.enterprise1)
    ClauseFactory(agreement=other)
    bad = c.post(
        reverse("partnerships:agreement-sign", args=[other.pk]),
        {"signed_on": "2025-08-01", "signed_file": pdf_file("x.pdf", b"GIF89a")},
    )
    assert bad.status_code == 400 and "pdf" in bad.content.decode().lower()


def test_readers_see_no_actions_and_other_region_is_404(world, client, pair):
    c = _client(client, world.users[Role.ENTERPRISE_MENTOR])
    page = c.get(reverse("partnerships:agreement-detail", args=[pair.agreement.pk])).content.decode()
    assert 'id="agreement-actions"' not in page
    assert (
        c.post(reverse("partnerships:agreement-terminate", args=[pair.agreement.pk]), {"reason": "x"}).status_code
        == 403
    )
    for name, args in (
        ("partnerships:agreement-detail", [pair.other.pk]),
        ("partnerships:project-detail", [pair.other_project.pk]),
        ("partnerships:pair", [world.school2.pk, world.enterprise2.pk]),
        ("partnerships:agreement-signed-copy", [pair.other.pk]),
    ):
        assert c.get(reverse(name, args=args)).status_code == 404, name


def test_lists_render_and_htmx_returns_rows_only(world, client, pair):
    c = _client(client, world.users[Role.AUTHORITY_OFFICER])
    full = c.get(reverse("partnerships:agreement-list")).content.decode()
    assert pair.agreement.title in full and pair.other.title not in full and "<html" in full
    rows = c.get(reverse("partnerships:agreement-list") + "?status=active", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in rows and pair.agreement.title in rows
    projects = c.get(reverse("partnerships:project-list") + "?type=order_class").content.decode()
    assert pair.project.title in projects and pair.other_project.title not in projects
    pairs = c.get(reverse("partnerships:index")).content.decode()
    assert world.enterprise1.name in pairs and world.enterprise2.name not in pairs


def test_pair_page_timeline(world, client, pair):
    Milestone.objects.create(
        project=pair.project, title="首批学员入班", due_date=dt.date(2025, 10, 1), done_on=dt.date(2025, 9, 30)
    )
    c = _client(client, world.users[Role.TEACHER])
    page = c.get(reverse("partnerships:pair", args=[world.school1.pk, world.enterprise1.pk])).content.decode()
    assert "首批学员入班" in page and pair.agreement.title in page and 'data-kind="agreement.signed"' in page


def test_project_form_and_htmx_sections(world, client, pair):
    c = _client(client, world.users[Role.SCHOOL_ADMIN])
    fields = c.get(reverse("partnerships:project-detail-fields") + "?project_type=training_base").content.decode()
    assert 'name="d_mode"' in fields and "factory_in_school" in fields
    response = c.post(
        reverse("partnerships:project-create"),
        {
            "agreement": pair.agreement.pk,
            "project_type": "order_class",
            "title": "订单班（页面）",
            "start_date": "2025-09-01",
            "d_class_size": "42",
            "d_target_posts": "装配钳工\n质检员",
            "majors": [world.major1.pk],
        },
    )
    project = Project.objects.get(title="订单班（页面）")
    assert response.status_code == 302 and project.details["target_posts"] == ["装配钳工", "质检员"]
    bad = c.post(
        reverse("partnerships:project-create"),
        {
            "agreement": pair.agreement.pk,
            "project_type": "order_class",
            "title": "缺人数",
            "start_date": "2025-09-01",
            "d_target_posts": "x",
        },
    )
    assert bad.status_code == 400 and not Project.objects.filter(title="缺人数").exists()
    section = c.post(
        reverse("partnerships:milestone-add", args=[project.pk]),
        {"title": "开班典礼", "due_date": "2025-09-15"},
        HTTP_HX_REQUEST="true",
    )
    assert section.status_code == 200 and "开班典礼" in section.content.decode()
    assert "<html" not in section.content.decode()
    section = c.post(
        reverse("partnerships:output-add", args=[project.pk]),
        {"kind": "people_trained", "quantity": "42", "recorded_on": "2026-01-10"},
        HTTP_HX_REQUEST="true",
    )
    assert section.status_code == 200 and "42" in section.content.decode()
    section = c.post(
        reverse("partnerships:participant-add", args=[project.pk]),
        {"role": "student", "student": world.student1.pk},
        HTTP_HX_REQUEST="true",
    )
    assert section.status_code == 200 and world.student1.name in section.content.decode()


def test_dashboard_cards_and_navigation(world, client, pair):
    c = _client(client, world.users[Role.SCHOOL_ADMIN])
    home = c.get("/").content.decode()
    assert reverse("partnerships:agreement-list") in home
    from workbridge.core.access import actor_for
    from workbridge.partnerships.dashboard import cards

    values = {str(card.label): card.value for card in cards(actor_for(world.users[Role.SCHOOL_ADMIN]))}
    assert any(v == 1 for v in values.values())
    assert cards(actor_for(world.users[Role.STUDENT]))[0].value == 0


def test_signed_copy_opens_inline_as_pdf_and_output_files_download_with_nosniff(world, client, pair, pdf_file):
    import io
    import zipfile

    from workbridge.partnerships import services
    from workbridge.partnerships.tests.factories import AgreementFactory, ClauseFactory

    agreement = AgreementFactory(school=world.school1, enterprise=world.enterprise1)
    ClauseFactory(agreement=agreement)
    c = _client(client, world.users[Role.ENTERPRISE_ADMIN])
    c.post(
        reverse("partnerships:agreement-sign", args=[agreement.pk]),
        {"signed_on": "2025-08-01", "signed_file": pdf_file()},
    )
    pdf = c.get(reverse("partnerships:agreement-signed-copy", args=[agreement.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("inline")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    output = services.output_record(
        actor=world.users[Role.SCHOOL_ADMIN],
        project=pair.project,
        kind="people_trained",
        quantity="4",
        recorded_on=dt.date(2026, 1, 10),
        file=pdf_file("plan.docx", buffer.getvalue()),
    )
    c = _client(client, world.users[Role.SCHOOL_ADMIN])
    doc = c.get(reverse("partnerships:output-file", args=[output.pk]))
    assert doc.status_code == 200 and doc["Content-Disposition"].startswith("attachment")
    assert doc["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert doc["X-Content-Type-Options"] == "nosniff"
