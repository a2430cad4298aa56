"""Who a campus identity is in WorkBridge: the campus ID (student or staff number, as the college's CAS or OIDC
server names it) of the school configured in SSO_SCHOOL_NAME, looked up on the school's student and teacher records
that already have an account. Campus log-in never creates an account, and never reaches enterprise, authority or
platform accounts: those keep their local passwords."""

from __future__ import annotations

from django.conf import settings

from workbridge.academics.models import Student, Teacher
from workbridge.core.roles import OrgKind
from workbridge.organizations.models import Organization


def sso_school() -> Organization | None:
    name = getattr(settings, "SSO_SCHOOL_NAME", "")
    return Organization.objects.filter(kind=OrgKind.SCHOOL, name=name).first() if name else None


def campus_user(identifier: str):
    """The active account linked to this campus ID, or None."""
    identifier = (identifier or "").strip()
    school = sso_school()
    if not identifier or school is None:
        return None
    for model, field in ((Student, "student_number"), (Teacher, "employee_number")):
        record = (
            model.objects.filter(school=school, **{field: identifier}, user__isnull=False, user__is_active=True)
            .select_related("user")
            .first()
        )
        if record is not None:
            return record.user
    return None


def cas_enabled() -> bool:
    return bool(getattr(settings, "CAS_SERVER_URL", "")) and sso_school_configured()


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")) and sso_school_configured()


def sso_school_configured() -> bool:
    return bool(getattr(settings, "SSO_SCHOOL_NAME", ""))
