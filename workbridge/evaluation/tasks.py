from celery import shared_task


@shared_task(name="evaluation.scores_recompute")
def scores_recompute_task(term: str) -> dict:
    """Recompute a term's depth scores (run by the scheduler or after bulk imports; no acting user)."""
    from .services import scores_recompute

    result = scores_recompute(actor=None, term=term)
    return result.__dict__
