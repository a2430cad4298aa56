"""Student lists (issue 14): the SQL statements per request do not grow with the page size, and the page is read
in index order (school_id, student_number) without a join to the school to sort by its name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbridge.academics.models import Student
from workbridge.academics.tests.factories import StudentFactory
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    StudentFactory.create_batch(30, school=world.school1, major=world.major1)
    StudentFactory.create_batch(5, school=world.school2)
    return world


def _count(client, path, size):
    client.get(path, {"page_size": size})  # once before: the first request of a session may write it
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"page_size": size})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", [Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN])
def test_students_api_queries_do_not_grow_with_the_page_size(many, api_client_for, role):
    client = api_client_for(many.users[role])
    small, first = _count(client, "/api/v1/students/", 2)
    large, second = _count(client, "/api/v1/students/", 30)
    assert len(first.json()["results"]) == 2 and len(second.json()["results"]) >= 30
    assert small == large


def test_students_page_queries_do_not_grow_with_the_page_size(many, client):
    client.force_login(many.users[Role.SCHOOL_ADMIN])
    small, _ = _count(client, "/academics/students/", 5)
    large, _ = _count(client, "/academics/students/", 30)
    assert small == large


def test_students_are_ordered_by_the_unique_index_not_the_school_name(many, api_client_for):
    client = api_client_for(many.users[Role.AUTHORITY_OFFICER])
    with CaptureQueriesContext(connection) as ctx:
        rows = client.get("/api/v1/students/", {"page_size": 100}).json()["results"]
    page_query = next(
        q["sql"]
        for q in ctx.captured_queries
        if "LIMIT" in q["sql"] and q["sql"].startswith('SELECT "academics_student"')
    )
    assert 'ORDER BY "academics_student"."school_id" ASC, "academics_student"."student_number" ASC' in page_query
    ids = [r["id"] for r in rows]
    assert len(ids) > 30
    assert ids == list(
        Student.objects.filter(pk__in=ids).order_by("school_id", "student_number").values_list("pk", flat=True)
    )
