import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.partnerships.models import Agreement, AgreementStatus, Project
from workbridge.partnerships.tests.factories import AgreementFactory, MilestoneFactory, OutputFactory

pytestmark = pytest.mark.django_db

BODY = {
    "title": "校企合作框架协议（API）",
    "start_date": "2026-01-01",
    "end_date": "2028-12-31",
    "scope": "订单培养",
    "clauses": [
        {"party": "school", "kind": "obligation", "text": "组织教学。"},
        {"party": "enterprise", "kind": "obligation", "text": "提供岗位。"},
    ],
}


def test_school_admin_creates_signs_and_lists(world, api_client_for, pdf_file):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    response = client.post("/api/v1/agreements/", {**BODY, "enterprise": world.enterprise1.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["school"]["id"] == world.school1.pk
    assert [c["position"] for c in body["clauses"]] == [1, 2]
    pk = body["id"]
    response = client.post(
        f"/api/v1/agreements/{pk}/sign/", {"signed_on": "2025-12-20", "signed_file": pdf_file()}, format="multipart"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "signed" and response.json()["signed_file_url"]
    download = client.get(response.json()["signed_file_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # Bad transition: signing twice is a conflict.
    again = client.post(f"/api/v1/agreements/{pk}/sign/", {"signed_on": "2025-12-20"}, format="multipart")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    listing = client.get("/api/v1/agreements/?status=signed&page_size=10").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == pk


def test_validation_errors_name_the_field(world, api_client_for):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    response = client.post(
        "/api/v1/agreements/", {**BODY, "enterprise": world.enterprise1.pk, "end_date": "2025-01-01"}, format="json"
    )
    assert response.status_code == 400 and "end_date" in response.json()["errors"]
    world.enterprise1.vetting_status = "pending"
    world.enterprise1.save()
    response = client.post("/api/v1/agreements/", {**BODY, "enterprise": world.enterprise1.pk}, format="json")
    assert response.status_code == 400 and "enterprise" in response.json()["errors"]
    assert not Agreement.objects.exists()


def test_readers_get_403_on_writes(world, api_client_for, pair):
    for role in (Role.TEACHER, Role.ENTERPRISE_MENTOR, Role.AUTHORITY_OFFICER):
        client = api_client_for(world.users[role])
        assert client.get(f"/api/v1/agreements/{pair.agreement.pk}/").status_code == 200
        response = client.post(f"/api/v1/agreements/{pair.agreement.pk}/terminate/", {"reason": "x"}, format="json")
        assert response.status_code == 403, role


def test_other_region_rows_are_404_and_absent(world, api_client_for, pair):
    """Partnership rows of the other region are invisible: 404 for objects, absent from lists."""
    milestone = MilestoneFactory(project=pair.other_project)
    output = OutputFactory(project=pair.other_project)
    for role in (
        Role.SCHOOL_ADMIN,
        Role.TEACHER,
        Role.ENTERPRISE_ADMIN,
        Role.ENTERPRISE_MENTOR,
        Role.AUTHORITY_OFFICER,
        Role.STUDENT,
    ):
        client = api_client_for(world.users[role])
        assert client.get(f"/api/v1/agreements/{pair.other.pk}/").status_code == 404, role
        assert client.get(f"/api/v1/projects/{pair.other_project.pk}/").status_code == 404, role
        assert client.get(f"/api/v1/project-milestones/{milestone.pk}/").status_code == 404, role
        assert client.get(f"/api/v1/project-outputs/{output.pk}/").status_code == 404, role
        ids = [a["id"] for a in client.get("/api/v1/agreements/").json()["results"]]
        assert pair.other.pk not in ids, role
        ids = [p["id"] for p in client.get("/api/v1/projects/").json()["results"]]
        assert pair.other_project.pk not in ids, role
        timeline = client.get(
            f"/api/v1/partnerships/timeline/?school={world.school2.pk}&enterprise={world.enterprise2.pk}"
        )
        assert timeline.status_code == 404, role
        # Writing to the other region's rows is 404 too (never revealing they exist).
        response = client.post(f"/api/v1/agreements/{pair.other.pk}/terminate/", {"reason": "x"}, format="json")
        assert response.status_code == 404, role
    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    assert other.get(f"/api/v1/agreements/{pair.agreement.pk}/").status_code == 404
    assert other.get(f"/api/v1/agreements/{pair.other.pk}/").status_code == 200


def test_bad_input_to_other_regions_rows_is_404_not_400(world, api_client_for, pair):
    """The object is looked up before the body is judged, so a 400 never reveals that a foreign row exists."""
    milestone = MilestoneFactory(project=pair.other_project)
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    for url in (
        f"/api/v1/agreements/{pair.other.pk}/sign/",
        f"/api/v1/agreements/{pair.other.pk}/terminate/",
        f"/api/v1/projects/{pair.other_project.pk}/status/",
        f"/api/v1/project-milestones/{milestone.pk}/complete/",
    ):
        assert client.post(url, {"done_on": "not a date"}, format="json").status_code == 404, url
    assert client.patch(f"/api/v1/agreements/{pair.other.pk}/", {"end_date": "x"}, format="json").status_code == 404


def test_roles_that_never_write_get_403_before_validation(world, api_client_for):
    for role in (Role.TEACHER, Role.ENTERPRISE_MENTOR, Role.AUTHORITY_OFFICER, Role.STUDENT):
        client = api_client_for(world.users[role])
        assert client.post("/api/v1/agreements/", {}, format="json").status_code == 403, role
        assert client.post("/api/v1/projects/", {}, format="json").status_code == 403, role
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert admin.post("/api/v1/agreements/", {}, format="json").status_code == 400


def test_student_sees_only_projects_they_join(world, api_client_for, pair):
    client = api_client_for(world.users[Role.STUDENT])
    assert client.get("/api/v1/projects/").json()["count"] == 0
    from workbridge.partnerships import services

    services.participant_add(
        actor=world.users[Role.SCHOOL_ADMIN], project=pair.project, role="student", student=world.student1
    )
    assert [p["id"] for p in client.get("/api/v1/projects/").json()["results"]] == [pair.project.pk]
    assert client.get("/api/v1/agreements/").json()["count"] == 0


def test_project_create_filter_and_status(world, api_client_for, pair):
    client = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    response = client.post(
        "/api/v1/projects/",
        {
            "agreement": pair.agreement.pk,
            "project_type": "training_base",
            "title": "共建智能产线实训基地",
            "start_date": "2026-02-01",
            "details": {"mode": "school_in_factory", "floor_area_m2": 900},
            "majors": [world.major1.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    bad = client.post(
        "/api/v1/projects/",
        {
            "agreement": pair.agreement.pk,
            "project_type": "order_class",
            "title": "订单班",
            "start_date": "2026-02-01",
            "details": {"class_size": 40},
        },
        format="json",
    )
    assert bad.status_code == 400 and "details.target_posts" in bad.json()["errors"]
    listing = client.get("/api/v1/projects/?project_type=training_base").json()
    assert [p["id"] for p in listing["results"]] == [pk]
    assert client.post(f"/api/v1/projects/{pk}/status/", {"status": "completed"}, format="json").status_code == 409
    assert (
        client.post(f"/api/v1/projects/{pk}/status/", {"status": "running"}, format="json").json()["status"]
        == "running"
    )


def test_children_endpoints(world, api_client_for, pair):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    r = client.post(
        "/api/v1/project-milestones/",
        {"project": pair.project.pk, "title": "开班", "due_date": "2025-10-01"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert (
        client.post(
            f"/api/v1/project-milestones/{r.json()['id']}/complete/", {"done_on": "2025-09-30"}, format="json"
        ).json()["done_on"]
        == "2025-09-30"
    )
    r = client.post(
        "/api/v1/project-outputs/",
        {"project": pair.project.pk, "kind": "hours_taught", "quantity": "64", "recorded_on": "2026-01-05"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    r = client.post(
        "/api/v1/project-participants/",
        {"project": pair.project.pk, "role": "teacher", "teacher": world.teacher1.pk},
        format="json",
    )
    assert r.status_code == 201, r.json()
    # A teacher of the other school is not even visible: 400 naming the field, nothing saved.
    r = client.post(
        "/api/v1/project-participants/",
        {"project": pair.project.pk, "role": "teacher", "teacher": world.teacher2.pk},
        format="json",
    )
    assert r.status_code == 400 and "teacher" in r.json()["errors"]
    assert client.get(f"/api/v1/project-participants/?project={pair.project.pk}").json()["count"] == 1
    pairs = client.get("/api/v1/partnerships/").json()
    assert [(p["school_id"], p["enterprise_id"]) for p in pairs["results"]] == [
        (world.school1.pk, world.enterprise1.pk)
    ]
    timeline = client.get(f"/api/v1/partnerships/timeline/?school={world.school1.pk}&enterprise={world.enterprise1.pk}")
    kinds = {e["kind"] for e in timeline.json()}
    assert {"agreement.signed", "project.started", "milestone.done", "output.recorded"} <= kinds


def test_expiring_filter(world, api_client_for):
    today = dt.date.today()
    soon = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status=AgreementStatus.ACTIVE,
        start_date=today - dt.timedelta(days=900),
        end_date=today + dt.timedelta(days=30),
    )
    AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status=AgreementStatus.ACTIVE,
        start_date=today - dt.timedelta(days=900),
        end_date=today + dt.timedelta(days=300),
    )
    client = api_client_for(world.users[Role.AUTHORITY_OFFICER])
    ids = [a["id"] for a in client.get("/api/v1/agreements/?expiring_within=60").json()["results"]]
    assert ids == [soon.pk]


def test_list_query_count_does_not_grow_with_page_size(world, api_client_for, django_assert_max_num_queries):
    for i in range(30):
        a = AgreementFactory(school=world.school1, enterprise=world.enterprise1, title=f"协议{i}")
        Project.objects.create(
            agreement=a,
            school=a.school,
            enterprise=a.enterprise,
            project_type="joint_rnd",
            title=f"项目{i}",
            start_date=a.start_date,
            details={},
        )
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/agreements/?page_size=1")  # warm-up: the actor is built once per user
    counts = {}
    for path in ("/api/v1/agreements/", "/api/v1/projects/"):
        for size in (5, 25):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"{path}?page_size={size}").status_code == 200
            counts[(path, size)] = len(ctx.captured_queries)
        assert counts[(path, 5)] == counts[(path, 25)], counts
