from celery import shared_task


@shared_task(name="evaluation.scores_recompute")
def scores_recompute_task(term: str | None = None) -> dict:
    """Recompute a term's depth scores (nightly for the current term, or after bulk imports; no acting user)."""
    from django.utils import timezone

    from .engines.terms import term_of
    from .services import scores_recompute

    result = scores_recompute(actor=None, term=term or term_of(timezone.localdate()).code)
    return {
        "term": result.term,
        "partnerships": result.partnerships,
        "enterprises": result.enterprises,
        "schools": result.schools,
        "majors": result.majors,
    }
