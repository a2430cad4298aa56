"""The resource pages' API twins: a training base and a resource listed by the owner's admin."""

import pytest

from workbridge.core.roles import Role
from workbridge.resources.models import Resource

pytestmark = pytest.mark.django_db


def test_base_then_resource(world, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    base = admin.post("/api/v1/resources/bases/", {"name": "智能制造实训基地", "kind": "on_campus"}, format="json")
    assert base.status_code == 201, base.json()
    made = admin.post(
        "/api/v1/resources/resources/",
        {
            "name": "PLC 实训室",
            "kind": "lab",
            "base": base.json()["id"],
            "capacity": 40,
            "in_service_since": "2023-09-01",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert Resource.objects.get(pk=made.json()["id"]).base_id == base.json()["id"]

    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    foreign_base = other.post(
        "/api/v1/resources/resources/",
        {"name": "x", "kind": "lab", "base": base.json()["id"], "in_service_since": "2023-09-01"},
        format="json",
    )
    assert foreign_base.status_code == 404
    student = api_client_for(world.users[Role.STUDENT])
    assert (
        student.post(
            "/api/v1/resources/resources/",
            {"name": "x", "kind": "lab", "in_service_since": "2023-09-01"},
            format="json",
        ).status_code
        == 403
    )
