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


def _put_away(obj, reason="归档备查"):
    from django.utils import timezone

    type(obj).objects.filter(pk=obj.pk).update(archived_at=timezone.now(), archive_reason=reason)
    return obj


def test_the_shared_resources_list_shows_archived_resources_on_request(world, client):
    from workbridge.resources.tests.factories import ResourceFactory

    current = ResourceFactory(owner=world.school1, name="数控加工实训车间")
    archived = _put_away(ResourceFactory(owner=world.school1, name="旧版钳工实训室"))
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    listing = client.get("/resources/").content.decode()
    assert current.name in listing and archived.name not in listing
    assert "?archived=1" in listing, "the list links to its archived records, like the other lists"
    shown = client.get("/resources/?archived=1").content.decode()
    assert archived.name in shown and current.name not in shown
    # the filter form keeps the archived view
    assert 'name="archived" value="1"' in shown
    assert archived.name in client.get("/resources/?archived=true").content.decode()


def _archivable_records(world):
    """One current and one archived record of every archivable kind, with the API list each is read from."""
    from workbridge.organizations.tests.factories import EnterpriseFactory
    from workbridge.partnerships.tests.factories import ProjectFactory
    from workbridge.placements.tests.factories import PositionFactory
    from workbridge.resources.tests.factories import ResourceFactory

    agreements = (_agreement(world, live=False), _put_away(_agreement(world, live=False)))
    projects = tuple(
        ProjectFactory(agreement=agreements[0], school=world.school1, enterprise=world.enterprise1) for _ in range(2)
    )
    positions = tuple(
        PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
        for _ in range(2)
    )
    resources = tuple(ResourceFactory(owner=world.school1) for _ in range(2))
    organizations = tuple(EnterpriseFactory(region=world.school1.region) for _ in range(2))
    for pair in (projects, positions, resources, organizations):
        _put_away(pair[1])
    return {
        "/api/v1/agreements/": agreements,
        "/api/v1/projects/": projects,
        "/api/v1/placements/positions/": positions,
        "/api/v1/resources/resources/": resources,
        "/api/v1/organizations/": organizations,
    }


def _ids(answer) -> set[int]:
    body = answer.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


def test_api_lists_leave_archived_records_out_unless_asked_and_the_detail_still_answers(world, api_client_for):
    records = _archivable_records(world)
    api = api_client_for(world.users[Role.PLATFORM_ADMIN])
    for url, (current, archived) in records.items():
        default = api.get(url, {"page_size": 200})
        assert default.status_code == 200, url
        assert current.pk in _ids(default) and archived.pk not in _ids(default), url
        asked = api.get(url, {"archived": "true", "page_size": 200})
        assert archived.pk in _ids(asked) and current.pk not in _ids(asked), url
        assert archived.pk in _ids(api.get(url, {"archived": "1", "page_size": 200})), url
        detail = api.get(f"{url}{archived.pk}/")
        assert detail.status_code == 200, (url, detail.status_code)
        assert detail.json()["archived_at"] and detail.json()["archive_reason"] == "归档备查", url
        assert api.get(f"{url}{current.pk}/").json()["archived_at"] is None, url


def test_an_archived_record_answers_only_to_those_who_may_see_it(world, api_client_for):
    agreement = _put_away(_agreement(world, live=False))
    url = f"/api/v1/agreements/{agreement.pk}/"
    assert api_client_for(world.users[Role.SCHOOL_ADMIN]).get(url).status_code == 200
    assert api_client_for(world.other[Role.SCHOOL_ADMIN]).get(url).status_code == 404
    assert api_client_for(world.users[Role.STUDENT]).get(url).status_code in (403, 404)
    # archived_at cannot be written through the record's own API (archiving goes through its route, audited)
    from workbridge.placements.tests.factories import PositionFactory

    position = PositionFactory(enterprise=world.enterprise1, status="draft")
    answer = api_client_for(world.users[Role.ENTERPRISE_ADMIN]).patch(
        f"/api/v1/placements/positions/{position.pk}/", {"archived_at": "2026-01-01T00:00:00Z"}, format="json"
    )
    position.refresh_from_db()
    assert position.archived_at is None, answer.status_code
