"""core.bulk.set_column_by_pk: each row gets its own value, other rows and columns stay, batches join up."""

import pytest

from workbridge.core import bulk
from workbridge.core.roles import Role
from workbridge.organizations.models import Organization
from workbridge.organizations.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_value_across_batches(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 2)  # 5 rows in 3 statements
    schools = [SchoolFactory(name=f"学校{n}") for n in range(6)]
    untouched = schools.pop()
    written = bulk.set_column_by_pk(Organization, "name", [(s.pk, f"新名称{s.pk}") for s in schools])
    assert written == 5
    for school in schools:
        school.refresh_from_db()
        assert school.name == f"新名称{school.pk}"
    untouched.refresh_from_db()
    assert untouched.name == "学校5"


def test_a_foreign_key_is_set_by_its_field_name_and_can_be_cleared(world):
    student = world.student1
    user = world.users[Role.STUDENT]
    assert bulk.set_column_by_pk(type(student), "user", [(student.pk, None)]) == 1
    student.refresh_from_db()
    assert student.user_id is None
    bulk.set_column_by_pk(type(student), "user", [(student.pk, user.pk)])
    student.refresh_from_db()
    assert student.user_id == user.pk


def test_nothing_to_write_writes_nothing():
    assert bulk.set_column_by_pk(Organization, "name", []) == 0
