"""The morning surge's check-in in one statement, its trust signals judged just after (issue 14).

With a task queue on PostgreSQL, a student's plain GPS check-in inside the workplace's area is stored by one
statement and its trust signals (NULL until then) by ``checkin_assess_pending``; everything else - a refusal, a
fix outside the area, a code, a photo, a re-send - goes the usual way. These tests turn the queue on for the
service (CELERY_TASK_ALWAYS_EAGER False) and compare both ways on the same input."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbridge.core.access import actor_for
from workbridge.placements import apis
from workbridge.placements.engines import attendance as engine
from workbridge.placements.models import Alert, CheckIn, Placement
from workbridge.placements.services import attendance as att

from .conftest import make_active_placement
from .test_checkin_fast_path import URL, body_for, statements, token_client

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement check-in is written for PostgreSQL"
)


@pytest.fixture
def queue(settings, monkeypatch):
    """A task queue as deployed (not eager); the wake-up's task is recorded instead of sent."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CHECKIN_ASSESS_AFTER = True
    woken = []
    monkeypatch.setattr("workbridge.core.debounce.queue_once", lambda task, **kw: woken.append(task.name))
    monkeypatch.setitem(att._WOKEN, "at", -1e9)
    return woken


@pytest.fixture(autouse=True)
def workplace_open_all_day(setup):
    """The workplace's shift covers every hour, so that a check-in made while these tests run is never "outside
    the shift" (an evening run found that signal where a morning run found none)."""
    from workbridge.placements.models import Position

    Position.objects.update(shift_start=dt.time(0, 0), shift_end=dt.time(23, 59))


def stored_fields(checkin) -> dict:
    skip = {"id", "client_key", "received_at", "signals"}
    return {f.attname: getattr(checkin, f.attname) for f in CheckIn._meta.concrete_fields if f.attname not in skip}


def test_without_a_queue_every_check_in_is_judged_as_it_is_stored(setup, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert att.assess_after_storing() is False
    placement = make_active_placement(setup)
    answer = token_client(setup.student_user).post(URL, body_for(placement, "eager-key-01"), format="json")
    assert answer.status_code == 201 and answer.json()["signals"] == []
    assert not CheckIn.objects.filter(signals__isnull=True).exists()


@postgres_only
def test_one_statement_stores_what_the_usual_way_stores_and_the_signals_follow(setup, queue, settings):
    from workbridge.academics.tests.factories import StudentFactory

    from .factories import PlacementFactory

    placement = make_active_placement(setup)
    lat, lon = float(placement.position.latitude), float(placement.position.longitude)
    # history that raises signals: three earlier fixes at exactly this spot, another student on the same phone
    buddy = StudentFactory(school=setup.world.school1, major=setup.world.major1)
    other = PlacementFactory(student=buddy, position=placement.position, status="active",
                             start_date=placement.start_date, end_date=placement.end_date)  # fmt: skip
    now = timezone.now().replace(microsecond=0)
    device = att._fix(0, now, None, None, None, "phone-a").device
    CheckIn.objects.bulk_create(
        [
            CheckIn(placement=placement, client_key=f"before-{i:04d}", occurred_at=now - dt.timedelta(days=i + 1),
                    work_date=(now - dt.timedelta(days=i + 1)).date(), latitude=round(lat, 6),
                    longitude=round(lon, 6), accuracy_m=5)
            for i in range(3)
        ]
        + [CheckIn(placement=other, client_key="buddy-0001", occurred_at=now - dt.timedelta(hours=2),
                   work_date=now.date(), latitude=lat, longitude=lon, device_hash=device)]
    )  # fmt: skip
    body = body_for(placement, "direct-key-01", occurred_at=now.isoformat(), accuracy_m=5)
    client = token_client(setup.student_user)
    with CaptureQueriesContext(connection) as ctx:
        answer = client.post(URL, body, format="json")
    assert answer.status_code == 201, answer.json()
    assert len(statements(ctx)) == 1, statements(ctx)  # the token and actor read by the check-in's statement
    assert queue == ["placements.assess_checkins"]
    direct = CheckIn.objects.get(client_key="direct-key-01")
    assert direct.signals is None and direct.assessment_pending
    assert answer.json() == apis.CheckInSerializer(direct).data
    assert answer.json()["summary"] == att.checkin_summary(direct)
    assert not Alert.objects.filter(kind="trust").exists()

    assert att.checkin_assess_pending() == 1
    direct.refresh_from_db()
    assert {s["code"] for s in direct.signals} == {"repeated_coordinates", "shared_device"}
    assert Alert.objects.filter(kind="trust", placement=placement).count() == 1
    assert att.checkin_assess_pending() == 0  # nothing left; nothing judged twice

    # the same check-in the usual way (without the first): the same row, the same signals
    judged_after = direct.signals
    direct.delete()
    settings.CHECKIN_ASSESS_AFTER = False
    usual = client.post(URL, body | {"client_key": "usual-key-001"}, format="json")
    assert usual.status_code == 201 and usual.json()["signals"] == judged_after
    inline = CheckIn.objects.get(client_key="usual-key-001")
    assert inline.signals == judged_after
    assert stored_fields(inline) == stored_fields(direct)
    again = client.post(URL, body | {"client_key": "usual-key-001"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == inline.pk


@postgres_only
def test_everything_but_the_plain_case_goes_the_usual_way_with_the_usual_answer(setup, queue, settings):
    from workbridge.placements.models import AttendanceMode, PhotoPolicy

    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    lat = float(placement.position.latitude)

    def both(body, change=None):
        """The answer with the queue on and off (the placement changed by ``change`` for both)."""
        answers = []
        for on in (True, False):
            settings.CHECKIN_ASSESS_AFTER = on
            if change:
                Placement.objects.filter(pk=placement.pk).update(**change)
            key = f"{'q' if on else 'u'}-{body['client_key']}"
            got = client.post(URL, body | {"client_key": key}, format="json")
            kept = {k: v for k, v in got.json().items() if k not in ("id", "client_key", "occurred_at", "received_at")}
            answers.append((got.status_code, kept))
        return answers

    outside = both(body_for(placement, "outside-001", latitude=lat + 0.01))
    assert outside[0] == outside[1] and outside[0][0] == 201 and outside[0][1]["within_geofence"] is False
    coded = both(body_for(placement, "coded-00001", qr_token="not-a-code"))
    assert coded[0] == coded[1] and coded[0][1]["qr_valid"] is False
    for change in ({"attendance_mode": AttendanceMode.QR}, {"checkin_photo": PhotoPolicy.REQUIRED},
                   {"status": "completed"}):  # fmt: skip
        refused = both(body_for(placement, f"refused-{len(change)}{list(change)[0][:4]}"), change)
        assert refused[0] == refused[1] and refused[0][0] in (400, 409), (change, refused)
        Placement.objects.filter(pk=placement.pk).update(attendance_mode="gps", checkin_photo="", status="active")
    late = both(body_for(placement, "too-old-0001", occurred_at=(timezone.now() - dt.timedelta(days=60)).isoformat()))
    assert late[0] == late[1] and late[0][0] == 400
    # what went the usual way was judged as it was stored; nothing waits
    assert not CheckIn.objects.filter(signals__isnull=True).exists()
    settings.CHECKIN_ASSESS_AFTER = True
    other = actor_for(setup.world.other["student"])
    with pytest.raises(Exception) as refused:
        att.checkin_submit(actor=other, placement_id=placement.pk, client_key="not-mine-0001",
                           latitude=lat, longitude=float(placement.position.longitude))  # fmt: skip
    assert type(refused.value).__name__ == "NotFound"


@postgres_only
@given(
    north=st.floats(-0.004, 0.004, allow_nan=False),
    east=st.floats(-0.004, 0.004, allow_nan=False),
    radius=st.sampled_from([50, 150, 300]),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_statement_measures_the_distance_as_the_engine_does(setup, queue, north, east, radius):
    placement = Placement.objects.filter(student=setup.student).first() or make_active_placement(setup)
    position = placement.position
    type(position).objects.filter(pk=position.pk).update(geofence_radius_m=radius)
    lat, lon = float(position.latitude) + north, float(position.longitude) + east
    fence = engine.geofence(lat, lon, float(position.latitude), float(position.longitude), radius)
    key = f"m-{CheckIn.objects.count():06d}"
    fix = att._fix(placement.student_id, timezone.now(), lat, lon, 5, "")
    stored = att._store_directly(placement.student_id, placement.pk, key, fix, {"latitude": lat, "longitude": lon})
    if fence.inside:
        assert stored is not None and stored.distance_m == fence.distance_m
        assert CheckIn.objects.get(pk=stored.pk).distance_m == fence.distance_m
    else:  # outside: nothing stored here; the usual way stores it with its alert
        assert stored is None and not CheckIn.objects.filter(client_key=key).exists()


@postgres_only
def test_judging_goes_in_batches_and_a_stopped_run_leaves_the_rest_pending(setup, queue, monkeypatch):
    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    lat = float(placement.position.latitude)
    for i in range(5):  # a few metres apart: no repeated position
        body = body_for(placement, f"batch-key-{i:03d}", latitude=lat + i * 0.0001)
        assert client.post(URL, body, format="json").status_code == 201
    assert queue == ["placements.assess_checkins"]  # one wake-up per interval, not one per check-in
    assert CheckIn.objects.filter(signals__isnull=True).count() == 5
    monkeypatch.setattr(att, "ASSESS_BATCH", 2)
    assert att.checkin_assess_pending(limit=3) == 3
    assert CheckIn.objects.filter(signals__isnull=True).count() == 2
    assert att.checkin_assess_pending() == 2
    assert list(CheckIn.objects.values_list("signals", flat=True)) == [[]] * 5
    # a run that fails midway writes nothing of its batch
    assert client.post(URL, body_for(placement, "batch-key-fail"), format="json").status_code == 201
    monkeypatch.setattr(att, "_assess", lambda checkin: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        att.checkin_assess_pending()
    assert CheckIn.objects.filter(signals__isnull=True).count() == 1


@postgres_only
def test_the_task_judges_what_waits(setup, queue):
    from workbridge.placements.tasks import assess_checkins

    placement = make_active_placement(setup)
    token_client(setup.student_user).post(URL, body_for(placement, "task-key-0001"), format="json")
    assert assess_checkins.apply().get() == 1
    assert CheckIn.objects.get(client_key="task-key-0001").signals == []


def test_a_pending_check_in_shows_no_signal_yet(setup):
    placement = make_active_placement(setup)
    checkin = CheckIn(placement=placement, signals=None)
    assert checkin.assessment_pending and checkin.signal_labels() == []


@pytest.mark.parametrize("after", [True, False])
def test_an_accuracy_out_of_range_is_refused_either_way(setup, settings, after):
    settings.CELERY_TASK_ALWAYS_EAGER = not after
    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    for accuracy in (1e12, -1, 100_001):
        answer = client.post(URL, body_for(placement, f"far-off-{accuracy}", accuracy_m=accuracy), format="json")
        assert answer.status_code == 400 and "accuracy_m" in answer.json()["errors"], answer.json()
    assert client.post(URL, body_for(placement, "far-off-ok", accuracy_m=100_000), format="json").status_code == 201
    assert not CheckIn.objects.filter(client_key__startswith="far-off-1").exists()


@postgres_only
def test_a_queue_that_is_down_does_not_fail_the_check_in(setup, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setitem(att._WOKEN, "at", -1e9)

    def down(task, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("workbridge.core.debounce.queue_once", down)
    placement = make_active_placement(setup)
    answer = token_client(setup.student_user).post(URL, body_for(placement, "queue-down-01"), format="json")
    assert answer.status_code == 201
    assert CheckIn.objects.get(client_key="queue-down-01").assessment_pending  # judged by the next run


# Every refusal of the usual way, and where the one statement honours it: it stores nothing in each of these
# cases, so the usual way answers. A refusal added to the service without a line here fails the test below:
# add it to _store_directly or _direct_statement too, and send it both ways in
# test_everything_but_the_plain_case_goes_the_usual_way_with_the_usual_answer.
HONOURED_BY_THE_ONE_STATEMENT = {
    ("PermissionDenied", "Students check in for their own placement."): "WHERE pl.student_id = the student",
    ("ValidationFailed", "occurred_at needs a time zone (ISO 8601 with offset)."): "_fix_or_none: no fix",
    ("errors", "The check-in time lies in the future."): "the time window in _store_directly",
    ("errors", "Check-ins older than %(d)d days are not accepted; ask for a make-up check-in."): "the same window",
    ("errors", "Use 'in' or 'out'."): "direction in (in, out) in _store_directly",
    ("errors", "Send both latitude and longitude, or neither."): "_fix_or_none: no fix",
    ("errors", "Coordinates out of range."): "_fix_or_none: no fix",
    ("errors", "The location's accuracy must lie between 0 and %(max)s metres."): "_fix_or_none: no fix",
    ("InvalidTransition", "Check-ins are only taken during an active placement."): "WHERE pl.status = active",
    ("ValidationFailed", "This placement checks in with the workplace QR code."): "attendance_mode <> qr",
    ("ValidationFailed", "No location: allow location access or scan the QR code."): "fix.lat is None",
    (
        "ValidationFailed",
        "This placement needs a photo with each check-in: take one at the workplace with the camera.",
    ): "the photo rule (placement, else its plan) <> required",
}


def _refusals(function) -> set[tuple[str, str]]:
    """(exception or "errors", its message) for each refusal written in ``function``'s source."""
    import ast
    import inspect
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    messages: dict[str, str] = {}  # a message kept in a variable first (message = _("..."))
    found = set()

    def first_message(node) -> str | None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "_" and inner.args:
                if isinstance(inner.args[0], ast.Constant):
                    return inner.args[0].value
            if isinstance(inner, ast.Name) and inner.id in messages:
                return messages[inner.id]
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            text = first_message(node.value)
            if text:
                messages[node.targets[0].id] = text
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            text = first_message(node.exc.args[0]) if node.exc.args else None
            if text:  # raise ValidationFailed(next(iter(errors.values()))[0], ...) raises what the errors hold
                found.add((node.exc.func.id, text))
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Subscript)
            and getattr(node.targets[0].value, "id", "") == "errors"
        ):
            found.add(("errors", first_message(node.value)))
    return found


def test_every_refusal_of_the_usual_way_is_honoured_by_the_one_statement():
    written = _refusals(att._checkin_record) | _refusals(att._checkin_photo)
    assert len(written) >= 10  # the scan finds the refusals (a scan that found none would pass vacuously)
    assert written == set(HONOURED_BY_THE_ONE_STATEMENT), (
        "the check-in service's refusals changed: make the one statement (_store_directly, _direct_statement) "
        f"store nothing in the new case too; new {written - set(HONOURED_BY_THE_ONE_STATEMENT)}, "
        f"gone {set(HONOURED_BY_THE_ONE_STATEMENT) - written}"
    )


def test_a_field_the_one_statement_does_not_place_stops_it_being_built(monkeypatch):
    """Every column of CheckIn is either sent (_DIRECT_GIVEN), written as the same constant for every plain
    check-in (_DIRECT_FIXED) or computed by the statement; a field in neither list names itself instead of being
    stored empty."""
    given = att._DIRECT_GIVEN
    monkeypatch.setattr(att, "_DIRECT", {})
    monkeypatch.setattr(att, "_DIRECT_GIVEN", tuple(n for n in given if n != "device_hash"))
    with pytest.raises(RuntimeError, match="device_hash"):
        att._direct_statement(by_token=False)
    monkeypatch.setattr(att, "_DIRECT_GIVEN", given)
    monkeypatch.setattr(att, "_DIRECT_FIXED", {**att._DIRECT_FIXED, "no_such_column": None})
    with pytest.raises(RuntimeError, match="no_such_column"):
        att._direct_statement(by_token=False)


# The token read in the check-in's statement (placements.apis.CheckInViewSet.perform_authentication,
# att.checkin_submit_by_token, core.authentication.credentials_cte).


def _student_by_statement(user) -> int | None:
    """The student id the one statement would store a check-in for, given the user's API token."""
    from rest_framework.authtoken.models import Token

    from workbridge.core import authentication

    cte, student = authentication.credentials_cte("a")
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {cte} SELECT {student}",
            authentication.credentials_params(Token.objects.get_or_create(user=user)[0].key),
        )
        return cursor.fetchone()[0]


def _student_by_actor(user) -> int | None:
    from workbridge.core.roles import Role
    from workbridge.organizations.models import User

    fresh = User.objects.get(pk=user.pk)
    actor = actor_for(fresh)
    return actor.student_id if fresh.is_active and actor.role == Role.STUDENT else None


@postgres_only
def test_the_statement_finds_the_student_exactly_when_the_actor_is_that_student(setup):
    """Every account of the world, then the student's account changed in each way that changes its actor: the
    student the statement acts for is actor_for's student, and nobody else gets one."""
    from workbridge.organizations.models import Membership, User

    users = list(setup.world.users.values()) + [setup.world.other["student"]]
    for user in users:
        assert _student_by_statement(user) == _student_by_actor(user), user.username
    student_user = setup.student_user
    assert _student_by_statement(student_user) == setup.student.pk
    current = Membership.objects.get(pk=student_user.current_membership_id)
    changes = [
        (lambda: User.objects.filter(pk=student_user.pk).update(is_active=False),
         lambda: User.objects.filter(pk=student_user.pk).update(is_active=True)),
        (lambda: Membership.objects.filter(pk=current.pk).update(is_active=False),
         lambda: Membership.objects.filter(pk=current.pk).update(is_active=True)),
        (lambda: Membership.objects.filter(pk=current.pk).update(role="teacher"),
         lambda: Membership.objects.filter(pk=current.pk).update(role=current.role)),
        (lambda: Membership.objects.filter(pk=current.pk).update(organization=setup.world.school2),
         lambda: Membership.objects.filter(pk=current.pk).update(organization=current.organization)),
        (lambda: User.objects.filter(pk=student_user.pk).update(current_membership=None),
         lambda: User.objects.filter(pk=student_user.pk).update(current_membership=current)),
    ]  # fmt: skip
    for change, undo in changes:
        change()
        assert _student_by_statement(student_user) is None
        assert _student_by_statement(student_user) in (None, _student_by_actor(student_user))
        undo()
    assert _student_by_statement(student_user) == setup.student.pk


@postgres_only
def test_a_check_in_over_a_token_is_answered_as_the_usual_way_answers_it(setup, queue, settings):
    """The same requests with the one statement (queue on) and the usual way (off): the same status and answer
    for every kind of bearer and body, and a check-in stored only for the placement's own student."""
    from rest_framework.test import APIClient

    from workbridge.organizations.models import Membership, User

    placement = make_active_placement(setup)
    current = Membership.objects.get(pk=setup.student_user.current_membership_id)

    def both(client, body, prepare=lambda: None, undo=lambda: None, **post):
        answers = []
        for on in (True, False):
            settings.CHECKIN_ASSESS_AFTER = on
            prepare()
            with_key = body | {"client_key": f"{'q' if on else 'u'}-{body.get('client_key', '')}"}
            got = client.post(URL, with_key if post.get("data") is None else post["data"],
                              format=None if "content_type" in post else "json",
                              **{k: v for k, v in post.items() if k != "data"})  # fmt: skip
            undo()
            data = got.json()
            if isinstance(data, dict):
                # the signals: judged after storing (null) or as stored
                data = {
                    k: v
                    for k, v in data.items()
                    if k not in ("id", "client_key", "occurred_at", "received_at", "signals")
                }
            answers.append((got.status_code, data))
        assert answers[0] == answers[1], answers
        return answers[0]

    student = token_client(setup.student_user)
    assert both(student, body_for(placement, "plain-00001"))[0] == 201
    assert both(student, body_for(placement, "coded-00001", qr_token="x"))[0] == 201  # a code: the usual way
    assert both(token_client(setup.mentor), body_for(placement, "mentor-0001"))[0] == 403
    assert both(token_client(setup.world.other["student"]), body_for(placement, "other-00001"))[0] == 404
    unknown = APIClient()
    unknown.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert both(unknown, body_for(placement, "unknown-001"))[0] == 401
    malformed = APIClient()
    malformed.credentials(HTTP_AUTHORIZATION="Token two words")
    assert both(malformed, body_for(placement, "malformed-1"))[0] == 401
    inactive = both(student, body_for(placement, "inactive-01"),
                    lambda: User.objects.filter(pk=setup.student_user.pk).update(is_active=False),
                    lambda: User.objects.filter(pk=setup.student_user.pk).update(is_active=True))  # fmt: skip
    assert inactive[0] == 401 and inactive[1]["code"] == "authentication_failed"
    moved = Membership.objects.filter(pk=current.pk)
    elsewhere = both(student, body_for(placement, "elsewhere-1"),
                     lambda: moved.update(organization=setup.world.school2),
                     lambda: moved.update(organization=current.organization))  # fmt: skip
    assert elsewhere[0] in (403, 404)
    broken = both(student, {}, data="{not json", content_type="application/json")
    assert broken[0] == 400
    assert both(unknown, {}, data="{not json", content_type="application/json")[0] == 401
    # an unknown bearer learns nothing of the body's faults: 401 before any validation
    assert both(unknown, body_for(placement, "x"))[0] == 401
    assert both(unknown, body_for(placement, "bad-placement") | {"placement": "abc"})[0] == 401
    nul = APIClient()
    nul.credentials(HTTP_AUTHORIZATION="Token abc\x00def")
    assert both(nul, body_for(placement, "nul-in-token"))[0] == 401
    assert both(student, body_for(placement, "x"))[0] == 400  # a bad key: the serializer's message
    stored = set(CheckIn.objects.values_list("client_key", flat=True))
    assert stored == {"q-plain-00001", "u-plain-00001", "q-coded-00001", "u-coded-00001"}
    assert set(CheckIn.objects.values_list("placement_id", flat=True)) == {placement.pk}


@postgres_only
@pytest.mark.parametrize(
    "hostile",
    [
        {"latitude": 1e300},
        {"longitude": -1e300},
        {"latitude": 91.0},
        {"accuracy_m": 1e20},
        {"accuracy_m": -5},
        {"placement": 2**70},
        {"placement": -1},
        {"occurred_at": "9999-12-31T23:59:59Z"},
        {"occurred_at": "0001-01-01T00:00:00+14:00"},
    ],
)
def test_out_of_range_values_are_refused_the_same_way_in_front_of_drf_and_behind_it(setup, queue, settings, hostile):
    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    answers = []
    for front in (True, False):
        settings.CHECKIN_ASSESS_AFTER = front
        got = client.post(URL, body_for(placement, f"hostile-{front:d}") | hostile, format="json")
        answers.append(got.status_code)
    assert answers[0] == answers[1] and answers[0] < 500, (hostile, answers)


@postgres_only
@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "application/json, text/plain, */*;q=0.8"])
def test_a_check_in_answered_in_front_of_drf_has_drfs_status_headers_and_body(setup, queue, settings, accept):
    """checkin_collection answers a stored plain check-in itself (one statement, nothing else); the same request
    answered by CheckInViewSet (the usual way) has the same status, the same headers and the same body but for
    the stored row's own values."""
    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    answers = []
    for front in (True, False):
        settings.CHECKIN_ASSESS_AFTER = front
        with CaptureQueriesContext(connection) as ctx:
            got = client.post(URL, body_for(placement, f"whole-{front:d}-0001"), format="json", **extra)
        if front:
            assert len(statements(ctx)) == 1 and statements(ctx)[0].startswith("WITH a(")
        headers = {k: v for k, v in got.headers.items() if k not in ("Content-Length", "Date")}
        body = {k: v for k, v in got.json().items() if k not in ("id", "client_key", "occurred_at", "received_at")}
        answers.append((got.status_code, headers, body | {"signals": None}))
    assert answers[0] == answers[1]
    assert answers[0][0] == 201 and answers[0][1]["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert answers[0][1]["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "accept, as_json",
    [
        (None, True),
        ("application/json", True),
        ("*/*", True),
        ("application/*", True),
        ("Application/JSON", True),
        ("application/json, text/plain, */*", True),  # axios's
        ("application/json;q=0.5, */*;q=0.1", True),
        ("text/html, application/json", True),  # DRF tries its renderers in order within a precedence
        ("", False),  # DRF finds nothing acceptable: 406
        ("application/json; indent=4", False),  # DRF indents its answer
        ("text/html", False),  # DRF's browsable page
        ("text/html;level=1, application/json", False),
        ("text/plain", False),  # 406
    ],
)
def test_only_answers_drf_would_render_as_compact_json_are_written_in_front_of_it(rf, accept, as_json):
    from rest_framework.request import Request

    request = rf.post(URL) if accept is None else rf.post(URL, HTTP_ACCEPT=accept)
    assert apis._answered_as_json(request) is as_json
    view = apis.CheckInViewSet
    try:
        renderer, media_type = view.content_negotiation_class().select_renderer(
            Request(request), [r() for r in view.renderer_classes]
        )
    except Exception:
        drf_compact_json = False
    else:
        drf_compact_json = type(renderer) is apis.JSONRenderer and "indent" not in media_type
    assert drf_compact_json is as_json


@postgres_only
@pytest.mark.parametrize(
    "why, post",
    [
        ("an indented answer asked for", {"HTTP_ACCEPT": "application/json; indent=4"}),
        ("another charset", {"content_type": "application/json; charset=latin-1"}),
        ("a body longer than a plain check-in's", {"data": {"note": "x" * 5000}}),
    ],
)
def test_a_check_in_drf_has_to_read_or_answer_otherwise_goes_to_drf(setup, queue, why, post):
    """Nothing is read in front of DRF: the token's own statement, then the check-in's, and DRF's answer."""
    import json

    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    body = body_for(placement, "behind-drf-01") | post.pop("data", {})
    with CaptureQueriesContext(connection) as ctx:
        got = client.post(URL, json.dumps(body), content_type=post.pop("content_type", "application/json"), **post)
    assert got.status_code == 201, why
    assert not statements(ctx)[0].startswith("WITH a("), why
    if "HTTP_ACCEPT" in post:
        assert got.content.startswith(b'{\n    "id"'), got.content[:40]


@postgres_only
def test_a_rule_beyond_authentication_keeps_the_check_in_from_being_stored_first(setup, queue, monkeypatch):
    """With a throttle (or another permission) on the view, the request is authenticated and checked before
    anything is stored: the token's own statement, then the check-in's."""
    from rest_framework.throttling import UserRateThrottle

    placement = make_active_placement(setup)
    client = token_client(setup.student_user)
    monkeypatch.setattr(apis.CheckInViewSet, "throttle_classes", [UserRateThrottle])
    monkeypatch.setattr(UserRateThrottle, "rate", "100/minute", raising=False)
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(URL, body_for(placement, "throttled-01"), format="json").status_code == 201
    assert len(statements(ctx)) == 2 and not statements(ctx)[0].startswith("WITH a(")


# ---------------------------------------------------------------------------------------------------------
# The judging gives way to the surge: it waits while the processors are contended, at most a set time


@pytest.fixture
def pressure(settings, monkeypatch):
    """The processors' pressure as core.pressure would read it: set ``pressure.now`` (None: not reported)."""
    settings.CHECKIN_ASSESS_BUSY_PRESSURE = 50.0
    settings.CHECKIN_ASSESS_MAX_WAIT_SECONDS = 900

    class Pressure:
        now: float | None = 0.0

    monkeypatch.setattr(att, "cpu_pressure", lambda: Pressure.now)
    return Pressure


def pending_checkin(placement, key: str, received_ago: dt.timedelta = dt.timedelta(0)) -> CheckIn:
    now = timezone.now()
    checkin = CheckIn.objects.create(
        placement=placement, client_key=key, occurred_at=now - received_ago, work_date=now.date(),
        latitude=placement.position.latitude, longitude=placement.position.longitude, signals=None,
    )  # fmt: skip
    CheckIn.objects.filter(pk=checkin.pk).update(received_at=now - received_ago)  # received_at is set on creation
    return checkin


@pytest.mark.parametrize(
    "now, waited_seconds, may_wait",
    [
        (90.0, 0, True),  # the surge: the processors busy, the oldest check-in just in
        (50.0, 899, True),  # at the threshold, just under the longest wait
        (90.0, 901, False),  # waited longer than the longest wait: judged even in the surge
        (49.9, 0, False),  # the processors not busy enough
        (0.0, 0, False),
        (None, 0, False),  # the kernel reports no pressure: never waits
    ],
)
def test_the_judging_may_wait_only_while_the_processors_are_busy_and_not_too_long(
    setup, pressure, now, waited_seconds, may_wait
):
    pressure.now = now
    pending_checkin(make_active_placement(setup), "waits-0001", dt.timedelta(seconds=waited_seconds))
    assert att.assessment_may_wait() is may_wait


def test_nothing_pending_means_nothing_to_wait_for(setup, pressure):
    pressure.now = 100.0
    assert att.assessment_may_wait() is False


@postgres_only
def test_the_task_gives_way_to_the_surge_and_comes_back_for_what_waits(setup, queue, pressure):
    from workbridge.placements.tasks import assess_checkins

    placement = make_active_placement(setup)
    assert (
        token_client(setup.student_user).post(URL, body_for(placement, "surge-key-01"), format="json").status_code
        == 201
    )
    assert queue == ["placements.assess_checkins"]  # the check-in's wake-up
    pressure.now = 95.0
    assert assess_checkins.apply().get() == 0
    assert CheckIn.objects.get(client_key="surge-key-01").signals is None
    assert queue == ["placements.assess_checkins"] * 2  # tried again a little later
    pressure.now = 10.0  # the surge is over
    assert assess_checkins.apply().get() == 1
    assert CheckIn.objects.get(client_key="surge-key-01").signals == []
    assert len(queue) == 2  # nothing waits: not queued again


@postgres_only
def test_a_long_surge_still_gets_its_signals_judged(setup, queue, pressure):
    from workbridge.placements.tasks import assess_checkins

    placement = make_active_placement(setup)
    pending_checkin(placement, "long-surge-01", dt.timedelta(minutes=16))
    pending_checkin(placement, "long-surge-02")
    pressure.now = 95.0
    assert assess_checkins.apply().get() == 2  # the oldest waited too long: every batch from it is judged
    assert not CheckIn.objects.filter(signals__isnull=True).exists()
    assert queue == []


@postgres_only
def test_the_judging_gives_way_between_batches(setup, queue, pressure, monkeypatch):
    placement = make_active_placement(setup)
    for i in range(5):
        pending_checkin(placement, f"between-{i:04d}")
    monkeypatch.setattr(att, "ASSESS_BATCH", 2)
    readings = iter([0.0, 0.0, 80.0])  # quiet for two batches, then the surge starts
    monkeypatch.setattr(att, "cpu_pressure", lambda: next(readings))
    assert att.checkin_assess_pending(yield_to_surge=True) == 4
    assert CheckIn.objects.filter(signals__isnull=True).count() == 1
    assert att.checkin_assess_pending() == 1  # without yielding (the default), nothing waits
