from celery import shared_task


@shared_task(name="messaging.deliveries_send")
def deliveries_send(ids: list[int]) -> int:
    from .services import delivery_attempt

    for pk in ids:
        delivery_attempt(pk)
    return len(ids)


@shared_task(name="messaging.deliveries_due")
def deliveries_due() -> int:
    """Every minute: retries whose back-off has passed and deliveries held for quiet hours."""
    from .services import deliveries_due as run

    return run()
