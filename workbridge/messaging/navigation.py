from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem

from .services import can_manage_channels


def items(actor) -> list[NavItem]:
    if actor.role is None:
        return []
    found = [NavItem(_("Message settings"), reverse("messaging:preferences"), order=90)]
    if can_manage_channels(actor) or actor.is_platform_admin:
        found.append(NavItem(_("Messengers"), reverse("messaging:channels"), order=91))
        found.append(NavItem(_("Delivery log"), reverse("messaging:deliveries"), order=92))
    return found
