from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role


def items(actor) -> list[NavItem]:
    role = actor.role
    if role is None:
        return []
    if role == Role.STUDENT:
        return [
            NavItem(_("My internship"), "/placements/my/", order=20),
            NavItem(_("Positions"), "/placements/positions/", order=21),
            NavItem(_("Matching rounds"), "/placements/rounds/", order=22),
        ]
    out = [
        NavItem(_("Internships"), "/placements/desk/", order=20),
        NavItem(_("Alerts"), "/placements/alerts/", order=26),
    ]
    if role in SCHOOL_ROLES or role in ENTERPRISE_ROLES or role == Role.GROUP_OFFICER:
        out += [
            NavItem(_("Positions"), "/placements/positions/", order=21),
            NavItem(_("Placements"), "/placements/placements/", order=23),
        ]
        out.append(NavItem(_("Reports to review"), "/placements/reviews/", order=24))
    if role in SCHOOL_ROLES or role == Role.GROUP_OFFICER or role in ENTERPRISE_ROLES:
        out.append(NavItem(_("Matching rounds"), "/placements/rounds/", order=22))
    if role in SCHOOL_ROLES or role in (Role.GROUP_OFFICER, Role.PLATFORM_ADMIN):
        out.append(NavItem(_("Internship plans"), "/placements/plans/", order=19))
    if role in (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.PLATFORM_ADMIN):
        out.append(NavItem(_("Internship statistics"), "/placements/statistics/", order=27))
    if role == Role.AUTHORITY_OFFICER:
        out = [i for i in out if i.url in ("/placements/alerts/", "/placements/statistics/", "/placements/desk/")]
    return out
