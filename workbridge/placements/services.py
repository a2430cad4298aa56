"""Writes for positions, applications, self-found placements, placements, agreements, insurance and training.

Attendance, reports/evaluations, matching rounds and alerts have their own service modules
(services_attendance, services_reports, services_matching, services_alerts); all follow the house rules:
keyword-only, actor first, full_clean, atomic, audit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
    from_django_validation_error,
)
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role
from workbridge.core.services import audit_record

from . import compliance_bridge
from .engines.attendance import work_periods
from .models import (
    LIVE_PLACEMENT_STATUSES,
    Application,
    ApplicationStatus,
    Insurance,
    MentorRating,
    MentorTraining,
    Placement,
    PlacementSettings,
    PlacementSource,
    PlacementStatus,
    Position,
    PositionStatus,
    PrePlacementTraining,
    ProposalStatus,
    SelfFoundProposal,
    TripartiteAgreement,
)


def clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise from_django_validation_error(exc) from exc




def settings_for(school_id: int) -> PlacementSettings:
    """The school's thresholds (created with defaults on first use)."""
    from .selectors import defaults

    obj, created = PlacementSettings.objects.get_or_create(
        school_id=school_id, defaults={"grade_weights": defaults()["grade_weights"]}
    )
    return obj


@transaction.atomic
def placement_settings_update(*, actor: Actor, school_id: int, **fields) -> PlacementSettings:
    actor = require_org(as_actor(actor), school_id, [Role.SCHOOL_ADMIN])
    obj = settings_for(school_id)
    allowed = {f.name for f in PlacementSettings._meta.fields} - {"id", "school", "created_at", "updated_at"}
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationFailed(_("Unknown setting: %(k)s") % {"k": key}, errors={key: [_("Unknown setting.")]})
        setattr(obj, key, value)
    clean(obj)
    obj.save()
    audit_record(actor=actor, action="placements.settings.update", target=obj, organization_id=school_id, data={"fields": sorted(fields)})
    return obj


# ---------------------------------------------------------------------------------------------------------
# Positions

POSITION_FIELDS = (
    "title", "occupation_code", "kind", "duties", "required_skills", "major_categories", "places", "reserved_places",
    "post_staff_count", "workplace_address", "latitude", "longitude", "geofence_radius_m", "monthly_pay", "post_wage",
    "daily_hours", "shift_start", "shift_end", "rest_days_per_week", "start_date", "end_date", "venue_type",
    "physical_intensity_level", "minors_forbidden_work", "women_forbidden_work", "via_agency", "fee_to_student",
    "night_shift", "project",
)


def _apply_position_fields(position: Position, data: dict) -> None:
    unknown = set(data) - set(POSITION_FIELDS) - {"project_id"}
    if unknown:
        raise ValidationFailed(_("Unknown field(s): %(f)s") % {"f": ", ".join(sorted(unknown))})
    for key, value in data.items():
        if key == "project":
            key, value = "project_id", (value.pk if hasattr(value, "pk") else value)
        setattr(position, key, value)
    if isinstance(position.required_skills, str):
        position.required_skills = [s.strip() for s in position.required_skills.replace("，", ",").split(",") if s.strip()]
    if isinstance(position.major_categories, str):
        position.major_categories = [s.strip() for s in position.major_categories.split(",") if s.strip()]
    if position.project_id:
        from workbridge.partnerships.models import Project

        project = Project.objects.filter(pk=position.project_id).first()
        if project is None or project.enterprise_id != position.enterprise_id:
            raise ValidationFailed(_("The project belongs to another enterprise."), errors={"project": [_("Not your project.")]})
        # An order class reserves its places for its class unless the enterprise says otherwise.
        if project.project_type == "order_class" and "reserved_places" not in data:
            position.reserved_places = position.places or 0


@transaction.atomic
def position_create(*, actor: Actor, enterprise_id: int | None = None, data: dict) -> Position:
    actor = as_actor(actor)
    enterprise_id = enterprise_id or actor.organization_id
    require_org(actor, enterprise_id, [Role.ENTERPRISE_ADMIN])
    from workbridge.organizations.models import Organization

    enterprise = Organization.objects.get(pk=enterprise_id)
    if not enterprise.is_approved_enterprise:
        raise PermissionDenied(_("Only approved enterprises publish positions; yours is %(s)s.") % {"s": enterprise.get_vetting_status_display()})
    position = Position(enterprise=enterprise, created_by=acting_user(actor))
    _apply_position_fields(position, data)
    clean(position)
    position.save()
    audit_record(actor=actor, action="position.create", target=position, organization_id=enterprise_id, summary=position.title)
    return position


@transaction.atomic
def position_update(*, actor: Actor, position: Position, data: dict) -> Position:
    actor = require_org(as_actor(actor), position.enterprise_id, [Role.ENTERPRISE_ADMIN])
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status not in (PositionStatus.DRAFT, PositionStatus.REJECTED):
        raise InvalidTransition(_("Only draft or rejected positions can be edited; this one is %(s)s.") % {"s": position.get_status_display()})
    _apply_position_fields(position, data)
    position.status = PositionStatus.DRAFT
    clean(position)
    position.save()
    audit_record(actor=actor, action="position.update", target=position, organization_id=position.enterprise_id)
    return position


@transaction.atomic
def position_submit(*, actor: Actor, position: Position) -> Position:
    """Submit for school review; the rules engine checks the position's own facts now and the findings are kept."""
    actor = require_org(as_actor(actor), position.enterprise_id, [Role.ENTERPRISE_ADMIN])
    position = Position.objects.select_for_update().select_related("enterprise").get(pk=position.pk)
    if position.status not in (PositionStatus.DRAFT, PositionStatus.REJECTED):
        raise InvalidTransition(_("This position is already %(s)s.") % {"s": position.get_status_display()})
    if not position.enterprise.is_approved_enterprise:
        raise PermissionDenied(_("Only approved enterprises publish positions."))
    findings = compliance_bridge.run_check(
        actor=acting_user(actor),
        checkpoint="position_review",
        facts=compliance_bridge.position_facts(position),
        school=None,
        enterprise=position.enterprise,
        position=position,
        year=position.start_date.year,
    )
    position.compliance_findings = findings
    position.status = PositionStatus.SUBMITTED
    position.submitted_at = timezone.now()
    position.save(update_fields=["compliance_findings", "status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor, action="position.submit", target=position, organization_id=position.enterprise_id,
        data={"findings": len(findings)},
    )
    return position


@transaction.atomic
def position_review(*, actor: Actor, position: Position, approve: bool, comment: str = "") -> Position:
    """A school reviews a submitted position. Blocking rule findings cannot be approved away."""
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN])
    position = access_object(actor, Position.objects.select_for_update(), position.pk)
    if position.status != PositionStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted positions are reviewed; this one is %(s)s.") % {"s": position.get_status_display()})
    blocking = [f for f in position.compliance_findings if compliance_bridge.is_blocking(f)]
    if approve and blocking:
        raise RuleViolation(
            _("The position breaks %(n)d rule(s) and cannot be approved: %(m)s")
            % {"n": len(blocking), "m": "; ".join(str(f.get("message") or f.get("rule_id") or f) for f in blocking[:3])},
            errors={"findings": blocking},
        )
    if not approve and not comment.strip():
        raise ValidationFailed(_("Say why the position is rejected."), errors={"comment": [_("Required when rejecting.")]})
    position.status = PositionStatus.APPROVED if approve else PositionStatus.REJECTED
    position.reviewed_by_school_id = actor.organization_id
    position.reviewed_by = acting_user(actor)
    position.reviewed_at = timezone.now()
    position.review_comment = comment
    position.save(update_fields=["status", "reviewed_by_school", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    audit_record(
        actor=actor, action="position.approve" if approve else "position.reject", target=position,
        organization_id=actor.organization_id, summary=comment[:200],
    )
    return position


@transaction.atomic
def position_close(*, actor: Actor, position: Position) -> Position:
    actor = require_org(as_actor(actor), position.enterprise_id, [Role.ENTERPRISE_ADMIN])
    position.status = PositionStatus.CLOSED
    position.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="position.close", target=position, organization_id=position.enterprise_id)
    return position


def position_free_places(position: Position, student=None) -> int:
    """Places still open to this student: reserved places of an order class go only to its project's students."""
    live = Placement.objects.live().filter(position=position)
    taken = live.count()
    free = position.places - taken
    if student is None or not position.reserved_places or not position.project_id:
        return max(free, 0)
    from workbridge.partnerships.models import ProjectParticipant

    project_students = ProjectParticipant.objects.filter(project_id=position.project_id, student__isnull=False).values("student_id")
    if ProjectParticipant.objects.filter(project_id=position.project_id, student=student).exists():
        return max(free, 0)
    taken_by_others = live.exclude(student_id__in=project_students).count()
    return max(min(free, position.places - position.reserved_places - taken_by_others), 0)


# ---------------------------------------------------------------------------------------------------------
# Applications


def cv_from_profile(student, *, summary: str = "", skills: list[str] | None = None) -> dict:
    """A CV built from the student's school record (no ID number, no phone), plus what they add."""
    courses = list(student.major.courses.order_by("semester", "code").values_list("name", flat=True)[:12])
    certificates: list[str] = []
    try:  # the certificates app, when present, lists what the student holds
        from workbridge.certificates.models import StudentCertificate  # type: ignore[attr-defined]

        certificates = [str(c) for c in StudentCertificate.objects.filter(student=student)[:10]]
    except Exception:
        certificates = []
    return {
        "name": student.name,
        "gender": student.get_gender_display(),
        "school": student.school.name,
        "major": student.major.name,
        "major_code": student.major.code,
        "cohort": student.cohort.name if student.cohort_id else "",
        "year_of_study": student.grade_year,
        "courses": courses,
        "certificates": certificates,
        "skills": [s for s in (skills or []) if s][:20],
        "summary": summary[:2000],
        "built_at": timezone.now().isoformat(),
    }


def _student_of(actor: Actor):
    from workbridge.academics.models import Student

    if actor.role != Role.STUDENT or not actor.student_id:
        raise PermissionDenied(_("Only a student may do this."))
    return Student.objects.select_related("school", "major", "cohort").get(pk=actor.student_id)


@transaction.atomic
def application_submit(*, actor: Actor, position: Position, cover_letter: str = "", summary: str = "", skills=None) -> Application:
    actor = as_actor(actor)
    student = _student_of(actor)
    position = access_object(actor, Position.objects.select_related("enterprise"), position.pk)
    if position.status != PositionStatus.APPROVED:
        raise InvalidTransition(_("This position is not open for applications."))
    if Placement.objects.live().filter(student=student).exists():
        raise Conflict(_("You already have a placement."))
    if position_free_places(position, student) <= 0:
        raise Conflict(_("No places left for you in this position."))
    if isinstance(skills, str):
        skills = [s.strip() for s in skills.replace("，", ",").split(",")]
    application = Application(
        student=student, position=position, school=student.school, enterprise=position.enterprise,
        cv=cv_from_profile(student, summary=summary, skills=skills), cover_letter=cover_letter,
    )
    clean(application, exclude=["student", "position"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise Conflict(_("You have already applied to this position.")) from None
    audit_record(actor=actor, action="application.submit", target=application, organization_id=student.school_id)
    _notify_enterprise_admins(position.enterprise_id, _("New application: %(t)s") % {"t": position.title}, f"/placements/applications/{application.pk}/")
    return application


def _notify_enterprise_admins(enterprise_id: int, title: str, link: str) -> None:
    from workbridge.core.services import notification_send
    from workbridge.organizations.models import Membership

    for m in Membership.objects.filter(organization_id=enterprise_id, role=Role.ENTERPRISE_ADMIN, is_active=True).select_related("user"):
        notification_send(recipient=m.user, kind="placements.application", title=title, link=link)


def _notify_student(student, title: str, link: str = "") -> None:
    from workbridge.core.services import notification_send

    if student.user_id:
        notification_send(recipient=student.user, kind="placements", title=title, link=link)


ENTERPRISE_TRANSITIONS = {
    "shortlist": ({ApplicationStatus.SUBMITTED}, ApplicationStatus.SHORTLISTED),
    "interview": ({ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW}, ApplicationStatus.INTERVIEW),
    "offer": ({ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW}, ApplicationStatus.OFFERED),
    "reject": ({ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW}, ApplicationStatus.REJECTED),
}


@transaction.atomic
def application_advance(
    *, actor: Actor, application: Application, action: str, interview_at: dt.datetime | None = None, interview_place: str = "",
    score=None, note: str = "",
) -> Application:
    """Enterprise steps: shortlist, interview (time and place), offer, reject."""
    actor = as_actor(actor)
    application = access_object(actor, Application.objects.select_for_update(), application.pk)
    require_org(actor, application.enterprise_id, ENTERPRISE_ROLES)
    if action not in ENTERPRISE_TRANSITIONS:
        raise ValidationFailed(_("Unknown action %(a)s.") % {"a": action})
    allowed, target = ENTERPRISE_TRANSITIONS[action]
    if application.status not in allowed:
        raise InvalidTransition(
            _("Cannot %(a)s an application that is %(s)s.") % {"a": action, "s": application.get_status_display()}
        )
    if action == "interview":
        errors = {}
        if interview_at is None:
            errors["interview_at"] = [_("Give the interview time.")]
        elif interview_at < timezone.now():
            errors["interview_at"] = [_("The interview time is in the past.")]
        if not interview_place.strip():
            errors["interview_place"] = [_("Give the interview place.")]
        if errors:
            raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
        application.interview_at, application.interview_place = interview_at, interview_place.strip()
    if action == "offer" and position_free_places(application.position, application.student) <= 0:
        raise Conflict(_("No places left in this position."))
    if score not in (None, ""):
        try:
            application.score = Decimal(str(score))
        except InvalidOperation:
            raise ValidationFailed(_("The score must be a number."), errors={"score": [_("Not a number.")]}) from None
    if note:
        application.note = note
    application.status = target
    clean(application)
    application.save()
    audit_record(actor=actor, action=f"application.{action}", target=application, organization_id=application.enterprise_id)
    messages = {
        "shortlist": _("You are shortlisted for %(t)s"),
        "interview": _("Interview for %(t)s scheduled"),
        "offer": _("Offer received for %(t)s"),
        "reject": _("Application for %(t)s not successful"),
    }
    _notify_student(application.student, messages[action] % {"t": application.position.title}, "/placements/my/")
    return application


@transaction.atomic
def application_respond(*, actor: Actor, application: Application, accept: bool) -> Application:
    """The student accepts (a planned placement is created) or declines an offer."""
    actor = as_actor(actor)
    student = _student_of(actor)
    application = access_object(actor, Application.objects.select_for_update().select_related("position"), application.pk)
    if application.student_id != student.pk:
        raise PermissionDenied(_("Not your application."))
    if application.status != ApplicationStatus.OFFERED:
        raise InvalidTransition(_("Only an offer can be accepted or declined."))
    application.decided_at = timezone.now()
    if not accept:
        application.status = ApplicationStatus.DECLINED
        application.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(actor=actor, action="application.decline", target=application, organization_id=student.school_id)
        return application
    position = Position.objects.select_for_update().get(pk=application.position_id)
    if position_free_places(position, student) <= 0:
        raise Conflict(_("The last place was just taken."))
    placement_create(
        actor=actor, student=student, position=position, source=PlacementSource.APPLICATION, _skip_role_check=True
    )
    application.status = ApplicationStatus.ACCEPTED
    application.save(update_fields=["status", "decided_at", "updated_at"])
    Application.objects.filter(student=student).exclude(pk=application.pk).filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW, ApplicationStatus.OFFERED]
    ).update(status=ApplicationStatus.WITHDRAWN, updated_at=timezone.now())
    audit_record(actor=actor, action="application.accept", target=application, organization_id=student.school_id)
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: Application) -> Application:
    actor = as_actor(actor)
    student = _student_of(actor)
    application = access_object(actor, Application.objects.select_for_update(), application.pk)
    if application.student_id != student.pk:
        raise PermissionDenied(_("Not your application."))
    if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        raise InvalidTransition(_("This application is already closed."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


# ---------------------------------------------------------------------------------------------------------
# Self-found placements

PROPOSAL_FIELDS = (
    "title", "occupation_code", "duties", "workplace_address", "latitude", "longitude", "monthly_pay", "daily_hours",
    "shift_start", "shift_end", "rest_days_per_week", "start_date", "end_date", "reason",
)


@transaction.atomic
def self_found_propose(*, actor: Actor, enterprise_id: int, data: dict) -> SelfFoundProposal:
    actor = as_actor(actor)
    student = _student_of(actor)
    from workbridge.organizations.models import Organization

    enterprise = Organization.objects.filter(pk=enterprise_id, kind="enterprise").first()
    if enterprise is None:
        raise ValidationFailed(_("Choose an enterprise registered on the platform."), errors={"enterprise": [_("Unknown enterprise.")]})
    if not enterprise.is_approved_enterprise:
        raise ValidationFailed(_("That enterprise is not approved on the platform."), errors={"enterprise": [_("Not approved.")]})
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field(s): %(f)s") % {"f": ", ".join(sorted(unknown))})
    proposal = SelfFoundProposal(student=student, school=student.school, enterprise=enterprise, **data)
    clean(proposal)
    proposal.save()
    audit_record(actor=actor, action="self_found.propose", target=proposal, organization_id=student.school_id)
    return proposal


@transaction.atomic
def self_found_decide(*, actor: Actor, proposal: SelfFoundProposal, approve: bool, comment: str = "") -> SelfFoundProposal:
    """The school approves (creating an approved one-place position and a planned placement) or rejects."""
    actor = require_role(as_actor(actor), SCHOOL_ROLES)
    proposal = access_object(actor, SelfFoundProposal.objects.select_for_update(), proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise InvalidTransition(_("This proposal was already decided."))
    if not approve and not comment.strip():
        raise ValidationFailed(_("Say why the proposal is rejected."), errors={"comment": [_("Required when rejecting.")]})
    proposal.decided_by = acting_user(actor)
    proposal.decision_comment = comment
    if approve:
        position = Position(
            enterprise=proposal.enterprise, title=proposal.title, occupation_code=proposal.occupation_code,
            duties=proposal.duties, places=1, workplace_address=proposal.workplace_address, latitude=proposal.latitude,
            longitude=proposal.longitude, monthly_pay=proposal.monthly_pay, daily_hours=proposal.daily_hours,
            shift_start=proposal.shift_start, shift_end=proposal.shift_end, rest_days_per_week=proposal.rest_days_per_week,
            start_date=proposal.start_date, end_date=proposal.end_date, status=PositionStatus.APPROVED,
            reviewed_by_school_id=proposal.school_id, reviewed_by=acting_user(actor), reviewed_at=timezone.now(),
            review_comment=_("Self-found placement approved by the school."),
        )
        clean(position)
        position.save()
        position.compliance_findings = compliance_bridge.run_check(
            actor=acting_user(actor), checkpoint="position_review", facts=compliance_bridge.position_facts(position),
            school=proposal.school, enterprise=proposal.enterprise, position=position, year=position.start_date.year,
        )
        position.save(update_fields=["compliance_findings"])
        proposal.placement = placement_create(
            actor=actor, student=proposal.student, position=position, source=PlacementSource.SELF_FOUND, _skip_role_check=True
        )
        proposal.status = ProposalStatus.APPROVED
    else:
        proposal.status = ProposalStatus.REJECTED
    proposal.save()
    audit_record(
        actor=actor, action="self_found.approve" if approve else "self_found.reject", target=proposal,
        organization_id=proposal.school_id,
    )
    _notify_student(proposal.student, _("Your self-found placement was %(s)s") % {"s": proposal.get_status_display()}, "/placements/my/")
    return proposal


# ---------------------------------------------------------------------------------------------------------
# Placements


@transaction.atomic
def placement_create(
    *, actor: Actor, student, position: Position, source: str = PlacementSource.APPLICATION, matching_round=None,
    start_date: dt.date | None = None, end_date: dt.date | None = None, _skip_role_check: bool = False,
) -> Placement:
    actor = as_actor(actor)
    if not _skip_role_check:
        require_org(actor, student.school_id, [Role.SCHOOL_ADMIN])
    if Placement.objects.live().filter(student=student).exists():
        raise Conflict(_("%(s)s already has a placement.") % {"s": student.name})
    placement = Placement(
        student=student, position=position, school_id=student.school_id, enterprise_id=position.enterprise_id,
        start_date=start_date or position.start_date, end_date=end_date or position.end_date, source=source,
        matching_round=matching_round, qr_secret=secrets.token_hex(16),
    )
    clean(placement)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise Conflict(_("%(s)s already has a placement.") % {"s": student.name}) from None
    audit_record(actor=actor, action="placement.create", target=placement, organization_id=student.school_id, data={"source": source})
    return placement


def mentor_load(*, teacher_id: int | None = None, enterprise_mentor_id: int | None = None) -> int:
    qs = Placement.objects.live()
    if teacher_id:
        return qs.filter(school_mentor_id=teacher_id).count()
    return qs.filter(enterprise_mentor_id=enterprise_mentor_id).count()


@transaction.atomic
def placement_assign_mentor(*, actor: Actor, placement: Placement, school_mentor_id: int | None = None, enterprise_mentor_id: int | None = None) -> Placement:
    """The school names the school mentor, the enterprise the enterprise mentor; each within the load cap."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    cfg = settings_for(placement.school_id)
    if school_mentor_id is not None:
        require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN])
        from workbridge.academics.models import Teacher

        teacher = Teacher.objects.filter(pk=school_mentor_id, school_id=placement.school_id).first()
        if teacher is None:
            raise ValidationFailed(_("Choose a teacher of your school."), errors={"school_mentor": [_("Unknown teacher.")]})
        load = mentor_load(teacher_id=teacher.pk) - (1 if placement.school_mentor_id == teacher.pk else 0)
        if load >= cfg.max_students_per_school_mentor:
            raise Conflict(
                _("%(t)s already mentors %(n)d students (cap %(c)d).") % {"t": teacher.name, "n": load, "c": cfg.max_students_per_school_mentor}
            )
        placement.school_mentor = teacher
    if enterprise_mentor_id is not None:
        require_org(actor, placement.enterprise_id, [Role.ENTERPRISE_ADMIN])
        from workbridge.organizations.models import Membership

        if not Membership.objects.filter(
            user_id=enterprise_mentor_id, organization_id=placement.enterprise_id, role__in=list(ENTERPRISE_ROLES), is_active=True
        ).exists():
            raise ValidationFailed(_("Choose a member of your enterprise."), errors={"enterprise_mentor": [_("Not a member.")]})
        load = mentor_load(enterprise_mentor_id=enterprise_mentor_id) - (1 if placement.enterprise_mentor_id == enterprise_mentor_id else 0)
        if load >= cfg.max_students_per_enterprise_mentor:
            raise Conflict(_("This mentor already guides %(n)d students (cap %(c)d).") % {"n": load, "c": cfg.max_students_per_enterprise_mentor})
        placement.enterprise_mentor_id = enterprise_mentor_id
    clean(placement)
    placement.save()
    audit_record(actor=actor, action="placement.mentor", target=placement, organization_id=actor.organization_id)
    return placement


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
        raise ValidationFailed(_("The schedule has no work period inside the placement term."), errors={"schedule": [_("No work period.")]})
    placement.schedule = [{"start": str(e["start"]), "end": str(e["end"]), "kind": e["kind"]} for e in schedule]
    placement.save(update_fields=["schedule", "updated_at"])
    audit_record(actor=actor, action="placement.schedule", target=placement, organization_id=placement.school_id)
    return placement


@transaction.atomic
def placement_set_attendance_mode(*, actor: Actor, placement: Placement, mode: str) -> Placement:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if not (actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)) or actor.role == Role.STUDENT:
        raise PermissionDenied(_("Only the school or the enterprise sets how attendance is taken."))
    from .models import AttendanceMode

    if mode not in AttendanceMode.values:
        raise ValidationFailed(_("Unknown attendance mode %(m)s.") % {"m": mode})
    placement.attendance_mode = mode
    if not placement.qr_secret:
        placement.qr_secret = secrets.token_hex(16)
    placement.save(update_fields=["attendance_mode", "qr_secret", "updated_at"])
    audit_record(actor=actor, action="placement.attendance_mode", target=placement, organization_id=actor.organization_id, data={"mode": mode})
    return placement


@transaction.atomic
def training_record(*, actor: Actor, placement: Placement, kind: str, held_on: dt.date, hours, trainer: str, content: str = "") -> PrePlacementTraining:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if actor.role == Role.STUDENT or not (actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)):
        raise PermissionDenied(_("The school or the host records training."))
    training, _created = PrePlacementTraining.objects.update_or_create(
        placement=placement, kind=kind,
        defaults={"held_on": held_on, "hours": hours, "trainer": trainer, "content": content, "recorded_by": acting_user(actor)},
    )
    clean(training)
    if training.held_on > placement.start_date:
        raise ValidationFailed(_("Pre-placement training must be held before the start (%(d)s).") % {"d": placement.start_date}, errors={"held_on": [_("After the start.")]})
    audit_record(actor=actor, action="placement.training", target=placement, organization_id=actor.organization_id, data={"kind": kind})
    return training


@transaction.atomic
def mentor_training_record(*, actor: Actor, course: str, completed_on: dt.date, hours, provider: str = "", mentor_id: int | None = None) -> MentorTraining:
    actor = require_role(as_actor(actor), ENTERPRISE_ROLES)
    mentor_id = mentor_id or actor.user_id
    if mentor_id != actor.user_id and actor.role != Role.ENTERPRISE_ADMIN:
        raise PermissionDenied(_("Mentors record their own training."))
    record = MentorTraining(mentor_id=mentor_id, enterprise_id=actor.organization_id, course=course, provider=provider, completed_on=completed_on, hours=hours)
    clean(record)
    if record.completed_on > timezone.localdate():
        raise ValidationFailed(_("The completion date is in the future."), errors={"completed_on": [_("In the future.")]})
    record.save()
    audit_record(actor=actor, action="mentor.training", target=record, organization_id=actor.organization_id)
    return record


@transaction.atomic
def mentor_rate(*, actor: Actor, placement: Placement, mentor_kind: str, score: int, comment: str = "") -> MentorRating:
    actor = as_actor(actor)
    student = _student_of(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if placement.student_id != student.pk:
        raise PermissionDenied(_("Not your placement."))
    rating, _created = MentorRating.objects.update_or_create(
        placement=placement, mentor_kind=mentor_kind, defaults={"score": score, "comment": comment}
    )
    clean(rating)
    return rating


# ---------------------------------------------------------------------------------------------------------
# Tripartite agreement and insurance


def agreement_terms(placement: Placement) -> dict:
    """Every regulated term, from the position, the placement and the school's records."""
    position = placement.position
    student = placement.student
    insurance = compliance_bridge._related_or_none(placement, "insurance")
    age = student.age_on(placement.start_date)
    return {
        "school": placement.school.name,
        "enterprise": placement.enterprise.name,
        "enterprise_credit_code": placement.enterprise.credit_code,
        "student": student.name,
        "student_number": student.student_number,
        "major": student.major.name,
        "age_at_start": age,
        "post": position.title,
        "occupation_code": position.occupation_code,
        "duties": position.duties,
        "workplace": position.workplace_address,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "schedule": placement.schedule,
        "monthly_pay": str(position.monthly_pay),
        "pay_terms": "monthly, in money, directly to the student",
        "daily_hours": str(position.daily_hours),
        "shift": f"{position.shift_start:%H:%M}-{position.shift_end:%H:%M}",
        "rest_days_per_week": position.rest_days_per_week,
        "no_overtime_night_holiday": True,
        "insurance": (
            {"insurer": insurance.insurer, "policy_number": insurance.policy_number, "cover_start": insurance.cover_start.isoformat(),
             "cover_end": insurance.cover_end.isoformat(), "paid_by": insurance.paid_by}
            if insurance else None
        ),
        "safety": "pre-placement safety training; protective equipment provided free; no high-risk posts",
        "school_mentor": placement.school_mentor.name if placement.school_mentor_id else "",
        "enterprise_mentor": str(placement.enterprise_mentor) if placement.enterprise_mentor_id else "",
        "fee_to_student": str(position.fee_to_student),
        "guardian_required": age < 18,
    }


@transaction.atomic
def agreement_generate(*, actor: Actor, placement: Placement) -> TripartiteAgreement:
    """(Re)generate the agreement PDF. New terms reset every confirmation; the rules are checked at this point."""
    from .pdfs import agreement_pdf

    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.TEACHER])
    placement = access_object(actor, Placement.objects.select_for_update().select_related("student__major", "position", "school", "enterprise"), placement.pk)
    if placement.status not in LIVE_PLACEMENT_STATUSES:
        raise InvalidTransition(_("The placement is %(s)s.") % {"s": placement.get_status_display()})
    terms = agreement_terms(placement)
    agreement = compliance_bridge._related_or_none(placement, "agreement")
    if agreement is None:
        agreement = TripartiteAgreement(placement=placement, terms=terms)
    elif agreement.terms != terms:
        agreement.version += 1
        agreement.terms = terms
        agreement.school_confirmed_at = agreement.enterprise_confirmed_at = None
        agreement.student_confirmed_at = agreement.guardian_confirmed_at = None
        agreement.school_confirmed_by = agreement.enterprise_confirmed_by = None
    agreement.guardian_required = terms["guardian_required"]
    pdf_bytes = agreement_pdf(agreement)
    agreement.pdf.save(f"agreement-{placement.pk}-v{agreement.version}.pdf", ContentFile(pdf_bytes), save=False)
    agreement.generated_at = timezone.now()
    agreement.save()
    compliance_bridge.run_check(
        actor=acting_user(actor), checkpoint="agreement", facts=compliance_bridge.placement_facts(placement),
        school=placement.school, enterprise=placement.enterprise, placement=placement, position=placement.position,
        year=placement.start_date.year,
    )
    audit_record(actor=actor, action="agreement.generate", target=placement, organization_id=placement.school_id, data={"version": agreement.version})
    return agreement


@transaction.atomic
def agreement_confirm(*, actor: Actor, placement: Placement, guardian_name: str = "") -> TripartiteAgreement:
    """Each party confirms in the platform: school (admin or teacher), enterprise (admin), student; the school
    records the guardian's signed consent for a minor."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    agreement = TripartiteAgreement.objects.select_for_update().filter(placement=placement).first()
    if agreement is None:
        raise InvalidTransition(_("Generate the agreement first."))
    now = timezone.now()
    if actor.role in SCHOOL_ROLES and actor.organization_id == placement.school_id:
        if guardian_name:
            if not agreement.guardian_required:
                raise ValidationFailed(_("The student is an adult; no guardian consent is needed."))
            agreement.guardian_name = guardian_name.strip()
            agreement.guardian_confirmed_at = now
            action = "agreement.guardian"
        else:
            agreement.school_confirmed_at, agreement.school_confirmed_by = now, acting_user(actor)
            action = "agreement.confirm_school"
    elif actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == placement.enterprise_id:
        agreement.enterprise_confirmed_at, agreement.enterprise_confirmed_by = now, acting_user(actor)
        action = "agreement.confirm_enterprise"
    elif actor.role == Role.STUDENT and actor.student_id == placement.student_id:
        agreement.student_confirmed_at = now
        action = "agreement.confirm_student"
    else:
        raise PermissionDenied(_("Only the school, the enterprise's admin or the student confirm the agreement."))
    agreement.save()
    audit_record(actor=actor, action=action, target=placement, organization_id=actor.organization_id, data={"version": agreement.version})
    return agreement


@transaction.atomic
def insurance_record(*, actor: Actor, placement: Placement, policy_number: str, insurer: str, cover_start: dt.date, cover_end: dt.date, paid_by: str = "school") -> Insurance:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if actor.role == Role.STUDENT or not (actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)):
        raise PermissionDenied(_("The school or the host records the insurance."))
    errors = {}
    if cover_start and cover_start > placement.start_date:
        errors["cover_start"] = [_("Cover must start by the placement start (%(d)s).") % {"d": placement.start_date}]
    if cover_end and cover_end < placement.end_date:
        errors["cover_end"] = [_("Cover must last until the placement end (%(d)s).") % {"d": placement.end_date}]
    if paid_by not in ("school", "enterprise"):
        errors["paid_by"] = [_("The school or the enterprise pays; never the student.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    insurance = compliance_bridge._related_or_none(placement, "insurance") or Insurance(placement=placement)
    insurance.policy_number, insurance.insurer = policy_number.strip(), insurer.strip()
    insurance.cover_start, insurance.cover_end, insurance.paid_by = cover_start, cover_end, paid_by
    insurance.recorded_by = acting_user(actor)
    clean(insurance)
    insurance.save()
    audit_record(actor=actor, action="placement.insurance", target=placement, organization_id=actor.organization_id, data={"insurer": insurer})
    return insurance


def start_blockers(placement: Placement) -> list[str]:
    """What still stops this placement from starting (empty: it may start)."""
    blockers = []
    agreement = compliance_bridge._related_or_none(placement, "agreement")
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
    insurance = compliance_bridge._related_or_none(placement, "insurance")
    if insurance is None:
        blockers.append(_("No internship liability insurance recorded."))
    elif insurance.cover_start > placement.start_date or insurance.cover_end < placement.end_date:
        blockers.append(_("The insurance does not cover the whole placement."))
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
    placement = access_object(actor, Placement.objects.select_for_update().select_related("student__major", "position__enterprise"), placement.pk)
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN, Role.TEACHER])
    if placement.status != PlacementStatus.PLANNED:
        raise InvalidTransition(_("Only a planned placement starts."))
    blockers = start_blockers(placement)
    if blockers:
        raise RuleViolation(_("The internship cannot start: %(b)s") % {"b": " ".join(blockers)}, errors={"blockers": blockers})
    findings = compliance_bridge.run_check(
        actor=acting_user(actor), checkpoint="placement_start", facts=compliance_bridge.placement_facts(placement),
        school=placement.school, enterprise=placement.enterprise, placement=placement, position=placement.position,
        year=placement.start_date.year,
    )
    blocking = [f for f in findings if compliance_bridge.is_blocking(f)]
    if blocking:
        raise RuleViolation(
            _("The internship breaks %(n)d rule(s): %(m)s") % {"n": len(blocking), "m": "; ".join(str(f.get("message") or f.get("rule_id")) for f in blocking[:3])},
            errors={"findings": blocking},
        )
    placement.status = PlacementStatus.ACTIVE
    placement.started_at = timezone.now()
    placement.save(update_fields=["status", "started_at", "updated_at"])
    audit_record(actor=actor, action="placement.start", target=placement, organization_id=placement.school_id)
    return placement


@transaction.atomic
def placement_complete(*, actor: Actor, placement: Placement, hired_by_host: bool = False) -> Placement:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN, Role.TEACHER])
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(_("Only an active placement is completed."))
    placement.status = PlacementStatus.COMPLETED
    placement.hired_by_host = hired_by_host
    placement.ended_at = timezone.now()
    placement.save(update_fields=["status", "hired_by_host", "ended_at", "updated_at"])
    audit_record(actor=actor, action="placement.complete", target=placement, organization_id=placement.school_id, data={"hired": hired_by_host})
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
def placement_terminate(*, actor: Actor, placement: Placement, reason: str) -> Placement:
    from .services_alerts import alert_raise

    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.select_for_update(), placement.pk)
    if actor.role == Role.STUDENT or not (actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)):
        raise PermissionDenied(_("The school or the host ends a placement early."))
    if placement.status not in LIVE_PLACEMENT_STATUSES:
        raise InvalidTransition(_("The placement is already %(s)s.") % {"s": placement.get_status_display()})
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for ending the placement."), errors={"reason": [_("Required.")]})
    was_active = placement.status == PlacementStatus.ACTIVE
    placement.status = PlacementStatus.TERMINATED
    placement.termination_reason = reason.strip()
    placement.ended_at = timezone.now()
    placement.save(update_fields=["status", "termination_reason", "ended_at", "updated_at"])
    if was_active:
        alert_raise(
            placement=placement, kind="early_termination", severity="serious",
            title=_("Placement ended early: %(s)s") % {"s": placement.student.name}, detail=reason,
            dedupe_key=f"early_termination:{placement.pk}",
        )
    audit_record(actor=actor, action="placement.terminate", target=placement, organization_id=actor.organization_id, summary=reason[:200])
    return placement


def get_placement(actor: Actor, pk) -> Placement:
    try:
        return access_object(actor, Placement.objects.select_related("student", "position", "school", "enterprise"), pk)
    except NotFound:
        raise
