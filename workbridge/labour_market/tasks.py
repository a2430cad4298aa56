"""Celery tasks: thin wrappers over services (eager without Redis)."""

from celery import shared_task


@shared_task(name="labour_market.ingest_batch")
def ingest_batch(batch_id: int) -> str:
    from .services import batch_process

    return batch_process(batch_id=batch_id).status


@shared_task(name="labour_market.demand_recompute")
def demand_recompute() -> int:
    from .services import demand_recompute as run

    return run()


@shared_task(name="labour_market.destination_followups")
def destination_followups() -> int:
    """Daily: six months after graduation, send the destination survey to graduates without a record."""
    from .services import followups_send

    return followups_send()


@shared_task(name="labour_market.warnings_recompute")
def warnings_recompute(
    school_id: int | None = None, major_ids: list[int] | None = None, year: int | None = None
) -> int:
    """Nightly for every major; after a destinations import, for that school's majors; on request from the warnings
    page, for the majors its user oversees (all through core.debounce)."""
    from workbridge.academics.models import Major

    from .services import warnings_recompute as run

    if major_ids is not None:
        return run(majors=list(Major.objects.filter(pk__in=major_ids)), year=year)
    return run(majors=list(Major.objects.filter(school_id=school_id)), year=year) if school_id else run(year=year)


@shared_task(name="labour_market.ingest_recover")
def ingest_recover() -> list[int]:
    """Every five minutes: resume posting batches whose worker died (lease run out)."""
    from .services import ingest_recover as run

    return run()
