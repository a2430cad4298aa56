from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role


def items(actor) -> list[NavItem]:
    role = actor.role
    if actor.is_platform_admin or role in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN, Role.TEACHER):
        found = [
            NavItem(_("Students"), reverse("academics:student-list"), order=20),
            NavItem(_("Teachers"), reverse("academics:teacher-list"), order=21),
            NavItem(_("Majors"), reverse("academics:major-list"), order=22),
            NavItem(_("Courses"), reverse("academics:course-list"), order=23),
        ]
        if role == Role.SCHOOL_ADMIN:
            found.append(NavItem(_("Log-ins"), reverse("academics:accounts"), order=26))
        if role in (Role.SCHOOL_ADMIN, Role.TEACHER) or actor.is_platform_admin:
            found += [
                NavItem(_("Classes"), reverse("academics:cohort-list"), order=24),
                NavItem(_("Departments"), reverse("academics:department-list"), order=25),
            ]
        return found
    if role == Role.STUDENT and actor.student_id:
        return [
            NavItem(
                _("My record"), reverse("academics:student-detail", kwargs={"student_id": actor.student_id}), order=20
            ),
            NavItem(_("Courses"), reverse("academics:course-list"), order=23),
        ]
    if role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR):
        return [NavItem(_("Our students"), reverse("academics:student-list"), order=20)]
    return []
