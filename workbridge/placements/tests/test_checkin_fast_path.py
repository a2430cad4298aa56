"""The check-in API's fast path (issue 14): the same answers as before in fewer statements.

Over a real API token (not force_authenticate): the token, user and actor are one query (core.authentication),
the placement is read with "is this key stored already", the trust-signal history is one query, the check-in one
INSERT ... ON CONFLICT DO NOTHING; the plain answer equals CheckInSerializer's, the plain input check equals
CheckInInput's; the SQL reads return what the ORM queries they replaced returned."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
    # token (+ user, membership, organisation, student), placement (+ position, stored key, history), INSERT
    assert len(statements(first_ctx)) == 3, statements(first_ctx)
    with CaptureQueriesContext(connection) as again_ctx:
        again = client.post(URL, body, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    assert len(statements(again_ctx)) == 2, statements(again_ctx)  # token + actor; placement with the stored row
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


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_times_in_the_answer_are_written_as_the_serializer_writes_them(zone):
    moments = [
        timezone.now(),
        timezone.now().replace(microsecond=0),
        dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.UTC),  # New York's clocks go forward that morning
        dt.datetime(2026, 12, 6, 8, 0, 0, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")),
        dt.datetime(2026, 12, 6, 8, 0),  # naive: the serializer's own way
        None,
    ]
    with timezone.override(zone):
        for moment in moments:
            assert apis._datetime_text(moment) == apis._DATETIME.to_representation(moment)


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


def _signals(fix, history, device_fixes):
    return [s.as_dict() for s in engine.trust_signals(fix, history=history, device_fixes=device_fixes)]


def _fix(student_id, at, lat, lon, accuracy=5, device=""):
    return engine.Fix(student_id=student_id, at=at, lat=lat, lon=lon, accuracy_m=accuracy, device=device)


def test_one_history_query_gives_the_signals_all_fixes_gave(setup):
    """The history query hands over only the fixes that can change a signal (the nearest earlier and later ones,
    those in the repeat box) and the device's other fixes as before; the signals equal those from every fix."""
    from workbridge.academics.tests.factories import StudentFactory

    from .factories import PlacementFactory

    placement = make_active_placement(setup)
    buddy = StudentFactory(school=setup.world.school1, major=setup.world.major1)
    other = PlacementFactory(student=buddy, position=placement.position, status="active",
                             start_date=placement.start_date, end_date=placement.end_date)  # fmt: skip
    now = timezone.now()
    device = "d" * 64
    rows = []
    # the last three lie exactly on the windows' edges (30 days before, 3 days after; a day before for the device)
    for i, hours in enumerate((1, 5, 20, 30, 24 * 10, 24 * 29, 24 * 31, 24 * 40, -0.1, -24 * 2, 24 * 30, -24 * 3, 24)):
        for p, dev in ((placement, device), (other, device), (other, "e" * 64)):
            # six of them repeat one position exactly; the nearest later one lies 25 km away six minutes after
            lat = 30.5 if i in (1, 2, 4, 5, 10, 11) else (30.27 if i == 8 else 30 + i / 1000)
            rows.append(
                CheckIn(
                    placement=p,
                    client_key=f"h-{p.pk}-{dev[0]}-{i:04d}",
                    occurred_at=now - dt.timedelta(hours=hours),
                    work_date=(now - dt.timedelta(hours=hours)).date(),
                    latitude=lat,
                    longitude=120,
                    accuracy_m=5 + i,
                    device_hash=dev,
                )
            )
    rows.append(CheckIn(placement=placement, client_key="h-no-coords-01", occurred_at=now - dt.timedelta(hours=3),
                        work_date=now.date(), device_hash=device))  # fmt: skip
    CheckIn.objects.bulk_create(rows)
    raised, asked, answered = set(), [], []
    for student_id, dev in ((placement.student_id, device), (buddy.pk, device), (buddy.pk, ""), (10**9, device)):
        for lat, accuracy in ((30.5, 5), (30.5000004, 10), (30.5, 80), (30.0, 5), (None, None)):
            fix = _fix(student_id, now, lat, None if lat is None else 120.0, accuracy, dev)
            history, device_fixes = att._trust_history(student_id, fix, dev)
            asked.append((student_id, fix, dev))
            answered.append((history, device_fixes))
            want_history, want_device = _history_as_before(student_id, now, dev)
            assert device_fixes == (want_device if dev else [])
            assert len(history) <= len(want_history) and set(history) <= set(want_history)
            got = _signals(fix, history, device_fixes)
            assert got == _signals(fix, want_history, device_fixes), (student_id, dev, lat, accuracy)
            if student_id == placement.student_id:  # the API reads the same history with the placement
                read_along = att._student_placement(student_id, placement.pk, "not-stored-01", fix)[3]
                assert read_along == (fix, history, device_fixes), (dev, lat, accuracy)
            raised |= {s["code"] for s in got}
    # the configurations above raise each history signal somewhere, so the comparison is not vacuous
    assert {"repeated_coordinates", "impossible_travel", "shared_device"} <= raised
    # the worker reads the histories of a batch of check-ins in one statement (PostgreSQL): the same rows each
    with CaptureQueriesContext(connection) as batch_statements:
        assert att._trust_histories(asked) == answered
    assert len(batch_statements) == (1 if connection.vendor == "postgresql" else len(asked))
    # the other student's fixes on the device within a day, the one exactly a day before included
    assert len(att._trust_history(buddy.pk, _fix(buddy.pk, now, 30.0, 120.0), device)[1]) == 6
    few, _device = att._trust_history(placement.student_id, _fix(placement.student_id, now, 30.001, 120.0), "")
    assert len(few) == 2  # far from every earlier position: only the nearest earlier and later fixes come back
    # A check-in judged after it is stored is in the table itself: no fix of its own instant is handed over (the
    # engine passes over them), and the signals stay those from every fix, read alone or in a batch.
    CheckIn.objects.bulk_create([CheckIn(placement=placement, client_key="h-itself-0001", occurred_at=now,
                                         work_date=now.date(), latitude=30.5, longitude=120, accuracy_m=5,
                                         device_hash=device)])  # fmt: skip
    fix = _fix(placement.student_id, now, 30.5, 120.0, 5, device)
    history, device_fixes = att._trust_history(placement.student_id, fix, device)
    assert now not in {h.at for h in history} and len(history) >= 4
    want_history, _want_device = _history_as_before(placement.student_id, now, device)
    assert now in {h.at for h in want_history}
    assert _signals(fix, history, device_fixes) == _signals(fix, want_history, device_fixes)
    assert "repeated_coordinates" in {s["code"] for s in _signals(fix, history, device_fixes)}
    assert att._trust_histories([(placement.student_id, fix, device)]) == [(history, device_fixes)]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="covering indexes and the batch statement are PostgreSQL's"
)
def test_the_worker_reads_each_history_from_the_indexes_alone(setup):
    """The batch history statement can be answered from the (placement, occurred_at) and (device, occurred_at)
    indexes without reading the check-ins' rows: both carry the columns it returns and filters on, and the
    student's own check-ins on the device are left out by their placement, which the device index carries. An index
    without them gives an Index Scan here, not an Index Only Scan."""
    placement = make_active_placement(setup)
    now = timezone.now()
    device = "d" * 64
    # a year of daily check-ins: the history's window holds a tenth of them, the rest of the placement's are not read
    days = [now - dt.timedelta(days=n, hours=2) for n in range(365)]
    CheckIn.objects.bulk_create(
        CheckIn(placement=placement, client_key=f"covered-{n:04d}", occurred_at=day, work_date=day.date(),
                latitude=30.5, longitude=120, accuracy_m=5, device_hash=device)
        for n, day in enumerate(days)
    )  # fmt: skip
    fix = _fix(placement.student_id, now, 30.5, 120.0, 5, device)
    values = [att._history_values(placement.student_id, fix, device, windows=False)]
    params = [[v[slot] for v in values] for slot in att._BATCH_SLOTS]
    with connection.cursor() as cursor:
        # A table of a few rows is read whole, or through any index, as the planner likes: the question is whether
        # these two indexes can answer the read alone, so the table's other indexes are dropped for the test (in
        # its transaction, undone after it) and reading it whole or by bitmap is ruled out.
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass"
            " AND NOT indisunique AND indexrelid::regclass::text NOT IN (%s, %s)",
            [CheckIn._meta.db_table, "checkin_placement_occurred", "checkin_device_occurred"],
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(index)}")
        cursor.execute(f"ANALYZE {connection.ops.quote_name(CheckIn._meta.db_table)}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + att._batch_history_statement(), params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"Index Only Scan (Backward )?using checkin_placement_occurred", plan), plan
    assert re.search(r"Index Only Scan (Backward )?using checkin_device_occurred", plan), plan


@given(
    offsets=st.lists(
        st.tuples(
            # minutes before the check-in (negative: after it): some within minutes, where travel can be impossible
            st.one_of(st.integers(-12, 12), st.integers(-3 * 24 * 60, 32 * 24 * 60)),
            st.sampled_from([0.0, 0.0, 0.000004, 0.000009, 0.00002, 0.01, 0.3]),  # degrees off the position
            st.sampled_from([3, 20, 60]),
        ),
        max_size=14,
    ),
    accuracy=st.sampled_from([5, 29, 31, None]),
    lat=st.sampled_from([30.5, 89.99999, -45.0]),
    lon=st.sampled_from([120.0, 179.999995, -180.0]),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_condensed_history_never_changes_a_signal(setup, offsets, accuracy, lat, lon):
    from workbridge.placements.models import Placement

    # hypothesis runs every example on the same fixture: one placement, its check-ins replaced each time
    placement = Placement.objects.filter(student=setup.student).first() or make_active_placement(setup)
    CheckIn.objects.filter(placement__student=setup.student).delete()
    now = timezone.now().replace(microsecond=0)
    CheckIn.objects.bulk_create(
        CheckIn(placement=placement, client_key=f"p-{i:05d}", occurred_at=now - dt.timedelta(minutes=minutes),
                work_date=now.date(), latitude=round(lat - off, 6), longitude=round(max(-180.0, lon - off), 6),
                accuracy_m=acc)
        for i, (minutes, off, acc) in enumerate(offsets)
    )  # fmt: skip
    fix = _fix(setup.student.pk, now, lat, lon, accuracy)
    history, _none = att._trust_history(setup.student.pk, fix, "")
    want, _none = _history_as_before(setup.student.pk, now, "")
    assert _signals(fix, history, []) == _signals(fix, want, [])
    assert att._student_placement(setup.student.pk, placement.pk, "p-00000", fix)[3] == (fix, history, [])


def test_placement_read_in_sql_equals_the_orm(setup):
    from workbridge.placements.models import Placement

    placement = make_active_placement(setup)
    att.checkin_record(actor=setup.student_user, placement=placement, client_key="stored-0001", qr_token="x")
    orm = Placement.objects.select_related("position").get(pk=placement.pk)
    for key, stored in (("stored-0001", CheckIn.objects.get()), ("not-stored-01", None)):
        got, got_stored, plan_photo, history = att._student_placement(placement.student_id, placement.pk, key)
        assert history is None  # no fix given: no trust history read
        assert plan_photo == ""  # no plan: no photo rule of its own
        if stored is None:
            assert got_stored is None
        else:  # the stored check-in, as the ORM loads it, with its placement at hand (no query for the summary)
            for field in CheckIn._meta.concrete_fields:
                assert getattr(got_stored, field.attname) == getattr(stored, field.attname), field.name
                assert type(getattr(got_stored, field.attname)) is type(getattr(stored, field.attname)), field.name
            assert got_stored._state.adding is False and got_stored.placement is got
        for model, a, b, read in (
            (Placement, got, orm, att._PLACEMENT_READ),
            (type(orm.position), got.position, orm.position, att._POSITION_READ),
        ):
            # what the check-in reads is loaded; the rest is deferred (a query when read), not missing or wrong
            loaded = {model._meta.get_field(name).attname for name in read}
            assert a.get_deferred_fields() == {f.attname for f in model._meta.concrete_fields} - loaded
            with CaptureQueriesContext(connection) as queries:
                assert [getattr(a, name) for name in loaded] == [getattr(b, name) for name in loaded]
            assert not queries.captured_queries
            for field in model._meta.concrete_fields:
                assert getattr(a, field.attname) == getattr(b, field.attname), field.name
                assert type(getattr(a, field.attname)) is type(getattr(b, field.attname)), field.name
        assert got._state.adding is False and got.position_id == orm.position_id
    assert att._student_placement(placement.student_id + 1, placement.pk, "stored-0001") == (None, None, "", None)
    assert att._student_placement(placement.student_id, "x", "stored-0001") == (None, None, "", None)


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


def test_a_hostile_body_is_refused_with_400_over_a_token(setup):
    """Bodies DRF refuses - not JSON, NaN, nested beyond reason - get its 400 and store nothing."""
    placement = make_active_placement(setup)
    client = token_client(setup.student.user)
    for raw in (b'{"placement": 1,', b'{"placement": NaN}', b"[" * 100_000 + b"]" * 100_000):
        response = client.post(URL, raw, content_type="application/json")
        assert response.status_code == 400, (raw[:20], response.status_code)
    assert not CheckIn.objects.filter(placement=placement).exists()
