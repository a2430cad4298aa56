"""Celery tasks of the partnerships app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="partnerships.agreements_daily")
def agreements_daily() -> dict[str, int]:
    """Daily: activate agreements whose term began, expire those past their end, remind 60 days ahead."""
    return services.agreements_daily()
