"""core.debounce: a recompute that follows writes is queued once per key and window, after the commit."""

import pytest
from django.core.cache import cache

from workbridge.core.debounce import queue_once


class RecordingTask:
    name = "tests.recording"

    def __init__(self):
        self.queued, self.ran = [], []

    def apply_async(self, kwargs=None, countdown=None):
        self.queued.append((kwargs, countdown))

    def apply(self, kwargs=None):
        self.ran.append(kwargs)


@pytest.mark.django_db
def test_one_run_per_key_and_window_after_the_commit(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    task = RecordingTask()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_once(task, key="school-1", window=30, school_id=1) is True
        assert queue_once(task, key="school-1", window=30, school_id=1) is False  # already waiting
        assert queue_once(task, key="school-2", window=30, school_id=2) is True
        assert task.queued == []  # nothing leaves before the commit
    assert task.queued == [({"school_id": 1}, 30), ({"school_id": 2}, 30)]
    assert task.ran == []


@pytest.mark.django_db
def test_without_a_broker_it_runs_at_once(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    task = RecordingTask()
    queue_once(task, key="all")
    queue_once(task, key="all")
    assert task.ran == [{}, {}] and task.queued == []
