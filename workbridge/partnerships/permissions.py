"""Who may do what with agreements and cooperation projects (named predicates, see core.permissions). Services
ask the same predicates before they write."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.roles import Role

from .models import Agreement, AgreementStatus, Project

# The admins who draft agreements and start projects for their organisation.
WRITER_ROLES = (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN)
RENEWAL_WINDOW_DAYS = 60  # a live agreement may be renewed from this many days before its end (the reminder's lead)


def may_draft(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role in WRITER_ROLES


def require_drafter(actor: Actor, message: str) -> None:
    """Roles that never draft agreements or start projects get 403 before their input is looked at."""
    if not may_draft(actor):
        raise PermissionDenied(message)


def default_parties(actor: Actor) -> tuple[int | None, int | None]:
    """The side an admin drafts for: a school admin's school, an enterprise admin's enterprise."""
    school = actor.organization_id if actor.role == Role.SCHOOL_ADMIN else None
    enterprise = actor.organization_id if actor.role == Role.ENTERPRISE_ADMIN else None
    return school, enterprise


def chooses_school(actor: Actor) -> bool:
    """An enterprise admin (or the platform) picks the school of a new agreement."""
    return actor.is_platform_admin or actor.role == Role.ENTERPRISE_ADMIN


def chooses_enterprise(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role == Role.SCHOOL_ADMIN


def may_write_partnership(actor: Actor, school_id: int, enterprise_id: int) -> bool:
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return True
    if actor.role == Role.SCHOOL_ADMIN and actor.organization_id == school_id:
        return True
    return actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == enterprise_id


def may_write_school_people(actor: Actor, project: Project) -> bool:
    actor = as_actor(actor)
    return actor.is_platform_admin or (actor.role == Role.SCHOOL_ADMIN and actor.organization_id == project.school_id)


def may_renew(actor: Actor, agreement: Agreement, *, today: dt.date | None = None) -> bool:
    from .selectors import renewal_successor

    today = today or timezone.localdate()
    if not may_write_partnership(actor, agreement.school_id, agreement.enterprise_id):
        return False
    if agreement.status not in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.EXPIRED):
        return False
    if agreement.status != AgreementStatus.EXPIRED and agreement.end_date - today > dt.timedelta(
        days=RENEWAL_WINDOW_DAYS
    ):
        return False
    return renewal_successor(agreement) is None


def require_writer_message() -> str:
    return _("Only school and enterprise admins draft agreements.")


def may_archive(actor: Actor, record) -> bool:
    """An agreement or project is put away by the admins who may write the partnership (either side)."""
    return may_write_partnership(actor, record.school_id, record.enterprise_id)
