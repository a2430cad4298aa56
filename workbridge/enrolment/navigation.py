from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role

ROLES = (
    Role.SCHOOL_ADMIN,
    Role.TEACHER,
    Role.STUDENT,
    Role.ENTERPRISE_ADMIN,
    Role.ENTERPRISE_MENTOR,
    Role.AUTHORITY_OFFICER,
    Role.GROUP_OFFICER,
    Role.ASSOCIATION_OFFICER,
)


def items(actor) -> list[NavItem]:
    if actor.is_platform_admin or actor.role in ROLES:
        return [NavItem(_("Joint enrolment"), "/enrolment/", order=35)]
    return []
