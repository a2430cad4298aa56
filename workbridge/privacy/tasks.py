from celery import shared_task


@shared_task(name="privacy.retention_apply")
def retention_apply() -> dict:
    from .retention import retention_apply as run

    return run()
