"""The permission matrix for files: exports, PDFs, QR images, uploaded files and round results, every role.

Each route has one row of expected statuses, per role, for its own region's object and for region 2's object
(``"own/foreign"``), so a role that gains (or loses) access fails by name. The rules (issue 8): an uploaded file
goes only to who sees the owning object; another region's object is 404 (never an empty file); a role refused the
route outright gets 403 for both; an enterprise sees only students who ranked its positions; the school sees
everything of its round; a student only their own. Uploaded files are attached to both sides' samples first, so
"404" means "refused", not "no file".
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from workbridge.core.roles import Role
from workbridge.core.tests.test_permission_matrix import (
    SIDE_ROLES,
    _client_for,
    _resolve_kwarg,
    all_routes,
    mw,  # noqa: F401  (the fixture, used by name below)
)

ROLES = ["anon", Role.PLATFORM_ADMIN, *SIDE_ROLES]
P, A, G, S, T = Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN, Role.TEACHER
AS, EA, EM, ST = Role.ASSOCIATION_OFFICER, Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.STUDENT

# route -> the file field to fill on both sides' objects (uploaded files)
UPLOADS = {
    "organizations:licence": "licence_file",
    "organization-licence": "licence_file",
    "partnerships:agreement-signed-copy": "signed_file",
    "agreement-signed-file": "signed_file",
    "partnerships:output-file": "file",
    "conversations:attachment": "attachment",
    "placements:report-attachment": "attachment",
    "placements:agreement-document": lambda placement: _agreement_of(placement).signed_scan,
}


def _agreement_of(placement):
    from workbridge.placements.models import TripartiteAgreement

    agreement, _created = TripartiteAgreement.objects.get_or_create(placement=placement, defaults={"terms": {}})
    return agreement


def row(anon, default, **by_role):
    """Expected "own/foreign" per role: ``default`` for every role not named."""
    out = {"anon": anon}
    for role in ROLES[1:]:
        out[role] = by_role.get(str(role), default)
    return out


# Pages answer anonymous users with the log-in redirect (302), the API with 401.
EXPECTED = {
    # A weekly report's attachment: the placement's parties (student, school and enterprise staff); oversight roles
    # read the report but not what the student attached.
    "placements:report-attachment": row(
        "302/302",
        "200/404",
        platform_admin="200/200",
        authority_officer="404/404",
        group_officer="404/404",
        association_officer="404/404",
    ),
    # A check-in photo shows a person at work: the student, the placement's enterprise mentor and school mentor, the
    # school's admin; nobody else (not the host's admin, not oversight, not the platform). The samples' check-ins
    # carry a photo taken through the check-in service.
    "placements:checkin-photo": row(
        "302/302",
        "404/404",
        school_admin="200/404",
        teacher="200/404",
        enterprise_mentor="200/404",
        student="200/404",
    ),
    "placements-checkin-photo": row(
        "401/401",
        "404/404",
        school_admin="200/404",
        teacher="200/404",
        enterprise_mentor="200/404",
        student="200/404",
    ),
    # The signed agreement's scan: whoever sees the placement (one rule for every view of a placement).
    "placements:agreement-document": row("302/302", "200/404", platform_admin="200/200"),
    # A file in a placement's conversation: the parties only (the school's and the enterprise's staff, the
    # placement's student); oversight roles read records, not the parties' conversations.
    "conversations:attachment": row(
        "302/302",
        "404/404",
        platform_admin="200/200",
        school_admin="200/404",
        teacher="200/404",
        enterprise_admin="200/404",
        enterprise_mentor="200/404",
        student="200/404",
    ),
    # A pending enterprise's business licence: for its reviewers (platform, the region's authority, school
    # admins of the region: organizations.permissions.may_review) only; the sample enterprise has no member in the
    # world, so its own admin is not in this table.
    "organizations:licence": row(
        "302/302", "404/404", platform_admin="200/200", authority_officer="200/404", school_admin="200/404"
    ),
    # The API licence route is an upload (POST) only.
    "organization-licence": row("401/401", "405/405"),
    # An agreement's signed copy and a project output's file: both partners, their group / association, the
    # authority; never a student; never another region's.
    "partnerships:agreement-signed-copy": row("302/302", "200/404", platform_admin="200/200", student="404/404"),
    "agreement-signed-file": row("401/401", "200/404", platform_admin="200/200", student="404/404"),
    "partnerships:output-file": row("302/302", "200/404", platform_admin="200/200", student="404/404"),
    # A matching round's export: the school's side, its group, the authority and the enterprises in the round;
    # a student is refused the route (403) and sees no other region's round (the API says 404).
    "placements:round-export": row(
        "302/302", "200/404", platform_admin="200/200", association_officer="404/404", student="403/403"
    ),
    "placements-round-export": row(
        "401/401", "200/404", platform_admin="200/200", association_officer="404/404", student="403/404"
    ),
    "placements-round-results": row("401/401", "200/404", platform_admin="200/200", association_officer="404/404"),
    # The workplace QR image is printed by the host enterprise (a placement's link leads, 302, to its workplace's one
    # code); everyone else is refused the route.
    "placements:qr": row(
        "302/302", "403/404", platform_admin="403/403", enterprise_admin="302/404", enterprise_mentor="302/404"
    ),
    # The workplace's one code: the host enterprise's staff (the code reveals no personal data; the same enterprise's
    # other mentors may show it too, the workplace is theirs).
    "placements:position-qr": row(
        "302/302", "403/404", platform_admin="403/403", enterprise_admin="200/404", enterprise_mentor="200/404"
    ),
    "placements-placement-qr": row(
        "401/401", "403/404", platform_admin="403/403", enterprise_admin="200/404", enterprise_mentor="200/404"
    ),
    # The tripartite agreement PDF (made from the current record at every download): whoever sees the placement
    # (the world's placements get an agreement for the signed-scan row above).
    "placements:agreement-pdf": row("302/302", "200/404", platform_admin="200/200"),
    # A shared teaching resource's file (teaching_resources): whoever its licence lets use it. Side 1's sample is
    # public (every signed-in role), side 2's internal to its school (another region's: 404).
    "teaching_resources:version-file": row("302/302", "200/404", platform_admin="200/200"),
    "teaching-resource-file": row("401/401", "200/404", platform_admin="200/200"),
    # The apprenticeship agreement of joint enrolment (issue 13.3): like the internship agreement, every role that
    # reaches the plan's school or enterprise, and the apprentice.
    "enrolment:agreement-pdf": row("302/302", "200/404", platform_admin="200/200"),
    # The annual quality report (PDF/.xlsx, no object in the URL: "foreign" is the same URL): the authority,
    # and school leaders, each for their own scope (a group asks per member school: without ?school= it is 403).
    "insights:report-download": row(
        "302/302", "403/403", platform_admin="200/200", authority_officer="200/200", school_admin="200/200"
    ),
}

# Entries where the code does not meet the rule yet (fixed on other branches): route -> reason. The lead removes an
# entry when its branch is merged (strict: the entry fails once the code is right).
KNOWN_GAPS: dict[str, str] = {}


def _cases():
    for name in EXPECTED:
        reason = KNOWN_GAPS.get(name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(name, marks=marks, id=name)


def _status_pair(world, route, role) -> str:
    user = None if role == "anon" else world.world.users[role]
    client = _client_for(user)
    own = client.get(world.url(route, 1))
    foreign = client.get(world.url(route, 2))
    if foreign.status_code == 200 and route.kwargs != ["fmt"]:
        assert role == Role.PLATFORM_ADMIN, f"{role} got another region's file from {route.name}"
    for response in (own, foreign):  # a refusal is never a file, empty or not
        if response.status_code != 200:
            assert not response.get("Content-Disposition", ""), f"{route.name}: refusal sent as a file"
    return f"{own.status_code}/{foreign.status_code}"


@pytest.fixture
def files_world(request):
    matrix_world = request.getfixturevalue("mw")
    routes = {r.name: r for r in all_routes() if r.name in EXPECTED}
    for name, field in UPLOADS.items():
        route = routes[name]
        for side in (1, 2):
            obj = matrix_world.obj(_resolve_kwarg(route, "pk" if "pk" in route.kwargs else route.kwargs[0]), side)
            stored = field(obj) if callable(field) else getattr(obj, field)
            if not stored:
                stored.save(f"matrix-{side}.pdf", ContentFile(b"%PDF-1.4 side " + str(side).encode()), save=True)
    return matrix_world, routes


def test_every_file_route_has_a_row():
    """A new export / PDF / QR / file route must be added to the table above."""
    import re

    found = {
        r.name
        for r in all_routes()
        if not r.is_admin
        and re.search(
            r"export|\.pdf|\.xlsx|/qr/|licence/$|signed-(file|copy)|/file/$|/photo/$|results|\.<str:fmt>", r.route
        )
    }
    # The import template is a blank form; a person's data export always answers with their own data only
    # (workbridge/privacy/tests checks that nobody gets another person's copy).
    assert found - set(EXPECTED) - {"import-template", "privacy:export", "privacy-export"} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_cases()))
def test_file_route_answers_each_role(files_world, name):
    """One world per route, every role on it; the diff names each role whose answer differs."""
    world, routes = files_world
    actual = {str(role): _status_pair(world, routes[name], role) for role in ROLES}
    assert actual == {str(role): status for role, status in EXPECTED[name].items()}


# --- what a round's export and results contain, per role --------------------------------------------------------


@pytest.fixture
def published_round(world):
    """School 1's published round: student 1 ranked (and got) enterprise 1's position; a classmate ranked only
    another enterprise's position of the same region."""
    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.organizations.tests.factories import EnterpriseFactory
    from workbridge.placements import models as m
    from workbridge.placements.tests.factories import PositionFactory

    w = world
    other = EnterpriseFactory(name="别家企业", region=w.region1)
    mine = PositionFactory(enterprise=w.enterprise1, reviewed_by_school=w.school1, status=m.PositionStatus.APPROVED)
    theirs = PositionFactory(enterprise=other, reviewed_by_school=w.school1, status=m.PositionStatus.APPROVED)
    classmate = StudentFactory(school=w.school1, major=w.major1, cohort=w.cohort1, name="同班同学丙")
    rnd = m.MatchingRound.objects.create(school=w.school1, title="第一轮", status=m.RoundStatus.PUBLISHED)
    rnd.positions.set([mine, theirs])
    for student, position in ((w.student1, mine), (classmate, theirs)):
        m.RoundChoice.objects.create(round=rnd, student=student, position=position, rank=1)
        m.RoundResult.objects.create(round=rnd, student=student, position=position, choice_rank=1)
    return w, rnd, classmate


def _xlsx_text(response) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c is not None
    )


ROUND_NAMES = {  # role -> which students' names the round's export / results show
    Role.SCHOOL_ADMIN: {"student1", "classmate"},
    Role.ENTERPRISE_ADMIN: {"student1"},
    Role.STUDENT: {"student1"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN])
def test_round_export_shows_only_the_students_the_role_may_see(published_round, role):
    w, rnd, classmate = published_round
    response = _client_for(w.users[role]).get(f"/placements/rounds/{rnd.pk}/export.xlsx")
    assert response.status_code == 200
    text = _xlsx_text(response)
    shown = {key for key, name in (("student1", w.student1.name), ("classmate", classmate.name)) if name in text}
    assert shown == ROUND_NAMES[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.STUDENT])
def test_round_results_show_only_the_students_the_role_may_see(published_round, api_client_for, role):
    w, rnd, classmate = published_round
    response = api_client_for(w.users[role]).get(f"/api/v1/placements/rounds/{rnd.pk}/results/")
    assert response.status_code == 200
    ids = {r["student"] for r in response.json()}
    expected = {"student1": w.student1.pk, "classmate": classmate.pk}
    assert ids == {expected[k] for k in ROUND_NAMES[role]}
