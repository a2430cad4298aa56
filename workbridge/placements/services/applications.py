"""Applications: a student applies, the enterprise advances and offers, the student answers or withdraws."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.core.access import Actor, access_object, as_actor, require_org
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import ENTERPRISE_ROLES
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import compliance_bridge
from ..models import (
    Application,
    ApplicationStatus,
    Placement,
    PlacementSource,
    Position,
    PositionStatus,
)
from .common import acting_student, notify_enterprise_admins, notify_student
from .placements import placement_create
from .positions import position_free_places

ENTERPRISE_TRANSITIONS = {
    "shortlist": ({ApplicationStatus.SUBMITTED}, ApplicationStatus.SHORTLISTED),
    "interview": (
        {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW},
        ApplicationStatus.INTERVIEW,
    ),
    "offer": ({ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW}, ApplicationStatus.OFFERED),
    "reject": (
        {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW},
        ApplicationStatus.REJECTED,
    ),
    "cancel_interview": ({ApplicationStatus.INTERVIEW}, ApplicationStatus.SHORTLISTED),
    "rescind": ({ApplicationStatus.OFFERED}, ApplicationStatus.REJECTED),
}
ENTERPRISE_ACTION_LABELS = {
    "shortlist": gettext_lazy("shortlist"),
    "interview": gettext_lazy("schedule an interview"),
    "offer": gettext_lazy("make an offer"),
    "reject": gettext_lazy("decline"),
    "cancel_interview": gettext_lazy("cancel the interview"),
    "rescind": gettext_lazy("withdraw the offer"),
}


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


def application_obstacles(position: Position, student) -> list[str]:
    """Why an application by this student to this position would be refused, in words (empty: they may apply).
    The position page shows these instead of a form that would fail."""
    if position.status != PositionStatus.APPROVED:
        return [_("This position is not open for applications.")]
    if Placement.objects.live().filter(student=student).exists():
        return [_("You already have a placement; it must end before you apply elsewhere.")]
    if position_free_places(position, student) <= 0:
        return [_("No places left for you in this position.")]
    findings = compliance_bridge.blocking_findings(facts=compliance_bridge.prospective_facts(position, student))
    return [compliance_bridge.finding_message(f) for f in findings]


@transaction.atomic
def application_submit(
    *, actor: Actor, position: Position, cover_letter: str = "", summary: str = "", skills=None
) -> Application:
    actor = as_actor(actor)
    student = acting_student(actor)
    position = access_object(actor, Position.objects.select_related("enterprise"), position.pk)
    if position.status != PositionStatus.APPROVED:
        raise InvalidTransition(_("This position is not open for applications."))
    if Placement.objects.live().filter(student=student).exists():
        raise Conflict(_("You already have a placement."))
    if position_free_places(position, student) <= 0:
        raise Conflict(_("No places left for you in this position."))
    compliance_bridge.refuse_if_blocked(
        facts=compliance_bridge.prospective_facts(position, student), step=_("Applying to this position")
    )
    if isinstance(skills, str):
        skills = [s.strip() for s in skills.replace("，", ",").split(",")]
    application = Application(
        student=student,
        position=position,
        school=student.school,
        enterprise=position.enterprise,
        cv=cv_from_profile(student, summary=summary, skills=skills),
        cover_letter=cover_letter,
    )
    full_clean_or_raise(application, exclude=["student", "position"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise Conflict(_("You have already applied to this position.")) from None
    audit_record(actor=actor, action="application.submit", target=application, organization_id=student.school_id)
    notify_enterprise_admins(
        position.enterprise_id,
        _("New application: %(t)s") % {"t": position.title},
        f"/placements/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def application_advance(
    *,
    actor: Actor,
    application: Application,
    action: str,
    interview_at: dt.datetime | None = None,
    interview_place: str = "",
    score=None,
    note: str = "",
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
            _("This step (%(a)s) is not possible for an application that is %(s)s.")
            % {"a": ENTERPRISE_ACTION_LABELS[action], "s": application.get_status_display()}
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
    if action == "offer":
        if (
            application.status == ApplicationStatus.INTERVIEW
            and application.interview_at
            and application.interview_at > timezone.now()
        ):
            raise InvalidTransition(
                _("The interview is scheduled for %(t)s: make the offer after it, or cancel the interview first.")
                % {"t": timezone.localtime(application.interview_at).strftime("%Y-%m-%d %H:%M")}
            )
        if position_free_places(application.position, application.student) <= 0:
            raise Conflict(_("No places left in this position."))
        compliance_bridge.refuse_if_blocked(
            facts=compliance_bridge.prospective_facts(application.position, application.student),
            step=_("An offer for this position"),
        )
    if action == "cancel_interview":
        application.interview_at, application.interview_place = None, ""
    if action == "rescind" and not (note or "").strip():
        raise ValidationFailed(
            _("Say why the offer is withdrawn; the student is told."), errors={"note": [_("Required.")]}
        )
    if score not in (None, ""):
        try:
            application.score = Decimal(str(score))
        except InvalidOperation:
            raise ValidationFailed(_("The score must be a number."), errors={"score": [_("Not a number.")]}) from None
    if note:
        application.note = note
    application.status = target
    full_clean_or_raise(application)
    application.save()
    audit_record(
        actor=actor, action=f"application.{action}", target=application, organization_id=application.enterprise_id
    )
    messages = {
        "shortlist": _("You are shortlisted for %(t)s"),
        "interview": _("Interview for %(t)s scheduled"),
        "offer": _("Offer received for %(t)s"),
        "reject": _("Application for %(t)s not successful"),
        "cancel_interview": _("The interview for %(t)s was cancelled"),
        "rescind": _("The offer for %(t)s was withdrawn"),
    }
    notify_student(application.student, messages[action] % {"t": application.position.title}, "/placements/my/")
    return application


@transaction.atomic
def application_respond(*, actor: Actor, application: Application, accept: bool) -> Application:
    """The student accepts (a planned placement is created) or declines an offer."""
    actor = as_actor(actor)
    student = acting_student(actor)
    application = access_object(
        actor, Application.objects.select_for_update().select_related("position"), application.pk
    )
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
        status__in=[
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.SHORTLISTED,
            ApplicationStatus.INTERVIEW,
            ApplicationStatus.OFFERED,
        ]
    ).update(status=ApplicationStatus.WITHDRAWN, updated_at=timezone.now())
    audit_record(actor=actor, action="application.accept", target=application, organization_id=student.school_id)
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: Application) -> Application:
    actor = as_actor(actor)
    student = acting_student(actor)
    application = access_object(actor, Application.objects.select_for_update(), application.pk)
    if application.student_id != student.pk:
        raise PermissionDenied(_("Not your application."))
    if application.status in (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ):
        raise InvalidTransition(_("This application is already closed."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application
