from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem

from . import permissions as perms


def items(actor) -> list[NavItem]:
    if perms.may_run_sessions(actor) or perms.may_ask_for_counselling(actor):
        return [NavItem(_("Guidance"), "/guidance/", order=60)]
    return []
