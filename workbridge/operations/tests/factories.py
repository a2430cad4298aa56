import datetime as dt

import factory
from django.utils import timezone

from workbridge.operations.models import JobRun, JobStatus


class JobRunFactory(factory.django.DjangoModelFactory):
    """A finished, successful run of a scheduled job that took three seconds."""

    class Meta:
        model = JobRun

    name = "privacy.retention_apply"
    task_id = factory.Sequence(lambda n: f"task-{n:08d}")
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=5))
    finished_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(seconds=3))
    status = JobStatus.SUCCEEDED
    summary = "checkin_coordinates: 0"
    host = "worker-1"
