"""Writes for dual-qualified teachers: practice records, qualifications, enterprise lecturers, alerts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor, require_org
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    ValidationFailed,
)
from workbridge.core.roles import ENTERPRISE_ROLES, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean

from .models import (
    EnterpriseLecturer,
    LecturerTeaching,
    PracticeAlert,
    PracticeRecord,
    PracticeStatus,
    Qualification,
    TeacherProfile,
)
from .rules import practice_rule_data


def _require_teacher_or_admin(actor: Actor, teacher) -> None:
    """The teacher themself, or a school admin of the teacher's school."""
    if actor.is_platform_admin:
        return
    if actor.role == Role.TEACHER and actor.teacher_id == teacher.pk and actor.organization_id == teacher.school_id:
        return
    require_org(actor, teacher.school_id, [Role.SCHOOL_ADMIN])


def _org_users(org_id: int, roles):
    from workbridge.organizations.models import User

    return User.objects.filter(
        memberships__organization_id=org_id, memberships__role__in=roles, memberships__is_active=True
    ).distinct()


@transaction.atomic
def profile_update(
    *, actor: Actor, teacher, employment_start: dt.date | None, subject_to_practice: bool
) -> TeacherProfile:
    actor = as_actor(actor)
    require_org(actor, teacher.school_id, [Role.SCHOOL_ADMIN])
    profile, _created = TeacherProfile.objects.get_or_create(teacher=teacher, defaults={"school_id": teacher.school_id})
    profile.employment_start = employment_start
    profile.subject_to_practice = subject_to_practice
    _clean(profile)
    profile.save()
    audit_record(actor=actor, action="faculty.profile.update", target=profile, organization_id=teacher.school_id)
    return profile


@transaction.atomic
def practice_record_submit(
    *, actor: Actor, teacher, enterprise, start_date: dt.date, end_date: dt.date, days: int, tasks: str, project=None
) -> PracticeRecord:
    """A teacher (or their school admin) records a period of enterprise practice for the enterprise to confirm.

    Periods of one teacher may not overlap (a day at an enterprise is counted once).
    """
    actor = as_actor(actor)
    _require_teacher_or_admin(actor, teacher)
    if not (tasks or "").strip():
        raise ValidationFailed(_("Describe the tasks and post."), errors={"tasks": [_("This field is required.")]})
    if project is not None and (project.school_id != teacher.school_id or project.enterprise_id != enterprise.pk):
        raise ValidationFailed(
            _("The project must be between the teacher's school and this enterprise."), errors={"project": ["mismatch"]}
        )
    record = PracticeRecord(
        teacher=teacher,
        school_id=teacher.school_id,
        enterprise=enterprise,
        project=project,
        start_date=start_date,
        end_date=end_date,
        days=days,
        tasks=tasks.strip(),
        submitted_by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    _clean(record)
    clash = (
        PracticeRecord.objects.select_for_update()
        .filter(teacher=teacher, start_date__lte=end_date, end_date__gte=start_date)
        .exclude(status=PracticeStatus.REJECTED)
        .first()
    )
    if clash is not None:
        raise Conflict(
            _("This period overlaps the practice at %(e)s from %(s)s to %(t)s.")
            % {"e": clash.enterprise, "s": clash.start_date, "t": clash.end_date}
        )
    record.save()
    audit_record(
        actor=actor.user,
        action="faculty.practice.submit",
        target=record,
        organization_id=teacher.school_id,
        data={"enterprise_id": enterprise.pk, "days": days},
    )
    recipients = list(_org_users(enterprise.pk, ENTERPRISE_ROLES))
    for user in recipients:
        notification_send(
            recipient=user,
            kind="faculty.practice.confirm",
            title=_("Please confirm %(t)s's enterprise practice") % {"t": teacher.name},
            link="/faculty/confirmations/",
        )
    return record


@transaction.atomic
def practice_record_decide(*, actor: Actor, record: PracticeRecord, confirm: bool, comment: str = "") -> PracticeRecord:
    """The host enterprise (admin or mentor) confirms or rejects a submitted practice record."""
    actor = as_actor(actor)
    require_org(actor, record.enterprise_id, ENTERPRISE_ROLES)
    record = PracticeRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != PracticeStatus.SUBMITTED:
        raise InvalidTransition(_("This record was already decided (%(s)s).") % {"s": record.get_status_display()})
    if not confirm and not comment.strip():
        raise ValidationFailed(_("Say why the record is rejected."), errors={"comment": [_("This field is required.")]})
    record.status = PracticeStatus.CONFIRMED if confirm else PracticeStatus.REJECTED
    record.confirmed_by = actor.user if getattr(actor.user, "pk", None) else None
    record.confirmed_at = timezone.now()
    record.enterprise_comment = comment.strip()
    record.save(update_fields=["status", "confirmed_by", "confirmed_at", "enterprise_comment", "updated_at"])
    audit_record(
        actor=actor.user,
        action=f"faculty.practice.{record.status}",
        target=record,
        organization_id=record.enterprise_id,
    )
    teacher_user = record.teacher.user
    if teacher_user is not None:
        title = _("Your enterprise practice was confirmed") if confirm else _("Your enterprise practice was rejected")
        notification_send(
            recipient=teacher_user,
            kind="faculty.practice.decided",
            title=title,
            body=record.enterprise_comment,
            link="/faculty/me/",
        )
    return record


@transaction.atomic
def qualification_add(
    *,
    actor: Actor,
    teacher,
    kind: str,
    name: str,
    level: str,
    issuer: str,
    issued_on: dt.date,
    certificate_number: str = "",
    expires_on: dt.date | None = None,
) -> Qualification:
    actor = as_actor(actor)
    _require_teacher_or_admin(actor, teacher)
    qualification = Qualification(
        teacher=teacher,
        school_id=teacher.school_id,
        kind=kind,
        name=(name or "").strip(),
        level=level,
        issuer=(issuer or "").strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        certificate_number=(certificate_number or "").strip(),
        # A school admin entering it from the original counts as verification.
        verified=actor.role == Role.SCHOOL_ADMIN or actor.is_platform_admin,
        verified_by=actor.user if actor.role == Role.SCHOOL_ADMIN else None,
    )
    _clean(qualification)
    qualification.save()
    audit_record(
        actor=actor, action="faculty.qualification.add", target=qualification, organization_id=teacher.school_id
    )
    return qualification


@transaction.atomic
def qualification_verify(*, actor: Actor, qualification: Qualification) -> Qualification:
    actor = as_actor(actor)
    require_org(actor, qualification.school_id, [Role.SCHOOL_ADMIN])
    if qualification.verified:
        raise InvalidTransition(_("Already verified."))
    qualification.verified = True
    qualification.verified_by = actor.user
    qualification.save(update_fields=["verified", "verified_by", "updated_at"])
    audit_record(
        actor=actor,
        action="faculty.qualification.verify",
        target=qualification,
        organization_id=qualification.school_id,
    )
    return qualification


@transaction.atomic
def lecturer_add(
    *,
    actor: Actor,
    school,
    enterprise,
    name: str,
    position: str = "",
    expertise: str = "",
    engaged_from: dt.date,
    engaged_until: dt.date | None = None,
) -> EnterpriseLecturer:
    """The school engages a member of an enterprise's staff as a part-time lecturer."""
    actor = as_actor(actor)
    require_org(actor, school.pk, [Role.SCHOOL_ADMIN])
    if enterprise.kind != "enterprise" or enterprise.vetting_status != "approved":
        raise ValidationFailed(
            _("Lecturers come from an approved enterprise."), errors={"enterprise": ["not approved"]}
        )
    lecturer = EnterpriseLecturer(
        school=school,
        enterprise=enterprise,
        name=(name or "").strip(),
        position=position.strip(),
        expertise=expertise.strip(),
        engaged_from=engaged_from,
        engaged_until=engaged_until,
    )
    _clean(lecturer)
    lecturer.save()
    audit_record(actor=actor, action="faculty.lecturer.add", target=lecturer, organization_id=school.pk)
    return lecturer


@transaction.atomic
def lecturer_teaching_record(
    *, actor: Actor, lecturer: EnterpriseLecturer, course, term: str, hours: int, taught_on: dt.date
) -> LecturerTeaching:
    actor = as_actor(actor)
    require_org(actor, lecturer.school_id, [Role.SCHOOL_ADMIN])
    if LecturerTeaching.objects.filter(lecturer=lecturer, course=course, term=term).exists():
        raise Conflict(_("Hours for this lecturer, course and term are already recorded."))
    row = LecturerTeaching(
        lecturer=lecturer,
        school_id=lecturer.school_id,
        enterprise_id=lecturer.enterprise_id,
        course=course,
        term=(term or "").strip(),
        hours=hours,
        taught_on=taught_on,
    )
    _clean(row)
    row.save()
    audit_record(
        actor=actor.user,
        action="faculty.lecturer.hours",
        target=row,
        organization_id=lecturer.school_id,
        data={"hours": hours},
    )
    return row


@transaction.atomic
def practice_alerts_send(*, actor: Actor, school_id: int, as_of: dt.date | None = None) -> list[PracticeAlert]:
    """Alert every professional-course teacher of the school who is behind or at risk.

    The teacher gets a notification; the school admins get one digest. A teacher is not alerted again with
    the same status within ``alert_repeat_days`` (rule data).
    """
    from .selectors import teacher_rows

    actor = as_actor(actor)
    if actor.user is not None:
        require_org(actor, school_id, [Role.SCHOOL_ADMIN])
    as_of = as_of or timezone.localdate()
    repeat = int(practice_rule_data().get("alert_repeat_days", 30))
    recent = set(
        PracticeAlert.objects.filter(school_id=school_id, as_of__gt=as_of - dt.timedelta(days=repeat)).values_list(
            "teacher_id", "status"
        )
    )
    created = []
    for row in teacher_rows(actor=None, as_of=as_of, school_id=school_id):
        if row.progress.status not in ("behind", "at_risk") or (row.teacher.pk, row.progress.status) in recent:
            continue
        alert = PracticeAlert.objects.create(
            teacher=row.teacher,
            school_id=school_id,
            status=row.progress.status,
            shortfall_days=row.progress.shortfall_days,
            as_of=as_of,
        )
        created.append(alert)
        if row.teacher.user_id:
            if row.progress.status == "behind":
                title = _("Enterprise practice: %(d)s more days needed in the current five-year window") % {
                    "d": row.progress.shortfall_days
                }
            else:
                title = _("Enterprise practice: your total drops below the requirement on %(d)s") % {
                    "d": row.progress.drops_below_on
                }
            notification_send(
                recipient=row.teacher.user, kind="faculty.practice.alert", title=title, link="/faculty/me/"
            )
    if created:
        for admin in _org_users(school_id, [Role.SCHOOL_ADMIN]):
            notification_send(
                recipient=admin,
                kind="faculty.practice.alert_digest",
                title=_("%(n)s teachers fall behind on enterprise practice") % {"n": len(created)},
                link="/faculty/alerts/",
            )
    audit_record(
        actor=actor.user,
        action="faculty.practice.alerts",
        organization_id=school_id,
        summary=f"{len(created)} alerts as of {as_of}",
        data={"count": len(created)},
    )
    return created
