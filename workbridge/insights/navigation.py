from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role


def items(actor) -> list[NavItem]:
    if not (actor.is_platform_admin or actor.role in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN)):
        return []
    return [
        NavItem(label=_("Regional view"), url=reverse("insights:dashboard"), order=650),
        NavItem(label=_("Annual report"), url=reverse("insights:report"), order=660),
    ]
