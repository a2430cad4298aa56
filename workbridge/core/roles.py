from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PLATFORM = "platform", _("Platform operator")
    AUTHORITY = "authority", _("Education authority")
    GROUP = "group", _("Vocational education group")
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Industry association")


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    AUTHORITY_OFFICER = "authority_officer", _("Authority officer")
    GROUP_OFFICER = "group_officer", _("Group officer")
    ASSOCIATION_OFFICER = "association_officer", _("Association officer")
    SCHOOL_ADMIN = "school_admin", _("School admin")
    TEACHER = "teacher", _("Teacher (school mentor)")
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise admin")
    ENTERPRISE_MENTOR = "enterprise_mentor", _("Enterprise mentor")
    STUDENT = "student", _("Student")


# Which organisation kind each role belongs to; a membership must match (also a DB constraint).
ROLE_ORG_KIND: dict[str, str] = {
    Role.PLATFORM_ADMIN: OrgKind.PLATFORM,
    Role.AUTHORITY_OFFICER: OrgKind.AUTHORITY,
    Role.GROUP_OFFICER: OrgKind.GROUP,
    Role.ASSOCIATION_OFFICER: OrgKind.ASSOCIATION,
    Role.SCHOOL_ADMIN: OrgKind.SCHOOL,
    Role.TEACHER: OrgKind.SCHOOL,
    Role.ENTERPRISE_ADMIN: OrgKind.ENTERPRISE,
    Role.ENTERPRISE_MENTOR: OrgKind.ENTERPRISE,
    Role.STUDENT: OrgKind.SCHOOL,
}

SCHOOL_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.TEACHER})
ENTERPRISE_ROLES = frozenset({Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR})
ADMIN_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN})
# The mentors on both sides work with students day to day: their home page's key figures are about their own work
# (interns, reports, alerts, their projects); the organisation's figures (agreements, depth, resources, demand) are
# for its administrators and the oversight roles.
STAFF_ROLES = frozenset({Role.TEACHER, Role.ENTERPRISE_MENTOR})
