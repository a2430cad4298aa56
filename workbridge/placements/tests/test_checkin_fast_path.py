"""The check-in API's fast path (issue 14): the same answers as before in fewer statements.

Over a real API token (not force_authenticate): the token, user and actor are one query (core.authentication),
the placement is read with "is this key stored already", the trust-signal history is one query, the check-in one
INSERT ... ON CONFLICT DO NOTHING; the plain answer equals CheckInSerializer's, the plain input check equals
CheckInInput's; the SQL reads return what the ORM queries they replaced returned."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workbridge.core.access import actor_for
from workbridge.core.authentication import TokenAuthentication
from workbridge.core.roles import Role
from workbridge.organizations.models import Membership, User
from workbridge.placements import apis
from workbridge.placements.engines import attendance as engine
from workbridge.placements.models import CheckIn
from workbridge.placements.services import attendance as att

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db

URL = "/api/v1/placements/checkins/"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def statements(ctx) -> list[str]:
    # savepoints come from the test's own transaction (a request in production runs in autocommit)
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"].upper()]


def body_for(placement, key, **extra):
    return {
        "placement": placement.pk,
        "client_key": key,
        "latitude": float(placement.position.latitude),
        "longitude": float(placement.position.longitude),
        "accuracy_m": 10,
        "device_id": "phone-a",
        **extra,
    }


def test_checkin_over_a_token_takes_few_statements_and_resend_returns_the_stored_one(setup):
    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    body = body_for(placement, "fast-key-0001")
    with CaptureQueriesContext(connection) as first_ctx:
        first = client.post(URL, body, format="json")
    assert first.status_code == 201, first.json()
    # token (+ user, membership, organisation, student), placement (+ position, stored key), history, INSERT
    assert len(statements(first_ctx)) == 4, statements(first_ctx)
    with CaptureQueriesContext(connection) as again_ctx:
        again = client.post(URL, body, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    assert len(statements(again_ctx)) == 3, statements(again_ctx)  # token + actor, placement + key, stored row
    assert CheckIn.objects.filter(placement=placement).count() == 1
    stored = CheckIn.objects.get()
    assert first.json() == apis.CheckInSerializer(stored).data


def test_refusals_are_unchanged(setup):
    placement = make_active_placement(setup)
    # a mentor who sees the placement is refused (403), a student of elsewhere does not find it (404)
    assert token_client(setup.mentor).post(URL, body_for(placement, "mentor-key-01"), format="json").status_code == 403
    other = setup.world.other[Role.STUDENT]
    assert token_client(other).post(URL, body_for(placement, "other-key-001"), format="json").status_code == 404
    # a bad key on someone else's placement is still "not found" first, on one's own a validation error
    assert token_client(other).post(URL, body_for(placement, "x"), format="json").status_code == 404
    bad = token_client(setup.student_user).post(URL, body_for(placement, "x"), format="json")
    assert bad.status_code == 400 and "client_key" in bad.json()["errors"]
    missing = token_client(setup.student_user).post(
        URL, body_for(placement, "no-such-0001") | {"placement": 10**9}, format="json"
    )
    assert missing.status_code == 404
    assert not CheckIn.objects.exists()


def test_token_actor_equals_actor_for_and_follows_membership_changes(setup):
    auth = TokenAuthentication()
    for role, user in setup.world.users.items():
        token = Token.objects.get_or_create(user=user)[0]
        with CaptureQueriesContext(connection) as ctx:
            loaded, got_token = auth.authenticate_credentials(token.key)
            actor = actor_for(loaded)
        assert actor == actor_for(User.objects.get(pk=user.pk)), role
        assert (got_token.key, got_token.user_id, got_token.created) == (token.key, user.pk, token.created)
        fresh = User.objects.get(pk=user.pk)
        for field in User._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
        if role in (Role.STUDENT, Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.TEACHER):
            # token, user, membership, organisation and person records in one row
            assert len(ctx.captured_queries) == 1, role
    # The current membership deactivated: the next request acts with no role (as actor_for always did).
    student = setup.student_user
    Membership.objects.filter(pk=student.current_membership_id).update(is_active=False)
    loaded, _token = auth.authenticate_credentials(Token.objects.get(user=student).key)
    assert actor_for(loaded) == actor_for(User.objects.get(pk=student.pk))
    assert token_client(student).post(URL, {"placement": 1, "client_key": "after-revoke-1"}).status_code in (403, 404)


def test_plain_answer_equals_the_serializer(setup):
    placement = make_active_placement(setup)
    lat, lon = float(placement.position.latitude), float(placement.position.longitude)
    made = [
        att.checkin_record(actor=setup.student_user, placement=placement, client_key="plain-0001", latitude=lat,
                           longitude=lon, accuracy_m=500, device_id="p"),
        att.checkin_record(actor=setup.student_user, placement=placement, client_key="plain-0002",
                           latitude=lat + 0.05, longitude=lon, direction="out"),
        att.checkin_record(actor=setup.student_user, placement=placement, client_key="plain-0003",
                           qr_token="bad-token", occurred_at=timezone.now() - dt.timedelta(hours=2)),
    ]  # fmt: skip
    att.purge_raw_coordinates(now=timezone.now() + dt.timedelta(days=40))
    for checkin, _created in made:
        assert apis.checkin_output(checkin) == apis.CheckInSerializer(checkin).data
        fresh = CheckIn.objects.get(pk=checkin.pk)
        assert apis.checkin_output(fresh) == apis.CheckInSerializer(fresh).data


def _history_as_before(student_id, occurred_at, device_hash):
    """The two queries _trust_history replaced, as they were written."""
    history = [
        engine.Fix(student_id=student_id, at=c.occurred_at, lat=float(c.latitude), lon=float(c.longitude),
                   accuracy_m=c.accuracy_m)
        for c in CheckIn.objects.filter(
            placement__student_id=student_id,
            latitude__isnull=False,
            occurred_at__gte=occurred_at - dt.timedelta(days=30),
            occurred_at__lte=occurred_at + dt.timedelta(days=3),
        ).only("occurred_at", "latitude", "longitude", "accuracy_m")[:200]
    ]  # fmt: skip
    device = [
        engine.Fix(student_id=sid, at=at, device=device_hash)
        for sid, at in CheckIn.objects.filter(
            device_hash=device_hash,
            occurred_at__gte=occurred_at - dt.timedelta(days=1),
            occurred_at__lte=occurred_at + dt.timedelta(days=1),
        )
        .exclude(placement__student_id=student_id)
        .values_list("placement__student_id", "occurred_at")[:50]
    ]
    return history, device


def test_one_history_query_returns_what_the_two_did(setup):
    from workbridge.academics.tests.factories import StudentFactory

    from .factories import PlacementFactory

    placement = make_active_placement(setup)
    buddy = StudentFactory(school=setup.world.school1, major=setup.world.major1)
    other = PlacementFactory(student=buddy, position=placement.position, status="active",
                             start_date=placement.start_date, end_date=placement.end_date)  # fmt: skip
    now = timezone.now()
    device = "d" * 64
    rows = []
    for i, hours in enumerate((1, 5, 20, 30, 24 * 10, 24 * 29, 24 * 31, 24 * 40)):
        for p, dev in ((placement, device), (other, device), (other, "e" * 64)):
            rows.append(
                CheckIn(
                    placement=p,
                    client_key=f"h-{p.pk}-{dev[0]}-{i:04d}",
                    occurred_at=now - dt.timedelta(hours=hours),
                    work_date=(now - dt.timedelta(hours=hours)).date(),
                    latitude=30 + i / 1000,
                    longitude=120,
                    accuracy_m=5 + i,
                    device_hash=dev,
                )
            )
    rows.append(CheckIn(placement=placement, client_key="h-no-coords-01", occurred_at=now - dt.timedelta(hours=3),
                        work_date=now.date(), device_hash=device))  # fmt: skip
    CheckIn.objects.bulk_create(rows)
    for student_id, dev in ((placement.student_id, device), (buddy.pk, device), (buddy.pk, ""), (10**9, device)):
        got = att._trust_history(student_id, now, dev)
        want = _history_as_before(student_id, now, dev) if dev else (_history_as_before(student_id, now, dev)[0], [])
        assert got == want, (student_id, dev)
    assert len(att._trust_history(buddy.pk, now, device)[1]) == 4  # the student's own fixes of the last day


def test_placement_read_in_sql_equals_the_orm(setup):
    from workbridge.placements.models import Placement

    placement = make_active_placement(setup)
    att.checkin_record(actor=setup.student_user, placement=placement, client_key="stored-0001", qr_token="x")
    orm = Placement.objects.select_related("position").get(pk=placement.pk)
    for key, stored in (("stored-0001", CheckIn.objects.get().pk), ("not-stored-01", None)):
        got, stored_id, plan_photo = att._student_placement(placement.student_id, placement.pk, key)
        assert stored_id == stored and plan_photo == ""  # no plan: no photo rule of its own
        for model, a, b in ((Placement, got, orm), (type(orm.position), got.position, orm.position)):
            for field in model._meta.concrete_fields:
                assert getattr(a, field.attname) == getattr(b, field.attname), field.name
                assert type(getattr(a, field.attname)) is type(getattr(b, field.attname)), field.name
        assert got._state.adding is False and got.position_id == orm.position_id
    assert att._student_placement(placement.student_id + 1, placement.pk, "stored-0001") == (None, None, "")
    assert att._student_placement(placement.student_id, "x", "stored-0001") == (None, None, "")


@pytest.mark.django_db(transaction=True)
def test_lost_race_on_the_key_answers_the_stored_one_in_autocommit(setup):
    """Outside a transaction the check-in is a lone INSERT; when a concurrent re-send stored the key first (here:
    the read said "not stored"), the unique constraint refuses the second row and the stored one is answered."""
    placement = make_active_placement(setup)
    lat, lon = float(placement.position.latitude), float(placement.position.longitude)
    first, created = att.checkin_record(
        actor=setup.student_user, placement=placement, client_key="race-key-0001", latitude=lat, longitude=lon
    )
    assert created and not connection.in_atomic_block
    actor = actor_for(setup.student_user)
    again, created = att._checkin_record(actor, placement, "race-key-0001", None, latitude=lat + 0.0001, longitude=lon)
    assert not created and again.pk == first.pk and again.latitude == first.latitude
    assert CheckIn.objects.filter(placement=placement).count() == 1
    # the connection is still usable after the refused INSERT
    assert CheckIn.objects.filter(client_key="race-key-0001").exists()


def test_insert_stores_what_save_would_and_a_taken_key_leaves_the_callers_transaction_usable(setup):
    """The check-in's INSERT ... ON CONFLICT DO NOTHING: the row equals what Model.save() stores (received_at set,
    signals, the pair of coordinates); a key already taken stores nothing, raises nothing the caller's transaction
    would have to roll back, and answers the stored check-in."""
    from django.db import transaction

    placement = make_active_placement(setup)
    lat, lon = float(placement.position.latitude), float(placement.position.longitude)
    before = timezone.now()
    made, created = att.checkin_record(
        actor=setup.student_user, placement=placement, client_key="insert-0001", latitude=lat + 0.01, longitude=lon,
        accuracy_m=7.6, device_id="phone-z",
    )  # fmt: skip
    assert created and made.pk and not made._state.adding
    stored = CheckIn.objects.get(pk=made.pk)
    assert stored.received_at >= before and stored.received_at == made.received_at
    for field in CheckIn._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(made, field.attname), field.name
    assert stored.accuracy_m == 8 and stored.signals == made.signals and stored.distance_m > 300
    actor = actor_for(setup.student_user)
    with transaction.atomic():
        again, created = att._checkin_record(actor, placement, "insert-0001", None, latitude=lat, longitude=lon)
        assert not created and again.pk == made.pk
        assert CheckIn.objects.filter(placement=placement).count() == 1  # the transaction still answers


def test_a_receiver_of_checkin_saves_still_hears_of_every_check_in(setup):
    """Where the plain INSERT would skip what save() does (a signal receiver connected), save() is used."""
    from django.db.models.signals import post_save

    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.client_key, created))

    post_save.connect(receiver, sender=CheckIn, dispatch_uid="test-checkin-heard")
    try:
        placement = make_active_placement(setup)
        response = token_client(setup.student_user).post(URL, body_for(placement, "heard-00001"), format="json")
        assert response.status_code == 201
    finally:
        post_save.disconnect(dispatch_uid="test-checkin-heard", sender=CheckIn)
    assert heard == [("heard-00001", True)]


BODIES = [
    {"placement": 7, "client_key": "key-00000001"},
    {"placement": 7, "client_key": "  key-00000001 ", "latitude": 30.25, "longitude": 120, "accuracy_m": 12,
     "device_id": "dev-7", "qr_token": "", "direction": "out", "offline": True, "unknown": [1, 2]},
    {"placement": 7, "client_key": "key-00000001", "occurred_at": "2026-12-05T08:01:02+08:00"},
    {"placement": 7, "client_key": "key-00000001", "occurred_at": "2026-12-05T08:01:02"},
    {"placement": 7, "client_key": "key-00000001", "occurred_at": "yesterday"},
    {"placement": 7, "client_key": "key-00000001", "occurred_at": None},
    {"placement": 7, "client_key": "key-00000001", "latitude": None, "longitude": None, "accuracy_m": None},
    {"placement": 7, "client_key": "key-00000001", "latitude": "30.2", "longitude": "120.2"},
    {"placement": 7, "client_key": "key-00000001", "latitude": True, "longitude": 120.2},
    {"placement": 7, "client_key": "key-00000001", "accuracy_m": 10**400},
    {"placement": 7, "client_key": "key-00000001", "accuracy_m": ""},
    {"placement": "7", "client_key": "key-00000001"},
    {"placement": "7.0", "client_key": "key-00000001"},
    {"placement": True, "client_key": "key-00000001"},
    {"placement": None, "client_key": "key-00000001"},
    {"placement": 7.5, "client_key": "key-00000001"},
    {"client_key": "key-00000001"},
    {"placement": 7},
    {"placement": 7, "client_key": ""},
    {"placement": 7, "client_key": "   "},
    {"placement": 7, "client_key": "k" * 64},
    {"placement": 7, "client_key": "k" * 65},
    {"placement": 7, "client_key": "schlüssel-0001"},
    {"placement": 7, "client_key": "key\x00-000001"},
    {"placement": 7, "client_key": 12345678},
    {"placement": 7, "client_key": "key-00000001", "device_id": "d" * 200},
    {"placement": 7, "client_key": "key-00000001", "device_id": "d" * 201},
    {"placement": 7, "client_key": "key-00000001", "device_id": "  "},
    {"placement": 7, "client_key": "key-00000001", "qr_token": "q" * 65},
    {"placement": 7, "client_key": "key-00000001", "direction": "up"},
    {"placement": 7, "client_key": "key-00000001", "direction": None},
    {"placement": 7, "client_key": "key-00000001", "offline": "true"},
    {"placement": 7, "client_key": "key-00000001", "offline": 1},
    {"placement": 7, "client_key": "key-00000001", "photo": None},
]  # fmt: skip


@pytest.mark.parametrize("body", BODIES)
def test_checkin_input_equals_the_serializer(body):
    """The check-in's fast input path returns what CheckInInput returns, and refuses what it refuses with the same
    errors (it hands every doubtful body to the serializer)."""
    from rest_framework.exceptions import ValidationError

    try:
        want = dict(apis.CheckInInput(data=body).run_validation(body))
    except ValidationError as exc:
        with pytest.raises(ValidationError) as got:
            apis.checkin_input(body)
        assert got.value.detail == exc.detail
        return
    got = apis.checkin_input(body)
    assert got == want
    assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in want.items()}
