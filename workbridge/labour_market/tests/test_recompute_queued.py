"""The pages' and the API's "recompute" buttons queue the work for a worker once the request commits (issue 12.2):
with a broker nothing heavy runs inside the request; without one (tests, `make run`) it runs at once."""

import pytest

from workbridge.core.models import AuditLog
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    calls = []

    def fake_queue_once(task, *, key, window=60, **kwargs):
        calls.append((task.name, key, kwargs))
        return True

    monkeypatch.setattr("workbridge.core.debounce.queue_once", fake_queue_once)
    return calls


def test_warnings_recompute_is_queued_with_the_callers_majors(world, api_client_for, queued):
    answer = api_client_for(world.users[Role.SCHOOL_ADMIN]).post(
        "/api/v1/labour-market/warnings/recompute/", {"year": 2025}, format="json"
    )
    assert answer.status_code == 202 and answer.json()["queued"] is True
    ((name, _key, kwargs),) = queued
    assert name == "labour_market.warnings_recompute"
    assert kwargs == {"major_ids": [world.major1.pk], "year": 2025}, "only the school's own majors"
    assert AuditLog.objects.filter(action="labour_market.warnings_recompute_queued").exists()


def test_warnings_page_says_the_figures_follow(world, client, queued):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    answer = client.post("/labour-market/warnings/", {"year": "2025"}, follow=True)
    assert answer.status_code == 200 and queued
    assert "约一分钟后更新" in answer.content.decode()


def test_a_year_out_of_range_is_refused_before_anything_is_queued(world, api_client_for, queued):
    answer = api_client_for(world.users[Role.SCHOOL_ADMIN]).post(
        "/api/v1/labour-market/warnings/recompute/", {"year": 2099}, format="json"
    )
    assert answer.status_code == 400 and not queued


def test_scores_recompute_is_queued_too(world, api_client_for, queued):
    answer = api_client_for(world.users[Role.PLATFORM_ADMIN]).post(
        "/api/v1/evaluation/recompute/", {"term": "2025-2026-1"}, format="json"
    )
    assert answer.status_code == 202 and answer.json() == {"term": "2025-2026-1", "queued": True}
    assert queued[0][0] == "evaluation.scores_recompute" and queued[0][2] == {"term": "2025-2026-1"}


def test_the_task_judges_exactly_the_majors_it_was_given(world):
    from workbridge.labour_market.models import MajorWarning
    from workbridge.labour_market.tasks import warnings_recompute

    assert warnings_recompute.apply(kwargs={"major_ids": [world.major1.pk], "year": 2025}).get() == 1
    assert set(MajorWarning.objects.values_list("major_id", flat=True)) == {world.major1.pk}
