"""Every write of the partnerships app: agreements, their clauses and life cycle, projects and their records.

Who may write: the school admin of the agreement's school and the enterprise admin of its enterprise (and the
platform admin). Everyone else in scope reads (see apps.py for the scope registration). Callers fetch the
object through ``core.access.access_object`` first, so objects outside the actor's scope are 404 before any
service runs; the services here answer 403 for roles that may read but not write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, acting_user, as_actor
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import OrgKind, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean
from workbridge.core.uploads import validate_upload

from .engines.details import validate_details
from .models import (
    Agreement,
    AgreementClause,
    AgreementStatus,
    ClauseKind,
    ClauseParty,
    Milestone,
    OutputKind,
    ParticipantRole,
    Project,
    ProjectOutput,
    ProjectParticipant,
    ProjectStatus,
    ProjectType,
)
from .permissions import RENEWAL_WINDOW_DAYS, may_write_partnership, may_write_school_people
from .selectors import renewal_successor

REMINDER_DAYS = 60
AGREEMENT_TRANSITIONS: dict[str, set[str]] = {
    AgreementStatus.DRAFT: {AgreementStatus.SIGNED, AgreementStatus.TERMINATED},
    AgreementStatus.SIGNED: {AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED},
    AgreementStatus.ACTIVE: {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED},
    AgreementStatus.EXPIRED: set(),
    AgreementStatus.TERMINATED: set(),
}
PROJECT_TRANSITIONS: dict[str, set[str]] = {
    ProjectStatus.PLANNED: {ProjectStatus.RUNNING, ProjectStatus.CANCELLED},
    ProjectStatus.RUNNING: {ProjectStatus.COMPLETED, ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED},
    ProjectStatus.SUSPENDED: {ProjectStatus.RUNNING, ProjectStatus.CANCELLED},
    ProjectStatus.COMPLETED: set(),
    ProjectStatus.CANCELLED: set(),
}
# Agreements under which new projects may start.
PROJECT_HOST_STATUSES = {AgreementStatus.SIGNED, AgreementStatus.ACTIVE}
OPEN_PROJECT_STATUSES = {ProjectStatus.PLANNED, ProjectStatus.RUNNING, ProjectStatus.SUSPENDED}
WHOLE_NUMBER_OUTPUTS = {
    OutputKind.PEOPLE_TRAINED,
    OutputKind.COURSES,
    OutputKind.TEXTBOOKS,
    OutputKind.CERTIFICATES,
    OutputKind.PATENTS,
}


# ---------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()


def _require_party_admin(actor: Actor, school_id: int, enterprise_id: int) -> None:
    if not may_write_partnership(actor, school_id, enterprise_id):
        raise PermissionDenied(_("Only the admins of the two parties may change this partnership."))


def _normalise_clauses(clauses: Iterable[dict]) -> list[dict]:
    normalised, errors = [], {}
    for index, clause in enumerate(clauses, start=1):
        party = (clause.get("party") or "").strip()
        kind = (clause.get("kind") or "").strip()
        text = (clause.get("text") or "").strip()
        if not text:
            continue  # an empty row (the page always submits a party and a kind with each row)
        problems = []
        if party not in ClauseParty.values:
            problems.append(_("party must be one of %(v)s") % {"v": ", ".join(ClauseParty.values)})
        if kind not in ClauseKind.values:
            problems.append(_("kind must be one of %(v)s") % {"v": ", ".join(ClauseKind.values)})
        if len(text) > 2000:
            problems.append(_("the text is longer than 2000 characters"))
        if problems:
            errors[f"clauses[{index}]"] = problems
        normalised.append({"party": party, "kind": kind, "text": text})
    if errors:
        first_key = next(iter(errors))
        raise ValidationFailed(
            _("Clause %(n)s: %(p)s.") % {"n": first_key[8:-1], "p": "; ".join(str(p) for p in errors[first_key])},
            errors=errors,
        )
    return normalised


def _replace_clauses(agreement: Agreement, clauses: list[dict]) -> None:
    agreement.clauses.all().delete()
    AgreementClause.objects.bulk_create(
        AgreementClause(agreement=agreement, position=i, **clause) for i, clause in enumerate(clauses, start=1)
    )


def _check_parties(school, enterprise) -> None:
    errors = {}
    if school is None or school.kind != OrgKind.SCHOOL:
        errors["school"] = [_("The first party must be a school.")]
    if enterprise is None or enterprise.kind != OrgKind.ENTERPRISE:
        errors["enterprise"] = [_("The second party must be an enterprise.")]
    elif not enterprise.is_approved_enterprise:
        errors["enterprise"] = [
            _("%(name)s is not an approved enterprise (status: %(status)s); only approved enterprises sign agreements.")
            % {"name": enterprise.name, "status": enterprise.get_vetting_status_display()}
        ]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)


def _move(agreement: Agreement, to_status: str) -> str:
    from_status = agreement.status
    if to_status not in AGREEMENT_TRANSITIONS.get(from_status, set()):
        raise InvalidTransition(
            _("An agreement that is %(from)s cannot become %(to)s.")
            % {"from": AgreementStatus(from_status).label, "to": AgreementStatus(to_status).label}
        )
    agreement.status = to_status
    return from_status


def _audit_agreement(actor: Actor | None, agreement: Agreement, action: str, **data) -> None:
    audit_record(
        actor=acting_user(actor) if actor else None,
        action=f"agreement.{action}",
        target=agreement,
        organization_id=agreement.school_id,
        summary=f"{agreement.title} [{agreement.school_id}/{agreement.enterprise_id}]",
        data={"school_id": agreement.school_id, "enterprise_id": agreement.enterprise_id, **data},
    )


# ---------------------------------------------------------------- agreements


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    school,
    enterprise,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    scope: str = "",
    clauses: Iterable[dict] = (),
) -> Agreement:
    actor = as_actor(actor)
    _require_party_admin(actor, getattr(school, "pk", None), getattr(enterprise, "pk", None))
    _check_parties(school, enterprise)
    agreement = Agreement(
        school=school,
        enterprise=enterprise,
        title=(title or "").strip(),
        scope=(scope or "").strip(),
        start_date=start_date,
        end_date=end_date,
        status=AgreementStatus.DRAFT,
        created_by=acting_user(actor),
    )
    _clean(agreement)
    normalised = _normalise_clauses(clauses)
    agreement.save()
    _replace_clauses(agreement, normalised)
    _audit_agreement(actor, agreement, "create", clauses=len(normalised))
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    title: str | None = None,
    scope: str | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    clauses: Iterable[dict] | None = None,
) -> Agreement:
    actor = as_actor(actor)
    _require_party_admin(actor, agreement.school_id, agreement.enterprise_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.DRAFT:
        raise InvalidTransition(_("Only a draft agreement can be edited; a signed one is changed by a new agreement."))
    changed = []
    for name, value in (("title", title), ("scope", scope), ("start_date", start_date), ("end_date", end_date)):
        if value is not None:
            value = value.strip() if isinstance(value, str) else value
            if getattr(agreement, name) != value:
                setattr(agreement, name, value)
                changed.append(name)
    _clean(agreement)
    agreement.save()
    if clauses is not None:
        _replace_clauses(agreement, _normalise_clauses(clauses))
        changed.append("clauses")
    _audit_agreement(actor, agreement, "update", fields=changed)
    return agreement


@transaction.atomic
def agreement_sign(*, actor: Actor, agreement: Agreement, signed_on: dt.date, signed_file=None) -> Agreement:
    """draft -> signed. The signed copy (PDF or scan) must be on file, uploaded now or earlier."""
    actor = as_actor(actor)
    _require_party_admin(actor, agreement.school_id, agreement.enterprise_id)
    agreement = Agreement.objects.select_for_update().select_related("enterprise", "school").get(pk=agreement.pk)
    _check_parties(agreement.school, agreement.enterprise)
    if signed_on is None:
        raise ValidationFailed(_("Give the date of signing."), errors={"signed_on": [_("This field is required.")]})
    if signed_on > _today():
        raise ValidationFailed(
            _("The signing date cannot be in the future."), errors={"signed_on": [_("The date is in the future.")]}
        )
    if signed_on >= agreement.end_date:
        raise ValidationFailed(
            _("The agreement was signed after its term ended."), errors={"signed_on": [_("After the end of the term.")]}
        )
    if signed_file is not None:
        validate_upload(signed_file, purpose="document", field="signed_file")
    elif not agreement.signed_file:
        raise ValidationFailed(
            _("Upload the signed copy (PDF or scan) to sign the agreement."),
            errors={"signed_file": [_("This field is required.")]},
        )
    if not agreement.clauses.exists():
        raise ValidationFailed(
            _("An agreement needs at least one clause (rights and obligations) before it is signed."),
            errors={"clauses": [_("Add at least one clause.")]},
        )
    _move(agreement, AgreementStatus.SIGNED)
    agreement.signed_on = signed_on
    if signed_file is not None:
        agreement.signed_file.save(signed_file.name.rsplit("/", 1)[-1], signed_file, save=False)
    agreement.save()
    _audit_agreement(actor, agreement, "sign", signed_on=signed_on.isoformat())
    return agreement


@transaction.atomic
def agreement_activate(*, actor: Actor, agreement: Agreement, today: dt.date | None = None) -> Agreement:
    """signed -> active, once the term has begun."""
    actor = as_actor(actor)
    _require_party_admin(actor, agreement.school_id, agreement.enterprise_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    today = today or _today()
    if agreement.status == AgreementStatus.SIGNED and agreement.start_date > today:
        raise InvalidTransition(
            _("The term starts on %(d)s; the agreement becomes active then.") % {"d": agreement.start_date.isoformat()}
        )
    if agreement.status == AgreementStatus.SIGNED and agreement.end_date < today:
        raise InvalidTransition(_("The term has already ended."))
    _move(agreement, AgreementStatus.ACTIVE)
    agreement.save()
    _audit_agreement(actor, agreement, "activate")
    return agreement


@transaction.atomic
def agreement_terminate(*, actor: Actor, agreement: Agreement, reason: str) -> Agreement:
    actor = as_actor(actor)
    _require_party_admin(actor, agreement.school_id, agreement.enterprise_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the reason for the termination."), errors={"termination_reason": [_("This field is required.")]}
        )
    _move(agreement, AgreementStatus.TERMINATED)
    agreement.termination_reason = reason
    agreement.save()
    _audit_agreement(actor, agreement, "terminate")
    return agreement


def _party_admins(agreement: Agreement):
    from workbridge.organizations.models import User

    return (
        User.objects.filter(
            memberships__is_active=True,
            is_active=True,
        )
        .filter(
            _q_member(agreement.school_id, Role.SCHOOL_ADMIN)
            | _q_member(agreement.enterprise_id, Role.ENTERPRISE_ADMIN)
        )
        .distinct()
        .order_by("id")
    )


def _q_member(organization_id: int, role: str):
    from django.db.models import Q

    return Q(memberships__organization_id=organization_id, memberships__role=role)


CONTINUITY_GAP_DAYS = 30  # a renewal signed within this many days of the old end keeps the partnership continuous


@transaction.atomic
def agreement_renew(
    *,
    actor: Actor,
    agreement: Agreement,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    carry_project_ids: Iterable[int] | None = None,
    title: str | None = None,
) -> Agreement:
    """Renew an agreement before or after it expires: a new draft with the same parties, scope and clauses that
    names its predecessor; the running projects chosen move to it (the others stay with the old agreement and are
    named in the audit line). The successor is signed like any agreement. By default it starts the day after the
    old one ends and runs as long."""
    actor = as_actor(actor)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_party_admin(actor, agreement.school_id, agreement.enterprise_id)
    today = _today()
    if renewal_successor(agreement) is not None:
        raise Conflict(_("This agreement has already been renewed."))
    if agreement.status not in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.EXPIRED):
        raise InvalidTransition(_("Only a signed, active or expired agreement is renewed."))
    if agreement.status != AgreementStatus.EXPIRED and agreement.end_date - today > dt.timedelta(
        days=RENEWAL_WINDOW_DAYS
    ):
        raise InvalidTransition(
            _("An agreement can be renewed from %(n)d days before it ends (%(d)s).")
            % {"n": RENEWAL_WINDOW_DAYS, "d": agreement.end_date.isoformat()}
        )
    length = agreement.end_date - agreement.start_date
    start_date = start_date or max(agreement.end_date + dt.timedelta(days=1), today)
    end_date = end_date or start_date + length
    successor = Agreement(
        school_id=agreement.school_id,
        enterprise_id=agreement.enterprise_id,
        title=(title or agreement.title).strip(),
        scope=agreement.scope,
        start_date=start_date,
        end_date=end_date,
        status=AgreementStatus.DRAFT,
        created_by=acting_user(actor),
        renews=agreement,
    )
    _clean(successor)
    successor.save()
    _replace_clauses(
        successor, [{"party": c.party, "kind": c.kind, "text": c.text} for c in agreement.clauses.order_by("position")]
    )
    running = {p.pk: p for p in agreement.projects.filter(status__in=[ProjectStatus.PLANNED, ProjectStatus.RUNNING])}
    chosen = set(running) if carry_project_ids is None else {int(i) for i in carry_project_ids}
    unknown = chosen - set(running)
    if unknown:
        raise ValidationFailed(
            _("Only the agreement's planned or running projects can be carried over."),
            errors={"carry_project_ids": sorted(unknown)},
        )
    for pk in chosen:
        project = running[pk]
        if project.end_date and project.end_date > successor.end_date:
            raise ValidationFailed(
                _("“%(p)s” ends after the renewed agreement (%(d)s).")
                % {"p": project.title, "d": successor.end_date.isoformat()},
                errors={"end_date": [str(pk)]},
            )
        project.agreement = successor
        project.save(update_fields=["agreement", "updated_at"])
    _audit_agreement(
        actor, successor, "renew", renews=agreement.pk, carried=sorted(chosen), dropped=sorted(set(running) - chosen)
    )
    return successor


@transaction.atomic
def agreement_send_expiry_reminder(*, agreement: Agreement, today: dt.date) -> bool:
    """Notify (and e-mail, on commit) the admins of both parties once; True if a reminder went out now."""
    agreement = Agreement.objects.select_for_update().select_related("school", "enterprise").get(pk=agreement.pk)
    if agreement.expiry_reminder_sent_on is not None:
        return False
    days_left = (agreement.end_date - today).days
    link = reverse("partnerships:agreement-renew", args=[agreement.pk])
    title = _("Agreement ends in %(days)s days: %(title)s") % {"days": days_left, "title": agreement.title}
    body = _(
        "The framework agreement “%(title)s” between %(school)s and %(enterprise)s ends on %(end)s. "
        "Renew it or plan the end of its projects."
    ) % {
        "title": agreement.title,
        "school": agreement.school.name,
        "enterprise": agreement.enterprise.name,
        "end": agreement.end_date.isoformat(),
    }
    recipients = list(_party_admins(agreement))
    for user in recipients:
        notification_send(recipient=user, kind="agreement.expiring", title=title, body=body, link=link, email=True)
    agreement.expiry_reminder_sent_on = today
    agreement.save(update_fields=["expiry_reminder_sent_on", "updated_at"])
    _audit_agreement(None, agreement, "expiry_reminder", recipients=len(recipients), days_left=days_left)
    return True


def agreements_daily(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily sweep (Celery beat): activate signed agreements whose term began, expire those past their end,
    and remind both parties 60 days before the end. Safe to run any number of times a day."""
    today = today or _today()
    counts = {"activated": 0, "expired": 0, "reminded": 0}
    live = [AgreementStatus.SIGNED, AgreementStatus.ACTIVE]
    for pk in Agreement.objects.filter(status__in=live, end_date__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            if agreement.status in live and agreement.end_date < today:
                _move(agreement, AgreementStatus.EXPIRED)
                agreement.save(update_fields=["status", "updated_at"])
                _audit_agreement(None, agreement, "expire")
                counts["expired"] += 1
    due = Agreement.objects.filter(status=AgreementStatus.SIGNED, start_date__lte=today, end_date__gte=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            if agreement.status == AgreementStatus.SIGNED:
                _move(agreement, AgreementStatus.ACTIVE)
                agreement.save(update_fields=["status", "updated_at"])
                _audit_agreement(None, agreement, "activate", automatic=True)
                counts["activated"] += 1
    horizon = today + dt.timedelta(days=REMINDER_DAYS)
    expiring = Agreement.objects.filter(
        status__in=live, expiry_reminder_sent_on__isnull=True, end_date__gte=today, end_date__lte=horizon
    )
    for agreement in expiring.order_by("end_date", "pk"):
        if agreement_send_expiry_reminder(agreement=agreement, today=today):
            counts["reminded"] += 1
    return counts


# ---------------------------------------------------------------- projects


def _check_project_window(agreement: Agreement, start_date, end_date) -> None:
    errors = {}
    if start_date is not None and start_date < agreement.start_date:
        errors["start_date"] = [_("The project starts before its agreement (%(d)s).") % {"d": agreement.start_date}]
    if start_date is not None and start_date > agreement.end_date:
        errors["start_date"] = [_("The project starts after its agreement ends (%(d)s).") % {"d": agreement.end_date}]
    if end_date is not None and end_date > agreement.end_date:
        errors["end_date"] = [_("The project ends after its agreement (%(d)s).") % {"d": agreement.end_date}]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)


def _check_details(project_type: str, details: dict | None) -> dict:
    if project_type not in ProjectType.values:
        raise ValidationFailed(
            _("Unknown project type %(t)s.") % {"t": project_type}, errors={"project_type": [_("Unknown type.")]}
        )
    cleaned, errors = validate_details(project_type, details)
    if errors:
        label = ProjectType(project_type).label
        field, message = next(iter(errors.items()))
        raise ValidationFailed(
            _("%(type)s details: %(field)s %(message)s.") % {"type": label, "field": field, "message": message},
            errors={f"details.{k}": [v] for k, v in errors.items()},
        )
    return cleaned


def _check_majors(school_id: int, majors) -> list:
    majors = list(majors or [])
    foreign = [m for m in majors if m.school_id != school_id]
    if foreign:
        raise ValidationFailed(
            _("Major %(m)s belongs to another school.") % {"m": foreign[0]},
            errors={"majors": [_("Only majors of the agreement's school.")]},
        )
    return majors


def _audit_project(actor: Actor | None, project: Project, action: str, **data) -> None:
    audit_record(
        actor=acting_user(actor) if actor else None,
        action=f"project.{action}",
        target=project,
        organization_id=project.school_id,
        summary=f"{project.title} [{project.project_type}]",
        data={"school_id": project.school_id, "enterprise_id": project.enterprise_id, **data},
    )


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    agreement: Agreement,
    project_type: str,
    title: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
    details: dict | None = None,
    majors: Iterable = (),
) -> Project:
    actor = as_actor(actor)
    _require_party_admin(actor, agreement.school_id, agreement.enterprise_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in PROJECT_HOST_STATUSES:
        raise InvalidTransition(
            _("Projects start under a signed or active agreement; this one is %(s)s.")
            % {"s": AgreementStatus(agreement.status).label}
        )
    cleaned = _check_details(project_type, details)
    _check_project_window(agreement, start_date, end_date)
    majors = _check_majors(agreement.school_id, majors)
    project = Project(
        agreement=agreement,
        school_id=agreement.school_id,
        enterprise_id=agreement.enterprise_id,
        project_type=project_type,
        title=(title or "").strip(),
        description=(description or "").strip(),
        start_date=start_date,
        end_date=end_date,
        details=cleaned,
        status=ProjectStatus.PLANNED,
    )
    _clean(project)
    project.save()
    if majors:
        project.majors.set(majors)
    _audit_project(actor, project, "create")
    return project


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    title: str | None = None,
    description: str | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    details: dict | None = None,
    majors: Iterable | None = None,
) -> Project:
    actor = as_actor(actor)
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    project = Project.objects.select_for_update().select_related("agreement").get(pk=project.pk)
    if project.status not in OPEN_PROJECT_STATUSES:
        raise InvalidTransition(_("A completed or cancelled project is closed."))
    for name, value in (("title", title), ("description", description), ("start_date", start_date)):
        if value is not None:
            setattr(project, name, value.strip() if isinstance(value, str) else value)
    if end_date is not None:
        project.end_date = end_date
    if details is not None:
        project.details = _check_details(project.project_type, details)
    _check_project_window(project.agreement, project.start_date, project.end_date)
    _clean(project)
    project.save()
    if majors is not None:
        project.majors.set(_check_majors(project.school_id, majors))
    _audit_project(actor, project, "update")
    return project


@transaction.atomic
def project_transition(*, actor: Actor, project: Project, to_status: str) -> Project:
    actor = as_actor(actor)
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    project = Project.objects.select_for_update().select_related("agreement").get(pk=project.pk)
    from_status = project.status
    if to_status not in PROJECT_TRANSITIONS.get(from_status, set()):
        raise InvalidTransition(
            _("A project that is %(from)s cannot become %(to)s.")
            % {
                "from": ProjectStatus(from_status).label,
                "to": ProjectStatus(to_status).label if to_status in ProjectStatus.values else to_status,
            }
        )
    if to_status == ProjectStatus.RUNNING and project.agreement.status not in PROJECT_HOST_STATUSES:
        raise InvalidTransition(_("The agreement is no longer in force; the project cannot run."))
    project.status = to_status
    if to_status == ProjectStatus.COMPLETED and project.end_date is None:
        project.end_date = max(_today(), project.start_date)
    project.save()
    _audit_project(actor, project, "status", from_status=from_status, to_status=to_status)
    return project


def _require_open(project: Project) -> None:
    if project.status not in OPEN_PROJECT_STATUSES:
        raise InvalidTransition(_("A completed or cancelled project is closed."))


@transaction.atomic
def participant_add(
    *,
    actor: Actor,
    project: Project,
    role: str,
    student=None,
    teacher=None,
    staff_user=None,
    staff_name: str = "",
    duty: str = "",
) -> ProjectParticipant:
    actor = as_actor(actor)
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    _require_open(project)
    participant = ProjectParticipant(project=project, role=role, duty=(duty or "").strip())
    if role == ParticipantRole.STUDENT:
        if student is None:
            raise ValidationFailed(_("Choose the student."), errors={"student": [_("This field is required.")]})
        if student.school_id != project.school_id:
            raise ValidationFailed(
                _("The student is not at the project's school."), errors={"student": [_("Another school.")]}
            )
        participant.student = student
    elif role == ParticipantRole.TEACHER:
        if teacher is None:
            raise ValidationFailed(_("Choose the teacher."), errors={"teacher": [_("This field is required.")]})
        if teacher.school_id != project.school_id:
            raise ValidationFailed(
                _("The teacher is not at the project's school."), errors={"teacher": [_("Another school.")]}
            )
        participant.teacher = teacher
    elif role == ParticipantRole.ENTERPRISE_STAFF:
        if staff_user is not None:
            if not staff_user.memberships.filter(organization_id=project.enterprise_id, is_active=True).exists():
                raise ValidationFailed(
                    _("That person does not work for the project's enterprise."),
                    errors={"staff_user": [_("Not a member of the enterprise.")]},
                )
            participant.staff_user = staff_user
            participant.staff_name = (staff_name or str(staff_user))[:60]
        else:
            staff_name = (staff_name or "").strip()
            if not staff_name:
                raise ValidationFailed(
                    _("Give the staff member's name."), errors={"staff_name": [_("This field is required.")]}
                )
            participant.staff_name = staff_name[:60]
    else:
        raise ValidationFailed(_("Unknown participant role."), errors={"role": [_("Unknown role.")]})
    if role in (ParticipantRole.STUDENT, ParticipantRole.TEACHER) and not may_write_school_people(actor, project):
        raise PermissionDenied(_("Students and teachers are added by the school."))
    duplicate = ProjectParticipant.objects.filter(project=project, role=role)
    if (
        participant.student_id
        and duplicate.filter(student_id=participant.student_id).exists()
        or (participant.teacher_id and duplicate.filter(teacher_id=participant.teacher_id).exists())
    ):
        raise Conflict(_("Already a participant of this project."))
    _clean(participant, exclude=["staff_user"])
    participant.save()
    _audit_project(actor, project, "participant_add", role=role, participant_id=participant.pk)
    return participant


@transaction.atomic
def participant_remove(*, actor: Actor, participant: ProjectParticipant) -> None:
    actor = as_actor(actor)
    project = participant.project
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    _require_open(project)
    _audit_project(actor, project, "participant_remove", role=participant.role, participant_id=participant.pk)
    participant.delete()


@transaction.atomic
def milestone_add(*, actor: Actor, project: Project, title: str, due_date: dt.date) -> Milestone:
    actor = as_actor(actor)
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    _require_open(project)
    if due_date is None:
        raise ValidationFailed(_("Give the due date."), errors={"due_date": [_("This field is required.")]})
    if due_date < project.start_date or due_date > project.agreement.end_date:
        raise ValidationFailed(
            _("The due date must lie between the project start (%(s)s) and the agreement end (%(e)s).")
            % {"s": project.start_date, "e": project.agreement.end_date},
            errors={"due_date": [_("Outside the project's term.")]},
        )
    milestone = Milestone(project=project, title=(title or "").strip(), due_date=due_date)
    _clean(milestone)
    milestone.save()
    _audit_project(actor, project, "milestone_add", milestone_id=milestone.pk)
    return milestone


@transaction.atomic
def milestone_complete(*, actor: Actor, milestone: Milestone, done_on: dt.date | None = None) -> Milestone:
    actor = as_actor(actor)
    project = milestone.project
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_on is not None:
        raise InvalidTransition(_("This milestone is already done."))
    done_on = done_on or _today()
    if done_on > _today():
        raise ValidationFailed(
            _("The completion date cannot be in the future."), errors={"done_on": [_("Future date.")]}
        )
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    _audit_project(actor, project, "milestone_done", milestone_id=milestone.pk)
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Actor, milestone: Milestone) -> None:
    actor = as_actor(actor)
    project = milestone.project
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    _require_open(project)
    _audit_project(actor, project, "milestone_remove", milestone_id=milestone.pk)
    milestone.delete()


@transaction.atomic
def output_record(
    *,
    actor: Actor,
    project: Project,
    kind: str,
    quantity,
    recorded_on: dt.date,
    note: str = "",
    file=None,
) -> ProjectOutput:
    actor = as_actor(actor)
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    if project.status == ProjectStatus.CANCELLED:
        raise InvalidTransition(_("A cancelled project records no outputs."))
    if kind not in OutputKind.values:
        raise ValidationFailed(_("Unknown output kind %(k)s.") % {"k": kind}, errors={"kind": [_("Unknown kind.")]})
    try:
        amount = Decimal(str(quantity).strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        raise ValidationFailed(_("The quantity must be a number."), errors={"quantity": [_("Not a number.")]})
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed(_("The quantity must be zero or more."), errors={"quantity": [_("Negative.")]})
    if kind in WHOLE_NUMBER_OUTPUTS and amount != amount.to_integral_value():
        raise ValidationFailed(
            _("%(k)s is counted in whole numbers.") % {"k": OutputKind(kind).label},
            errors={"quantity": [_("Whole numbers only.")]},
        )
    if recorded_on is None:
        raise ValidationFailed(_("Give the date."), errors={"recorded_on": [_("This field is required.")]})
    if recorded_on > _today():
        raise ValidationFailed(_("The date cannot be in the future."), errors={"recorded_on": [_("Future date.")]})
    if recorded_on < project.start_date:
        raise ValidationFailed(
            _("The date is before the project started (%(d)s).") % {"d": project.start_date},
            errors={"recorded_on": [_("Before the project start.")]},
        )
    output = ProjectOutput(
        project=project,
        kind=kind,
        quantity=amount,
        recorded_on=recorded_on,
        note=(note or "").strip(),
        recorded_by=acting_user(actor),
    )
    _clean(output, exclude=["file", "recorded_by"])
    if file is not None:
        validate_upload(file, purpose="output", field="file")
        output.file.save(file.name.rsplit("/", 1)[-1], file, save=False)
    output.save()
    _audit_project(actor, project, "output_record", output_id=output.pk, kind=kind, quantity=str(amount))
    return output


@transaction.atomic
def output_remove(*, actor: Actor, output: ProjectOutput) -> None:
    actor = as_actor(actor)
    project = output.project
    _require_party_admin(actor, project.school_id, project.enterprise_id)
    _audit_project(actor, project, "output_remove", output_id=output.pk)
    output.delete()
