from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, Card, Todo

from . import permissions as perms


def cards(actor) -> list[Card]:
    if actor is None or not perms.may_see_reviews(actor):
        return []
    from .selectors import review_list

    n = review_list(actor=actor, open_only=True).count()
    return [Card(_("Open major reviews"), n, "/major-reviews/", tone="warn" if n else "good", order=62)]


def todos(actor) -> list[Todo]:
    """Reviews waiting for the school's decision (the school's admin)."""
    if actor is None or not perms.may_see_reviews(actor) or perms.may_see_region(actor):
        return []
    from .selectors import review_list

    waiting = review_list(actor=actor).filter(status__in=("open", "discussing")).count()
    return [Todo(_("Major reviews waiting for the school's decision"), waiting, "/major-reviews/", SOON)]
