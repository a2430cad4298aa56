"""Placements: creation, mentors and their load, schedules, attendance mode, training, start and end."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role, visible
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from workbridge.core.roles import ENTERPRISE_ROLES, Role
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import compliance_bridge
from ..engines.attendance import work_periods
from ..models import (
    LIVE_PLACEMENT_STATUSES,
    EndReason,
    MentorRating,
    MentorTraining,
    Placement,
    PlacementSource,
    PlacementStatus,
    Position,
    PrePlacementTraining,
)
from ..permissions import REOPEN_WINDOW_DAYS
from .agreements import agreement_follow_terms
from .common import acting_student, notify_student, settings_for
from .plans import plan_for_placement


@transaction.atomic
def placement_create(
    *,
    actor: Actor,
    student,
    position: Position,
    source: str = PlacementSource.APPLICATION,
    matching_round=None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    _skip_role_check: bool = False,
) -> Placement:
    actor = as_actor(actor)
    if not _skip_role_check:
        require_org(actor, student.school_id, [Role.SCHOOL_ADMIN])
    if Placement.objects.live().filter(student=student).exists():
        raise Conflict(_("%(s)s already has a placement.") % {"s": student.name})
    placement = Placement(
        student=student,
        position=position,
        school_id=student.school_id,
        enterprise_id=position.enterprise_id,
        start_date=start_date or position.start_date,
        end_date=end_date or position.end_date,
        source=source,
        matching_round=matching_round,
        qr_secret=secrets.token_hex(16),
    )
    placement.plan = plan_for_placement(placement)  # the running plan of the student's class, if any
    full_clean_or_raise(placement)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise Conflict(_("%(s)s already has a placement.") % {"s": student.name}) from None
    audit_record(
        actor=actor,
        action="placement.create",
        target=placement,
        organization_id=student.school_id,
        data={"source": source},
    )
    return placement


def mentor_load(*, teacher_id: int | None = None, enterprise_mentor_id: int | None = None) -> int:
    qs = Placement.objects.live()
    if teacher_id:
        return qs.filter(school_mentor_id=teacher_id).count()
    return qs.filter(enterprise_mentor_id=enterprise_mentor_id).count()


@transaction.atomic
def placement_assign_mentor(
    *, actor: Actor, placement: Placement, school_mentor_id: int | None = None, enterprise_mentor_id: int | None = None
) -> Placement:
    """The school names the school mentor, the enterprise the enterprise mentor; each within the load cap."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    cfg = settings_for(placement.school_id)
    if school_mentor_id is not None:
        require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN])
        from workbridge.academics.models import Teacher

        teacher = Teacher.objects.filter(pk=school_mentor_id, school_id=placement.school_id).first()
        if teacher is None:
            raise ValidationFailed(
                _("Choose a teacher of your school."), errors={"school_mentor": [_("Unknown teacher.")]}
            )
        load = mentor_load(teacher_id=teacher.pk) - (1 if placement.school_mentor_id == teacher.pk else 0)
        if load >= cfg.max_students_per_school_mentor:
            raise Conflict(
                _("%(t)s already mentors %(n)d students (cap %(c)d).")
                % {"t": teacher.name, "n": load, "c": cfg.max_students_per_school_mentor}
            )
        placement.school_mentor = teacher
    if enterprise_mentor_id is not None:
        require_org(actor, placement.enterprise_id, [Role.ENTERPRISE_ADMIN])
        from workbridge.organizations.models import Membership

        if not Membership.objects.filter(
            user_id=enterprise_mentor_id,
            organization_id=placement.enterprise_id,
            role__in=list(ENTERPRISE_ROLES),
            is_active=True,
        ).exists():
            raise ValidationFailed(
                _("Choose a member of your enterprise."), errors={"enterprise_mentor": [_("Not a member.")]}
            )
        load = mentor_load(enterprise_mentor_id=enterprise_mentor_id) - (
            1 if placement.enterprise_mentor_id == enterprise_mentor_id else 0
        )
        if load >= cfg.max_students_per_enterprise_mentor:
            raise Conflict(
                _("This mentor already guides %(n)d students (cap %(c)d).")
                % {"n": load, "c": cfg.max_students_per_enterprise_mentor}
            )
        placement.enterprise_mentor_id = enterprise_mentor_id
    full_clean_or_raise(placement)
    placement.save()
    audit_record(actor=actor, action="placement.mentor", target=placement, organization_id=actor.organization_id)
    agreement_follow_terms(placement)
    compliance_bridge.recheck_fixed(actor=actor, placement=placement)
    return placement


MAX_BATCH = 200


@transaction.atomic
def placements_assign_mentor(
    *,
    actor: Actor,
    placement_ids: list[int],
    school_mentor_id: int | None = None,
    enterprise_mentor_id: int | None = None,
) -> list[Placement]:
    """One mentor for several placements at once (the school's teacher, or the host's mentor), all or none: the
    mentor's load after the batch must stay within the cap, and every placement must be the actor's to assign."""
    actor = as_actor(actor)
    if (school_mentor_id is None) == (enterprise_mentor_id is None):
        raise ValidationFailed(_("Choose one mentor."), errors={"mentor": [_("Required.")]})
    ids = list(dict.fromkeys(int(i) for i in placement_ids))
    if not ids:
        raise ValidationFailed(_("Select at least one placement."), errors={"placements": [_("Required.")]})
    if len(ids) > MAX_BATCH:
        raise ValidationFailed(
            _("At most %(n)d placements at once.") % {"n": MAX_BATCH}, errors={"placements": [_("Too many.")]}
        )
    mine = set(visible(actor, Placement.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    placements = list(Placement.objects.select_for_update().filter(pk__in=mine).order_by("pk"))
    if len(placements) != len(ids):
        raise NotFound(_("Some of the selected placements do not exist or are not yours."))
    mentor_id = school_mentor_id if school_mentor_id is not None else enterprise_mentor_id
    field = "school_mentor_id" if school_mentor_id is not None else "enterprise_mentor_id"
    newly = sum(1 for p in placements if getattr(p, field) != mentor_id and p.status in LIVE_PLACEMENT_STATUSES)
    if placements:
        cfg = settings_for(placements[0].school_id)
        cap = (
            cfg.max_students_per_school_mentor
            if school_mentor_id is not None
            else cfg.max_students_per_enterprise_mentor
        )
        load = (
            mentor_load(teacher_id=school_mentor_id)
            if school_mentor_id is not None
            else mentor_load(enterprise_mentor_id=enterprise_mentor_id)
        )
        if load + newly > cap:
            raise Conflict(
                _("This mentor guides %(n)d students; %(k)d more would pass the cap of %(c)d.")
                % {"n": load, "k": newly, "c": cap}
            )
    done = []
    for placement in placements:
        # the single-placement service checks access, role and membership for each one
        kwargs = (
            {"school_mentor_id": school_mentor_id}
            if school_mentor_id is not None
            else {"enterprise_mentor_id": enterprise_mentor_id}
        )
        done.append(placement_assign_mentor(actor=actor, placement=placement, **kwargs))
    return done


@transaction.atomic
def placement_set_schedule(*, actor: Actor, placement: Placement, schedule: list[dict]) -> Placement:
    """Alternating school and work periods (工学交替); validated (dates, kinds, no overlaps)."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN, Role.TEACHER])
    try:
        periods = work_periods(placement.start_date, placement.end_date, schedule)
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"schedule": [str(exc)]}) from None
    if schedule and not periods:
        raise ValidationFailed(
            _("The schedule has no work period inside the placement term."), errors={"schedule": [_("No work period.")]}
        )
    placement.schedule = [{"start": str(e["start"]), "end": str(e["end"]), "kind": e["kind"]} for e in schedule]
    placement.save(update_fields=["schedule", "updated_at"])
    audit_record(actor=actor, action="placement.schedule", target=placement, organization_id=placement.school_id)
    return placement


@transaction.atomic
def placement_set_attendance_mode(*, actor: Actor, placement: Placement, mode: str) -> Placement:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if (
        not (actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id))
        or actor.role == Role.STUDENT
    ):
        raise PermissionDenied(_("Only the school or the enterprise sets how attendance is taken."))
    from ..models import AttendanceMode

    if mode not in AttendanceMode.values:
        raise ValidationFailed(_("Unknown attendance mode %(m)s.") % {"m": mode})
    placement.attendance_mode = mode
    if not placement.qr_secret:
        placement.qr_secret = secrets.token_hex(16)
    placement.save(update_fields=["attendance_mode", "qr_secret", "updated_at"])
    audit_record(
        actor=actor,
        action="placement.attendance_mode",
        target=placement,
        organization_id=actor.organization_id,
        data={"mode": mode},
    )
    return placement


@transaction.atomic
def training_record(
    *, actor: Actor, placement: Placement, kind: str, held_on: dt.date, hours, trainer: str, content: str = ""
) -> PrePlacementTraining:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if actor.role == Role.STUDENT or not (
        actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)
    ):
        raise PermissionDenied(_("The school or the host records training."))
    training, _created = PrePlacementTraining.objects.update_or_create(
        placement=placement,
        kind=kind,
        defaults={
            "held_on": held_on,
            "hours": hours,
            "trainer": trainer,
            "content": content,
            "recorded_by": acting_user(actor),
        },
    )
    full_clean_or_raise(training)
    if training.held_on > placement.start_date:
        raise ValidationFailed(
            _("Pre-placement training must be held before the start (%(d)s).") % {"d": placement.start_date},
            errors={"held_on": [_("After the start.")]},
        )
    audit_record(
        actor=actor,
        action="placement.training",
        target=placement,
        organization_id=actor.organization_id,
        data={"kind": kind},
    )
    compliance_bridge.recheck_fixed(actor=actor, placement=placement)
    return training


@transaction.atomic
def mentor_training_record(
    *, actor: Actor, course: str, completed_on: dt.date, hours, provider: str = "", mentor_id: int | None = None
) -> MentorTraining:
    actor = require_role(as_actor(actor), ENTERPRISE_ROLES)
    mentor_id = mentor_id or actor.user_id
    if mentor_id != actor.user_id and actor.role != Role.ENTERPRISE_ADMIN:
        raise PermissionDenied(_("Mentors record their own training."))
    record = MentorTraining(
        mentor_id=mentor_id,
        enterprise_id=actor.organization_id,
        course=course,
        provider=provider,
        completed_on=completed_on,
        hours=hours,
    )
    full_clean_or_raise(record)
    if record.completed_on > timezone.localdate():
        raise ValidationFailed(
            _("The completion date is in the future."), errors={"completed_on": [_("In the future.")]}
        )
    record.save()
    audit_record(actor=actor, action="mentor.training", target=record, organization_id=actor.organization_id)
    return record


@transaction.atomic
def mentor_rate(*, actor: Actor, placement: Placement, mentor_kind: str, score: int, comment: str = "") -> MentorRating:
    actor = as_actor(actor)
    student = acting_student(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if placement.student_id != student.pk:
        raise PermissionDenied(_("Not your placement."))
    rating, _created = MentorRating.objects.update_or_create(
        placement=placement, mentor_kind=mentor_kind, defaults={"score": score, "comment": comment}
    )
    full_clean_or_raise(rating)
    return rating


def start_blockers(placement: Placement) -> list[str]:
    """What still stops this placement from starting (empty: it may start)."""
    blockers = []
    if timezone.localdate() < placement.start_date:
        blockers.append(
            _("The internship begins on %(d)s; it can be started from that day, not before.")
            % {"d": placement.start_date.isoformat()}
        )
    agreement = compliance_bridge.related_or_none(placement, "agreement")
    if agreement is None:
        blockers.append(_("No tripartite agreement generated."))
    else:
        if not agreement.school_confirmed_at:
            blockers.append(_("The school has not confirmed the agreement."))
        if not agreement.enterprise_confirmed_at:
            blockers.append(_("The enterprise has not confirmed the agreement."))
        if not agreement.student_confirmed_at:
            blockers.append(_("The student has not confirmed the agreement."))
        if agreement.guardian_required and not agreement.guardian_confirmed_at:
            blockers.append(_("Guardian consent for a student under 18 is missing."))
    insurance = compliance_bridge.related_or_none(placement, "insurance")
    if insurance is None:
        blockers.append(_("No internship liability insurance recorded."))
    elif insurance.cover_start > placement.start_date:
        blockers.append(
            _("The insurance cover begins on %(c)s, after the first day of the internship (%(s)s).")
            % {"c": insurance.cover_start.isoformat(), "s": placement.start_date.isoformat()}
        )
    elif insurance.cover_end < placement.end_date:
        blockers.append(
            _("The insurance cover ends on %(c)s, before the last day of the internship (%(e)s).")
            % {"c": insurance.cover_end.isoformat(), "e": placement.end_date.isoformat()}
        )
    kinds = set(placement.trainings.values_list("kind", flat=True))
    if "safety" not in kinds:
        blockers.append(_("Pre-placement safety training not recorded."))
    if "job" not in kinds:
        blockers.append(_("Pre-placement job training not recorded."))
    if not placement.school_mentor_id:
        blockers.append(_("No school mentor."))
    if not placement.enterprise_mentor_id:
        blockers.append(_("No enterprise mentor."))
    return blockers


@transaction.atomic
def placement_start(*, actor: Actor, placement: Placement) -> Placement:
    """No internship starts before every party confirmed, insurance covers the term and training is recorded."""
    actor = as_actor(actor)
    placement = access_object(
        actor,
        Placement.objects.select_for_update().select_related("student__major", "position__enterprise"),
        placement.pk,
    )
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN, Role.TEACHER])
    if placement.status != PlacementStatus.PLANNED:
        raise InvalidTransition(_("Only a planned placement starts."))
    blockers = start_blockers(placement)
    if blockers:
        raise RuleViolation(
            _("The internship cannot start: %(b)s") % {"b": " ".join(blockers)}, errors={"blockers": blockers}
        )
    findings = compliance_bridge.run_check(
        actor=acting_user(actor),
        checkpoint="placement_start",
        facts=compliance_bridge.placement_facts(placement),
        school=placement.school,
        enterprise=placement.enterprise,
        placement=placement,
        position=placement.position,
        year=placement.start_date.year,
    )
    blocking = [f for f in findings if compliance_bridge.is_blocking(f)]
    if blocking:
        raise RuleViolation(
            _("The internship breaks %(n)d rule(s): %(m)s")
            % {"n": len(blocking), "m": "; ".join(compliance_bridge.finding_message(f) for f in blocking[:3])},
            errors={"findings": blocking},
        )
    placement.status = PlacementStatus.ACTIVE
    placement.started_at = timezone.now()
    placement.save(update_fields=["status", "started_at", "updated_at"])
    audit_record(actor=actor, action="placement.start", target=placement, organization_id=placement.school_id)
    return placement


@transaction.atomic
def placement_complete(*, actor: Actor, placement: Placement, hired_by_host: bool = False) -> Placement:
    """The school records that the internship ran its term. Before the last day it cannot: that is an early end,
    which needs a reason."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN, Role.TEACHER])
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(_("Only an active placement is completed."))
    if timezone.localdate() < placement.end_date:
        raise InvalidTransition(
            _("The internship runs until %(d)s. To end it before then, use “End early” and give the reason.")
            % {"d": placement.end_date.isoformat()}
        )
    placement.ended_status = placement.status
    placement.status = PlacementStatus.COMPLETED
    placement.hired_by_host = hired_by_host
    placement.ended_at = timezone.now()
    placement.save(update_fields=["status", "ended_status", "hired_by_host", "ended_at", "updated_at"])
    audit_record(
        actor=actor,
        action="placement.complete",
        target=placement,
        organization_id=placement.school_id,
        data={"hired": hired_by_host},
    )
    return placement


@transaction.atomic
def placement_record_hire(*, actor: Actor, placement: Placement, hired: bool = True) -> Placement:
    """The host (or the school) records that the intern was hired after the placement (retention)."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if actor.role == Role.STUDENT:
        raise PermissionDenied(_("The school or the host records a hire."))
    placement.hired_by_host = hired
    placement.save(update_fields=["hired_by_host", "updated_at"])
    audit_record(actor=actor, action="placement.hire", target=placement, organization_id=actor.organization_id)
    return placement


@transaction.atomic
def placement_terminate(*, actor: Actor, placement: Placement, end_reason: str, reason: str = "") -> Placement:
    """End an active placement before its term: the school or the host, with a reason category (and words when
    the category is "other"). A student who left the post raises the left-post alert besides the early-end one."""
    from .alerts import alert_raise

    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if actor.role == Role.STUDENT or not (
        actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)
    ):
        raise PermissionDenied(_("The school or the host ends a placement early."))
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(_("Only an active placement ends early; a planned one is cancelled."))
    early_reasons = [r for r in EndReason.values if r != EndReason.CANCELLED]
    if end_reason not in early_reasons:
        raise ValidationFailed(
            _("Choose why the placement ends early."), errors={"end_reason": [_("Choose a reason.")]}
        )
    reason = (reason or "").strip()
    if end_reason == EndReason.OTHER and not reason:
        raise ValidationFailed(_("Say why the placement ends early."), errors={"reason": [_("Required for “Other”.")]})
    placement.ended_status = placement.status
    placement.status = PlacementStatus.TERMINATED
    placement.end_reason = end_reason
    placement.termination_reason = reason[:2000]
    placement.ended_at = timezone.now()
    placement.save(
        update_fields=["status", "ended_status", "end_reason", "termination_reason", "ended_at", "updated_at"]
    )
    label = EndReason(end_reason).label
    alert_raise(
        placement=placement,
        kind="early_termination",
        severity="serious",
        title=_("Placement ended early: %(s)s") % {"s": placement.student.name},
        detail=_("%(reason_kind)s: %(reason)s") % {"reason_kind": label, "reason": reason} if reason else str(label),
        dedupe_key=f"early_termination:{placement.pk}",
    )
    if end_reason == EndReason.STUDENT_LEFT:
        alert_raise(
            placement=placement,
            kind="left_post",
            severity="serious",
            title=_("Student left the post: %(s)s") % {"s": placement.student.name},
            detail=reason,
            dedupe_key=f"left_post:{placement.pk}:{placement.ended_at:%Y%m%d}",
        )
    audit_record(
        actor=actor,
        action="placement.terminate",
        target=placement,
        organization_id=actor.organization_id,
        summary=f"{end_reason} {reason}"[:200],
    )
    return placement


@transaction.atomic
def placement_cancel(*, actor: Actor, placement: Placement, reason: str) -> Placement:
    """Cancel a planned placement before it began (the student changed course, the host withdrew the post): the
    school or the host, with a reason. The place is free again."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if actor.role == Role.STUDENT or not (
        actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)
    ):
        raise PermissionDenied(_("The school or the host cancels a planned placement."))
    if placement.status != PlacementStatus.PLANNED:
        raise InvalidTransition(_("Only a planned placement is cancelled; an active one ends early."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Say why the placement is cancelled."), errors={"reason": [_("Required.")]})
    placement.ended_status = placement.status
    placement.status = PlacementStatus.TERMINATED
    placement.end_reason = EndReason.CANCELLED
    placement.termination_reason = reason[:2000]
    placement.ended_at = timezone.now()
    placement.save(
        update_fields=["status", "ended_status", "end_reason", "termination_reason", "ended_at", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="placement.cancel",
        target=placement,
        organization_id=actor.organization_id,
        summary=reason[:200],
    )
    notify_student(
        placement.student,
        _("Your placement at %(e)s was cancelled") % {"e": placement.enterprise.name},
        f"/placements/placements/{placement.pk}/",
    )
    return placement


@transaction.atomic
def placement_reopen(*, actor: Actor, placement: Placement, reason: str) -> Placement:
    """The school undoes an end, a completion or a cancellation within REOPEN_WINDOW_DAYS, with a reason: the
    placement returns to the state it was in, if the student holds no other placement meanwhile."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN])
    if placement.status not in (PlacementStatus.COMPLETED, PlacementStatus.TERMINATED) or not placement.ended_at:
        raise InvalidTransition(_("Only an ended placement is reopened."))
    if timezone.now() - placement.ended_at > dt.timedelta(days=REOPEN_WINDOW_DAYS):
        raise InvalidTransition(
            _("A placement can be reopened within %(n)d days of its end.") % {"n": REOPEN_WINDOW_DAYS}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Say why the placement is reopened."), errors={"reason": [_("Required.")]})
    if Placement.objects.live().filter(student_id=placement.student_id).exclude(pk=placement.pk).exists():
        raise Conflict(_("The student holds another placement now; it cannot be reopened."))
    previous = placement.ended_status or (PlacementStatus.ACTIVE if placement.started_at else PlacementStatus.PLANNED)
    placement.status = previous
    placement.end_reason, placement.ended_status, placement.ended_at = "", "", None
    placement.save(update_fields=["status", "end_reason", "ended_status", "ended_at", "updated_at"])
    audit_record(
        actor=actor,
        action="placement.reopen",
        target=placement,
        organization_id=placement.school_id,
        summary=reason[:200],
    )
    return placement
