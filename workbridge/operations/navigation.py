from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem


def items(actor) -> list[NavItem]:
    if not actor.is_platform_admin:
        return []
    return [NavItem(_("Scheduled jobs"), reverse("operations:jobs"), order=96)]
