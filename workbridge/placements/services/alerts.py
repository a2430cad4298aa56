"""Alerts: raised by services and the daily scan, escalated on time, acknowledged and resolved per role.

Who is told:
- level 0 (mentors): the school mentor and the enterprise mentor of the placement;
- level 1 (school leaders): the school's admins (incidents, early terminations, and anything left open);
- level 2 (authority): officers of the education authority of the school's region (serious incidents).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor
from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, full_clean_or_raise, notification_send

from ..models import (
    Alert,
    AlertStatus,
    ApprovalStatus,
    CheckIn,
    EscalationLevel,
    Incident,
    LeaveRequest,
    Placement,
    PlacementStatus,
    ReportKind,
    ReportStatus,
)
from .common import settings_for

ESCALATE_OPEN_AFTER = dt.timedelta(hours=48)


def _recipients(alert: Alert, level: int) -> list:
    from workbridge.organizations.models import Membership

    users = []
    placement = alert.placement
    if placement is not None:
        if placement.school_mentor_id and placement.school_mentor.user_id:
            users.append(placement.school_mentor.user)
        if placement.enterprise_mentor_id:
            users.append(placement.enterprise_mentor)
    if level >= EscalationLevel.SCHOOL_LEADERS or placement is None:
        users += [
            m.user
            for m in Membership.objects.filter(
                organization_id=alert.school_id, role=Role.SCHOOL_ADMIN, is_active=True
            ).select_related("user")
        ]
    if level >= EscalationLevel.AUTHORITY:
        users += authority_officers(alert.school)
    seen, unique = set(), []
    for u in users:
        if u.pk not in seen:
            seen.add(u.pk)
            unique.append(u)
    return unique


def authority_officers(school) -> list:
    """Officers of authorities whose region is the school's region or one of its ancestors."""
    from workbridge.organizations.models import Membership

    region_ids = []
    region = school.region
    while region is not None:
        region_ids.append(region.pk)
        region = region.parent
    return [
        m.user
        for m in Membership.objects.filter(
            organization__kind="authority",
            organization__region_id__in=region_ids,
            role=Role.AUTHORITY_OFFICER,
            is_active=True,
        ).select_related("user")
    ]


def _notify(alert: Alert, level: int, email: bool = False) -> None:
    for user in _recipients(alert, level):
        notification_send(
            recipient=user,
            kind=f"placements.alert.{alert.kind}",
            title=alert.title,
            body=alert.detail,
            link=f"/placements/alerts/{alert.pk}/",
            email=email,
        )


def alert_raise(
    *,
    placement: Placement | None,
    kind: str,
    title: str,
    severity: str = "warning",
    detail: str = "",
    dedupe_key: str,
    school=None,
    escalation: int = EscalationLevel.MENTORS,
    incident: Incident | None = None,
    escalate_by: dt.datetime | None = None,
) -> Alert | None:
    """Create an alert once per dedupe key and tell the people at its level. Returns None if it already exists."""
    if Alert.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    alert = Alert(
        kind=kind,
        severity=severity,
        placement=placement,
        school=school or placement.school,
        enterprise_id=placement.enterprise_id if placement else None,
        student_id=placement.student_id if placement else None,
        title=title[:200],
        detail=detail,
        dedupe_key=dedupe_key[:120],
        escalation=escalation,
        incident=incident,
        escalate_by=escalate_by or (timezone.now() + ESCALATE_OPEN_AFTER),
    )
    full_clean_or_raise(alert)
    try:
        with transaction.atomic():
            alert.save()
    except IntegrityError:
        return None
    _notify(alert, escalation, email=severity == "serious")
    return alert


@transaction.atomic
def alert_acknowledge(*, actor: Actor, alert: Alert) -> Alert:
    actor = as_actor(actor)
    alert = access_object(actor, Alert.objects.select_for_update(), alert.pk)
    if actor.role == Role.STUDENT:
        raise PermissionDenied(_("Students do not handle alerts."))
    if alert.status != AlertStatus.OPEN:
        raise InvalidTransition(_("The alert is already %(s)s.") % {"s": alert.get_status_display()})
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="alert.acknowledge", target=alert, organization_id=actor.organization_id)
    return alert


@transaction.atomic
def alert_resolve(*, actor: Actor, alert: Alert, resolution: str) -> Alert:
    actor = as_actor(actor)
    alert = access_object(actor, Alert.objects.select_for_update(), alert.pk)
    if actor.role == Role.STUDENT:
        raise PermissionDenied(_("Students do not handle alerts."))
    if alert.status == AlertStatus.RESOLVED:
        raise InvalidTransition(_("The alert is already resolved."))
    if not resolution.strip():
        raise ValidationFailed(_("Say how it was resolved."), errors={"resolution": [_("Required.")]})
    alert.status = AlertStatus.RESOLVED
    alert.resolution = resolution.strip()
    alert.resolved_by, alert.resolved_at = acting_user(actor), timezone.now()
    alert.save()
    audit_record(
        actor=actor,
        action="alert.resolve",
        target=alert,
        organization_id=actor.organization_id,
        summary=resolution[:200],
    )
    return alert


@transaction.atomic
def incident_report(
    *, actor: Actor, placement: Placement, kind: str, severity: str, occurred_at: dt.datetime, description: str
) -> Incident:
    """An incident or injury: school leaders are told at once; serious ones also go to the education authority
    (the school's setting says within how many hours the authority must have it; it is sent immediately)."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_related("school", "student"), placement.pk)
    incident = Incident(
        placement=placement,
        kind=kind,
        severity=severity,
        occurred_at=occurred_at,
        description=description,
        reported_by=acting_user(actor),
    )
    full_clean_or_raise(incident)
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(
            _("The incident time lies in the future."), errors={"occurred_at": [_("In the future.")]}
        )
    incident.save()
    cfg = settings_for(placement.school_id)
    serious = severity == "serious"
    alert_raise(
        placement=placement,
        kind="incident",
        severity="serious" if serious else "warning",
        title=_("%(k)s reported for %(s)s") % {"k": incident.get_kind_display(), "s": placement.student.name},
        detail=description,
        dedupe_key=f"incident:{incident.pk}",
        incident=incident,
        escalation=EscalationLevel.AUTHORITY if serious else EscalationLevel.SCHOOL_LEADERS,
        escalate_by=occurred_at + dt.timedelta(hours=cfg.incident_escalation_hours),
    )
    audit_record(
        actor=actor,
        action="incident.report",
        target=placement,
        organization_id=actor.organization_id,
        data={"severity": severity, "kind": kind},
    )
    return incident


@transaction.atomic
def left_post_report(*, actor: Actor, placement: Placement, note: str) -> Alert | None:
    """The enterprise mentor reports that the student left the post without permission."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if actor.role == Role.STUDENT:
        raise PermissionDenied(_("The host or the school reports this."))
    return alert_raise(
        placement=placement,
        kind="left_post",
        severity="serious",
        title=_("%(s)s left the post without permission") % {"s": placement.student.name},
        detail=note,
        dedupe_key=f"left_post:{placement.pk}:{timezone.localdate().isoformat()}",
        escalation=EscalationLevel.SCHOOL_LEADERS,
    )


# ---------------------------------------------------------------------------------------------------------
# The daily scan


def present_days(placement: Placement) -> set[dt.date]:
    days = set(CheckIn.objects.counted().filter(placement=placement).values_list("work_date", flat=True))
    for confirmed in placement.attendance_confirmations.values_list("days_present", flat=True):
        days.update(dt.date.fromisoformat(d) for d in confirmed)
    return days


def approved_leave(placement: Placement) -> list[tuple[dt.date, dt.date]]:
    return list(
        LeaveRequest.objects.filter(placement=placement, status=ApprovalStatus.APPROVED).values_list(
            "start_date", "end_date"
        )
    )


def scan_placement(placement: Placement, today: dt.date) -> list[Alert]:
    from ..engines.attendance import expected_days, missed_streak

    raised = []
    cfg = settings_for(placement.school_id)
    # Attendance: N expected days in a row without a check-in (yesterday and before: today is still running).
    if placement.attendance_mode != "weekly":
        expected = expected_days(
            placement.start_date,
            placement.end_date,
            schedule=placement.schedule,
            leave=approved_leave(placement),
            until=today - dt.timedelta(days=1),
        )
        streak = missed_streak(expected, present_days(placement))
        if streak >= cfg.no_checkin_alert_days:
            last_missing = max(expected)
            alert = alert_raise(
                placement=placement,
                kind="no_checkin",
                severity="warning" if streak < 2 * cfg.no_checkin_alert_days else "serious",
                title=_("%(s)s has not checked in for %(n)d expected days")
                % {"s": placement.student.name, "n": streak},
                dedupe_key=f"no_checkin:{placement.pk}:{last_missing - dt.timedelta(days=streak)}",
            )
            raised.append(alert)
    # Weekly reports: every finished week needs one within the grace days.
    grace = dt.timedelta(days=cfg.report_grace_days)
    week = placement.start_date - dt.timedelta(days=placement.start_date.weekday())
    have = set(placement.reports.filter(kind=ReportKind.WEEKLY).values_list("period_start", flat=True))
    while week + dt.timedelta(days=6) + grace < today and week <= placement.end_date:
        if week not in have and week + dt.timedelta(days=6) >= placement.start_date:
            raised.append(
                alert_raise(
                    placement=placement,
                    kind="report_overdue",
                    severity="warning",
                    title=_("Weekly report of %(s)s for the week of %(w)s is overdue")
                    % {"s": placement.student.name, "w": week},
                    dedupe_key=f"report:{placement.pk}:{week}",
                )
            )
        week += dt.timedelta(days=7)
    # Mentor reviews overdue.
    review_due = timezone.now() - dt.timedelta(days=cfg.review_due_days)
    for report in placement.reports.filter(status=ReportStatus.SUBMITTED, submitted_at__lt=review_due):
        raised.append(
            alert_raise(
                placement=placement,
                kind="review_overdue",
                severity="info",
                title=_("Review of %(s)s's report (%(w)s) is overdue")
                % {"s": placement.student.name, "w": report.period_start},
                dedupe_key=f"review:{report.pk}:{report.revision}",
            )
        )
    return [a for a in raised if a is not None]


def escalate_due(now: dt.datetime | None = None) -> int:
    """Open alerts past their escalation time move one level up (mentors -> school leaders -> authority for serious)."""
    now = now or timezone.now()
    count = 0
    for alert in Alert.objects.filter(status=AlertStatus.OPEN, escalate_by__lt=now).select_related(
        "placement", "school"
    ):
        ceiling = EscalationLevel.AUTHORITY if alert.severity == "serious" else EscalationLevel.SCHOOL_LEADERS
        if alert.escalation >= ceiling:
            continue
        alert.escalation += 1
        alert.escalate_by = now + ESCALATE_OPEN_AFTER
        alert.save(update_fields=["escalation", "escalate_by", "updated_at"])
        _notify(alert, alert.escalation, email=True)
        count += 1
    return count


def scan_all(today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    raised = 0
    for placement in Placement.objects.filter(status=PlacementStatus.ACTIVE).select_related(
        "student", "school", "school_mentor__user", "enterprise_mentor"
    ):
        with transaction.atomic():
            raised += len(scan_placement(placement, today))
    return {"raised": raised, "escalated": escalate_due()}


def digest_send(today: dt.date | None = None) -> int:
    """E-mail each person with open alerts in their scope a short digest (one mail per person)."""
    from django.core.mail import send_mail

    from workbridge.core.access import actor_for, visible
    from workbridge.organizations.models import Membership

    sent = 0
    users = {
        m.user
        for m in Membership.objects.filter(
            is_active=True,
            role__in=[
                Role.SCHOOL_ADMIN,
                Role.TEACHER,
                Role.ENTERPRISE_ADMIN,
                Role.ENTERPRISE_MENTOR,
                Role.AUTHORITY_OFFICER,
            ],
        ).select_related("user")
    }
    for user in sorted(users, key=lambda u: u.pk):
        if not user.email:
            continue
        actor = actor_for(user)
        qs = visible(actor, Alert.objects.exclude(status=AlertStatus.RESOLVED))
        if actor.role == Role.TEACHER and actor.teacher_id:
            qs = qs.filter(placement__school_mentor_id=actor.teacher_id) | qs.filter(escalation__gte=1)
        elif actor.role == Role.ENTERPRISE_MENTOR:
            qs = qs.filter(placement__enterprise_mentor_id=user.pk)
        elif actor.role == Role.AUTHORITY_OFFICER:
            qs = qs.filter(escalation__gte=EscalationLevel.AUTHORITY)
        alerts = list(qs[:30])
        if not alerts:
            continue
        lines = [f"- [{a.get_severity_display()}] {a.title}" for a in alerts]
        send_mail(
            _("WorkBridge: %(n)d open internship alerts") % {"n": len(alerts)},
            "\n".join(lines),
            None,
            [user.email],
            fail_silently=True,
        )
        sent += 1
    return sent
