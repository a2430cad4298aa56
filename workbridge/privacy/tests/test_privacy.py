"""Personal-data rights: a person's export holds their records (and only references to others' records they acted
on); erasure pseudonymises and keeps aggregates and agreements; retention rules apply by age."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from workbridge.academics.models import EnrolmentStatus, Student
from workbridge.core import crypto
from workbridge.core.access import actor_for
from workbridge.core.exceptions import NotFound, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.services import notification_send
from workbridge.organizations.models import Role, User
from workbridge.privacy import services
from workbridge.privacy.retention import retention_apply, rules


def _zip(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def person(world):
    student = world.student1
    student.id_number_encrypted = crypto.encrypt("330102200501011234")
    student.id_number_tail = "1234"
    student.save()
    notification_send(recipient=world.users[Role.STUDENT], kind="x", title="请提交本周周报")
    return world


def test_a_student_exports_their_own_data(person):
    student_user = person.users[Role.STUDENT]
    files = _zip(services.person_export(actor=actor_for(student_user), user=student_user))
    record = json.loads(files["data/academics.Student.json"])[0]
    assert record["name"] == "李同学1" and record["id_number"] == "330102200501011234"
    assert "id_number_hash" not in record and "password" not in json.loads(files["data/organizations.User.json"])[0]
    assert json.loads(files["data/core.Notification.json"])[0]["title"] == "请提交本周周报"
    assert "README.txt" in files
    assert AuditLog.objects.filter(action="privacy.person_exported", target_id=str(student_user.pk)).exists()


def test_an_export_never_carries_other_peoples_records(person):
    """A mentor who reviewed a report sees a reference to it, not the report."""
    from workbridge.placements.models import WeeklyReport
    from workbridge.placements.tests.factories import PlacementFactory

    placement = PlacementFactory(student=person.student1, position__enterprise=person.enterprise1)
    mentor = person.users[Role.ENTERPRISE_MENTOR]
    WeeklyReport.objects.create(
        placement=placement,
        period_start=dt.date(2026, 11, 2),
        period_end=dt.date(2026, 11, 8),
        due_at=timezone.now(),
        tasks="学生的周报内容",
        learnt="x",
        hours=Decimal(40),
        reviewed_by=mentor,
    )
    files = _zip(services.person_export(actor=actor_for(mentor), user=mentor))
    blob = b"".join(files.values()).decode("utf-8", "replace")
    assert "学生的周报内容" not in blob and "李同学1" not in blob
    assert "placements.WeeklyReport" in json.loads(files["references.json"])


def test_only_the_school_admin_or_platform_admin_may_act_for_someone(person):
    student_user = person.users[Role.STUDENT]
    with pytest.raises(NotFound):
        services.person_export(actor=actor_for(person.other[Role.SCHOOL_ADMIN]), user=student_user)
    with pytest.raises(NotFound):
        services.person_export(actor=actor_for(person.users[Role.TEACHER]), user=student_user)
    assert services.person_export(actor=actor_for(person.users[Role.SCHOOL_ADMIN]), user=student_user)


def test_erasure_pseudonymises_and_keeps_aggregates(person):
    from workbridge.placements.models import CheckIn, Placement
    from workbridge.placements.tests.factories import PlacementFactory

    student_user = person.users[Role.STUDENT]
    placement = PlacementFactory(student=person.student1, position__enterprise=person.enterprise1)
    CheckIn.objects.create(
        placement=placement,
        client_key="k1",
        occurred_at=timezone.now(),
        work_date=timezone.localdate(),
        latitude=Decimal("30.75"),
        longitude=Decimal("120.75"),
        device_hash="dev",
        within_geofence=True,
    )
    admin = actor_for(person.users[Role.SCHOOL_ADMIN])
    with pytest.raises(ValidationFailed):
        services.person_erase(actor=admin, user=student_user, reason="")
    counts = services.person_erase(actor=admin, user=student_user, reason="学生 2026-12-01 书面申请")
    assert counts["students"] == 1 and counts["checkins"] == 1
    student = Student.objects.get(pk=person.student1.pk)
    assert "李同学" not in student.name and student.id_number_encrypted == "" and student.user is None
    assert student.birth_date.month == 1 and student.birth_date.day == 1
    user = User.objects.get(pk=student_user.pk)
    assert not user.is_active and not user.has_usable_password() and user.username == f"erased-{user.pk}"
    assert not Notification.objects.filter(recipient=user).exists()
    check = CheckIn.objects.get()
    assert check.latitude is None and check.device_hash == "" and check.within_geofence is True
    assert Placement.objects.filter(pk=placement.pk).exists()  # the internship and its agreement stay
    entry = AuditLog.objects.get(action="privacy.person_erased")
    assert entry.summary == "学生 2026-12-01 书面申请"


def test_erasure_request_tells_the_school_admins(person):
    assert services.erasure_request(actor=actor_for(person.users[Role.STUDENT])) == 1
    assert Notification.objects.filter(
        recipient=person.users[Role.SCHOOL_ADMIN], kind="privacy.erasure_request"
    ).exists()
    with pytest.raises(ValidationFailed):
        services.erasure_request(actor=actor_for(person.users[Role.ENTERPRISE_ADMIN]))


def test_retention_rules_apply_by_age(person):
    rule_days = {r.key: r.days for r in rules()}
    student = person.student1
    student.enrolment_status = EnrolmentStatus.GRADUATED
    student.save()
    later = timezone.now() + dt.timedelta(days=rule_days["graduate_id_numbers"] - 1)
    assert retention_apply(now=later)["graduate_id_numbers"] == 0
    much_later = timezone.now() + dt.timedelta(days=rule_days["graduate_id_numbers"] + 1)
    assert retention_apply(now=much_later)["graduate_id_numbers"] == 1
    student.refresh_from_db()
    assert student.id_number_encrypted == "" and student.id_number_tail == "1234"


def test_every_rule_cites_its_source():
    for rule in rules():
        assert rule.source and rule.days > 0 and rule.action in ("clear", "delete")


def test_pages(person, client):
    client.force_login(person.users[Role.STUDENT])
    page = client.get("/privacy/").content.decode()
    assert "学生档案" in page and "打卡原始坐标" in page and "placements." not in page
    download = client.get("/privacy/export.zip")
    assert download["Content-Type"] == "application/zip" and "attachment" in download["Content-Disposition"]
    client.force_login(person.users[Role.SCHOOL_ADMIN])
    found = client.get("/privacy/people/", {"q": "李同学1"}).content.decode()
    assert f"/privacy/people/{person.users[Role.STUDENT].pk}/" in found
    assert client.get(f"/privacy/people/{person.other[Role.STUDENT].pk}/").status_code == 404
