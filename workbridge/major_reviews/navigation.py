from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem

from . import permissions as perms


def items(actor) -> list[NavItem]:
    if actor is not None and perms.may_see_reviews(actor):
        return [NavItem(_("Major reviews"), "/major-reviews/", order=62)]
    return []
