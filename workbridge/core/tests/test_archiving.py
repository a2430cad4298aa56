"""Archiving (issue 12.6): a record put away leaves lists and pickers but keeps its page and history, says who,
when and why, comes back with restore, is refused while still in use, and is audited; the API does the same."""

import datetime as dt

import pytest

from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog
from workbridge.core.roles import Role
from workbridge.core.services import record_archive, record_restore
from workbridge.partnerships import selectors as partnership_selectors
from workbridge.partnerships.models import Agreement, AgreementStatus

pytestmark = pytest.mark.django_db


def _agreement(world, *, live: bool) -> Agreement:
    from workbridge.partnerships.tests.factories import AgreementFactory

    today = dt.date.today()
    if live:
        return AgreementFactory(
            school=world.school1,
            enterprise=world.enterprise1,
            status=AgreementStatus.ACTIVE,
            start_date=today - dt.timedelta(days=30),
            end_date=today + dt.timedelta(days=300),
        )
    return AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status=AgreementStatus.EXPIRED,
        start_date=today - dt.timedelta(days=800),
        end_date=today - dt.timedelta(days=30),
    )


def test_an_expired_agreement_is_archived_and_restored(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    agreement = _agreement(world, live=False)
    with pytest.raises(ValidationFailed):
        record_archive(actor=admin, kind="agreement", pk=agreement.pk, reason="")  # a reason is required
    record_archive(actor=admin, kind="agreement", pk=agreement.pk, reason="合作已结束，归档备查")
    assert agreement not in partnership_selectors.agreement_list(actor=admin)
    assert agreement in partnership_selectors.agreement_list(actor=admin, archived=True)
    assert partnership_selectors.agreement_get(actor=admin, pk=agreement.pk).archive_reason == "合作已结束，归档备查"
    record_restore(actor=admin, kind="agreement", pk=agreement.pk)
    assert agreement in partnership_selectors.agreement_list(actor=admin)
    assert list(
        AuditLog.objects.filter(action__startswith="agreement.").order_by("pk").values_list("action", flat=True)
    ) == [
        "agreement.archived",
        "agreement.restored",
    ]


def test_a_record_still_in_use_is_not_archived_and_the_reason_says_why(world):
    agreement = _agreement(world, live=True)
    with pytest.raises(ValidationFailed) as refused:
        record_archive(actor=world.users[Role.SCHOOL_ADMIN], kind="agreement", pk=agreement.pk, reason="x")
    assert "in force" in str(refused.value.message) or "有效期" in str(refused.value.message)


def test_who_may_archive(world):
    agreement = _agreement(world, live=False)
    with pytest.raises(PermissionDenied):  # a teacher reads the school's agreements but does not write them
        record_archive(actor=world.users[Role.TEACHER], kind="agreement", pk=agreement.pk, reason="x")
    with pytest.raises(NotFound):  # a student does not see agreements at all
        record_archive(actor=world.users[Role.STUDENT], kind="agreement", pk=agreement.pk, reason="x")
    with pytest.raises(NotFound):
        record_archive(actor=world.other[Role.SCHOOL_ADMIN], kind="agreement", pk=agreement.pk, reason="x")
    with pytest.raises(NotFound):
        record_archive(actor=world.users[Role.SCHOOL_ADMIN], kind="spaceship", pk=agreement.pk, reason="x")


def test_the_page_and_the_api(world, client, api_client_for):
    agreement = _agreement(world, live=False)
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get(f"/partnerships/agreements/{agreement.pk}/").content.decode()
    assert "archive-panel" in page
    answer = client.post(f"/archive/agreement/{agreement.pk}/archive/", {"reason": "到期归档"}, follow=True)
    assert answer.status_code == 200 and "archived-banner" in answer.content.decode()
    listing = client.get("/partnerships/agreements/").content.decode()
    assert agreement.title not in listing
    assert agreement.title in client.get("/partnerships/agreements/?archived=1").content.decode()
    api = api_client_for(world.users[Role.SCHOOL_ADMIN])
    restored = api.post(f"/api/v1/archive/agreement/{agreement.pk}/restore/", {}, format="json")
    assert restored.status_code == 200 and restored.json()["archived_at"] is None
    assert api.post(f"/api/v1/archive/agreement/{agreement.pk}/melt/", {}, format="json").status_code == 404


def test_a_position_with_running_internships_stays(world):
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    position = PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
    PlacementFactory(student=world.student1, position=position, status="active")
    with pytest.raises(ValidationFailed) as refused:
        record_archive(actor=world.users[Role.ENTERPRISE_ADMIN], kind="position", pk=position.pk, reason="岗位取消")
    assert "1" in refused.value.message
