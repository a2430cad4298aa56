import time

from celery import shared_task


@shared_task(name="operations.probe")
def probe(seconds: float = 0) -> str:
    """A health probe: proves a worker picks up work (and, with ``seconds``, that a task whose worker process died
    is delivered again). Recorded like every scheduled job."""
    time.sleep(min(float(seconds), 60))
    return "ok"
