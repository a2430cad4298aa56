import datetime as dt

import pytest

from workbridge.academics.tests.factories import StudentFactory
from workbridge.certificates import selectors, services
from workbridge.certificates.models import Certificate
from workbridge.core.exceptions import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


def test_catalogue_is_loaded_by_migration(world):
    assert Certificate.objects.filter(name="Web前端开发").count() == 3
    assert selectors.catalogue(actor=world.users[Role.STUDENT], q="物流").count() == 3


def test_registration_results_and_pass_rates(world):
    cert = Certificate.objects.get(name="工业机器人操作与运维", level="intermediate")
    admin = world.users[Role.SCHOOL_ADMIN]
    students = [world.student1] + [StudentFactory(school=world.school1, major=world.major1) for _ in range(4)]
    past = dt.date(2025, 6, 15)
    regs = [
        services.registration_create(
            actor=world.users[Role.TEACHER], student_id=s.pk, certificate_id=cert.pk, exam_date=past
        )
        for s in students
    ]
    with pytest.raises(Conflict):
        services.registration_create(actor=admin, student_id=world.student1.pk, certificate_id=cert.pk, exam_date=past)
    with pytest.raises(NotFound):
        services.registration_create(actor=admin, student_id=world.student2.pk, certificate_id=cert.pk, exam_date=past)
    with pytest.raises(ValidationFailed):
        services.result_record(actor=admin, registration=regs[0], result="passed")  # no certificate number
    services.result_record(actor=admin, registration=regs[0], result="passed", score=88, certificate_number="X-001")
    services.result_record(actor=admin, registration=regs[1], result="passed", certificate_number="X-002")
    services.result_record(actor=admin, registration=regs[2], result="failed", score=41)
    services.result_record(actor=admin, registration=regs[3], result="absent")
    with pytest.raises(InvalidTransition):
        services.result_record(actor=admin, registration=regs[0], result="failed")
    with pytest.raises(PermissionDenied):
        services.result_record(actor=world.users[Role.TEACHER], registration=regs[4], result="failed")
    rows, total = selectors.pass_rates(actor=admin, by="major")
    assert len(rows) == 1 and total.sat == 3 and total.passed == 2 and total.pending == 1
    assert total.rate == pytest.approx(2 / 3)
    _rows, other_total = selectors.pass_rates(actor=world.other[Role.AUTHORITY_OFFICER], by="school")
    assert other_total.registered == 0
    assert selectors.registrations(actor=world.users[Role.STUDENT]).count() == 1


def test_future_exam_result_refused(world):
    cert = Certificate.objects.filter(level="junior").first()
    reg = services.registration_create(
        actor=world.users[Role.SCHOOL_ADMIN],
        student_id=world.student1.pk,
        certificate_id=cert.pk,
        exam_date=dt.date.today() + dt.timedelta(days=20),
    )
    with pytest.raises(InvalidTransition):
        services.result_record(actor=world.users[Role.SCHOOL_ADMIN], registration=reg, result="failed")


def test_mapping(world):
    cert = Certificate.objects.filter(level="intermediate").first()
    m = services.mapping_add(
        actor=world.users[Role.SCHOOL_ADMIN],
        course_id=world.course1.pk,
        certificate_id=cert.pk,
        kind="replace",
        credits=2,
    )
    assert m.school_id == world.school1.pk
    with pytest.raises(Conflict):
        services.mapping_add(actor=world.users[Role.SCHOOL_ADMIN], course_id=world.course1.pk, certificate_id=cert.pk)
    with pytest.raises(NotFound):
        services.mapping_add(actor=world.users[Role.SCHOOL_ADMIN], course_id=world.course2.pk, certificate_id=cert.pk)
    assert not selectors.mappings(actor=world.other[Role.SCHOOL_ADMIN]).exists()


def test_api(world, api_client_for):
    cert = Certificate.objects.filter(level="senior").first()
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    resp = admin.post(
        "/api/v1/certificates/registrations/",
        {"student": world.student1.pk, "certificate": cert.pk, "exam_date": "2025-05-20"},
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    pk = resp.json()["id"]
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN]).get(f"/api/v1/certificates/registrations/{pk}/").status_code
        == 404
    )
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN])
        .post(f"/api/v1/certificates/registrations/{pk}/result/", {"result": "failed"})
        .status_code
        == 404
    )
    res = admin.post(
        f"/api/v1/certificates/registrations/{pk}/result/",
        {"result": "passed", "certificate_number": "N-1"},
        format="json",
    )
    assert res.status_code == 200 and res.json()["result"] == "passed"
    rates = admin.get("/api/v1/certificates/pass-rates/?by=school").json()
    assert rates["total"]["rate"] == 1.0
    assert (
        api_client_for(world.users[Role.ENTERPRISE_ADMIN]).get("/api/v1/certificates/catalogue/").json()["count"] >= 30
    )
    assert (
        api_client_for(world.users[Role.ENTERPRISE_ADMIN]).get("/api/v1/certificates/registrations/").json()["count"]
        == 0
    )


def test_pages(client, world):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    for url in (
        "/certificates/",
        "/certificates/mappings/",
        "/certificates/registrations/",
        "/certificates/pass-rates/?by=school",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(world.users[Role.STUDENT])
    assert client.get("/certificates/mine/").status_code == 200
    assert client.get("/certificates/pass-rates/").status_code == 403


def test_api_result_of_another_region_is_404_even_with_a_bad_body(world, api_client_for):
    cert = Certificate.objects.get(name="工业机器人操作与运维", level="intermediate")
    reg = services.registration_create(
        actor=world.users[Role.SCHOOL_ADMIN],
        student_id=world.student1.pk,
        certificate_id=cert.pk,
        exam_date=dt.date(2025, 6, 15),
    )
    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    assert other.post(f"/api/v1/certificates/registrations/{reg.pk}/result/", {}, format="json").status_code == 404
    own = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert own.post(f"/api/v1/certificates/registrations/{reg.pk}/result/", {}, format="json").status_code == 400
