"""Recomputes that follow writes, queued once per window: fifty posting files imported in a minute queue one
demand recompute for their region, not fifty, and never run inside the request that made the change."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

DEFAULT_WINDOW_SECONDS = 60


def queue_once(task, *, key: str, window: int | None = None, **kwargs) -> bool:
    """Queue ``task(**kwargs)`` to run ``window`` seconds (default: the RECOMPUTE_DEBOUNCE_SECONDS setting) after the
    current transaction commits, unless a run for the same task and ``key`` (a region, a major) is already waiting.
    Without a broker (one process, tests) the task runs at once, as every task then does. True when this call
    queued (or ran) it."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply(kwargs=kwargs)
        return True
    if window is None:
        window = getattr(settings, "RECOMPUTE_DEBOUNCE_SECONDS", DEFAULT_WINDOW_SECONDS)
    marker = f"queued:{task.name}:{key}"
    if not cache.add(marker, 1, timeout=window):
        return False

    def send():
        task.apply_async(kwargs=kwargs, countdown=window)

    transaction.on_commit(send)
    return True
