"""The operations factory builds a valid, finished job run."""

import pytest

from workbridge.operations.jobs import DESCRIPTIONS
from workbridge.operations.models import JobStatus
from workbridge.operations.tests.factories import JobRunFactory

pytestmark = pytest.mark.django_db


def test_job_run_is_a_finished_scheduled_job():
    run = JobRunFactory()
    run.full_clean()
    assert run.status == JobStatus.SUCCEEDED
    assert run.seconds == 3.0
    assert run.name in DESCRIPTIONS and run.label == str(DESCRIPTIONS[run.name])
    assert JobRunFactory().task_id != run.task_id
