from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, Todo
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role


def todos(actor) -> list[Todo]:
    if not (actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES or actor.role == Role.STUDENT):
        return []
    from .selectors import unread_total

    return [Todo(_("Unread messages in conversations"), unread_total(actor=actor), "/conversations/", SOON)]
