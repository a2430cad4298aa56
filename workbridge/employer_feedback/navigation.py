from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role

# Students are left out on purpose: they never see the ratings given to them (see permissions.py).
ROLES = (
    Role.SCHOOL_ADMIN,
    Role.TEACHER,
    Role.ENTERPRISE_ADMIN,
    Role.ENTERPRISE_MENTOR,
    Role.AUTHORITY_OFFICER,
    Role.GROUP_OFFICER,
)


def items(actor) -> list[NavItem]:
    if actor.is_platform_admin or actor.role in ROLES:
        return [NavItem(_("Employer feedback"), "/employer-feedback/", order=42)]
    return []
