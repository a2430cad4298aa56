"""A bounded fuzz run of the whole API against its OpenAPI schema (issue 8, "keep them closed"): schemathesis
generates requests for every operation, as a school admin and as a student, and the run fails on any 5xx answer
or any answer whose body does not match the documented schema. The seed is fixed and printed, so a failure can be
replayed exactly: `FUZZ_SEED=<n> pytest tests/test_api_fuzz.py`."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

SEED = int(os.environ.get("FUZZ_SEED", "20261205"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
print(f"API fuzz: seed {SEED}, {EXAMPLES} examples per operation")


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django's WSGI handler closes "old" connections at the start and end of every request; inside the test's
    transaction that closes the very connection the test runs in (PostgreSQL then answers "the connection is
    closed"). Django's own test client unhooks the same receiver for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world):
    from rest_framework.authtoken.models import Token

    from workbridge.core.roles import Role

    return {role: Token.objects.create(user=world.users[role]).key for role in (Role.SCHOOL_ADMIN, Role.STUDENT)}


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_answers_within_its_schema_and_never_5xx(case, tokens):
    for key in tokens.values():
        response = case.call(headers={"Authorization": f"Token {key}"})
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
