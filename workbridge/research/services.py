"""Writes for R&D and technical services: problems, proposals, contracts, milestones, outcomes, students."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Student, Teacher
from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean

from .models import (
    OutcomeKind,
    ProblemStatus,
    Proposal,
    ProposalStatus,
    RndMember,
    RndMilestone,
    RndOutcome,
    RndProject,
    RndStatus,
    RndStudent,
    TechnicalProblem,
)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(
            _("%(f)s must be an amount in yuan.") % {"f": field}, errors={field: [_("Enter a number.")]}
        ) from None
    if amount < 0:
        raise ValidationFailed(_("%(f)s cannot be negative.") % {"f": field}, errors={field: [_("Must be 0 or more.")]})
    return amount


@transaction.atomic
def problem_post(*, actor: Actor, title: str, description: str, respond_by: dt.date, budget_yuan=0) -> TechnicalProblem:
    actor = as_actor(actor)
    require_role(actor, ENTERPRISE_ROLES, _("Technical problems are posted by enterprises."))
    if respond_by < timezone.localdate():
        raise ValidationFailed(
            _("The proposal deadline lies in the past."), errors={"respond_by": [_("Pick a future date.")]}
        )
    item = TechnicalProblem(
        enterprise_id=actor.organization_id,
        posted_by=acting_user(actor),
        title=(title or "").strip(),
        description=(description or "").strip(),
        respond_by=respond_by,
        budget_yuan=_money(budget_yuan, "budget_yuan"),
    )
    _clean(item)
    item.save()
    audit_record(actor=actor, action="research.problem.post", target=item, organization_id=actor.organization_id)
    return item


@transaction.atomic
def problem_close(*, actor: Actor, problem: TechnicalProblem) -> TechnicalProblem:
    actor = as_actor(actor)
    require_org(actor, problem.enterprise_id, ENTERPRISE_ROLES)
    if problem.status != ProblemStatus.OPEN:
        raise InvalidTransition(_("Only open problems can be closed."))
    problem.status = ProblemStatus.CLOSED
    problem.save(update_fields=["status", "updated_at"])
    Proposal.objects.filter(problem=problem, status=ProposalStatus.SUBMITTED).update(status=ProposalStatus.DECLINED)
    audit_record(actor=actor, action="research.problem.close", target=problem, organization_id=problem.enterprise_id)
    return problem


@transaction.atomic
def proposal_submit(
    *,
    actor: Actor,
    problem_id: int,
    lead_id: int,
    team_ids: list[int],
    approach: str,
    price_yuan,
    duration_days: int,
) -> Proposal:
    """A school (admin or teacher) proposes a team of its own teachers for an open problem it can see."""
    actor = as_actor(actor)
    require_role(actor, SCHOOL_ROLES, _("Proposals come from schools."))
    from .selectors import problem as get_problem

    problem = get_problem(actor=actor, pk=problem_id)
    if problem.status != ProblemStatus.OPEN:
        raise InvalidTransition(_("This problem no longer takes proposals."))
    if problem.respond_by < timezone.localdate():
        raise InvalidTransition(_("The deadline for proposals has passed."))
    school_teachers = Teacher.objects.filter(school_id=actor.organization_id)
    lead = school_teachers.filter(pk=lead_id).first()
    if lead is None:
        raise ValidationFailed(
            _("The lead must be a teacher of your school."), errors={"lead": [_("Not a teacher of your school.")]}
        )
    team = list(school_teachers.filter(pk__in=team_ids or []))
    if len(team) != len(set(team_ids or [])):
        raise ValidationFailed(
            _("Every team member must be a teacher of your school."), errors={"team": [_("Unknown teacher.")]}
        )
    if not (approach or "").strip():
        raise ValidationFailed(_("Describe the approach."), errors={"approach": [_("This field is required.")]})
    if Proposal.objects.filter(
        problem=problem, school_id=actor.organization_id, status=ProposalStatus.SUBMITTED
    ).exists():
        raise Conflict(_("Your school already has an open proposal for this problem."))
    proposal = Proposal(
        problem=problem,
        school_id=actor.organization_id,
        enterprise_id=problem.enterprise_id,
        lead=lead,
        approach=approach.strip(),
        price_yuan=_money(price_yuan, "price_yuan"),
        duration_days=duration_days,
        submitted_by=acting_user(actor),
    )
    _clean(proposal)
    proposal.save()
    proposal.team.set({lead, *team})
    audit_record(actor=actor, action="research.proposal.submit", target=proposal, organization_id=actor.organization_id)
    if problem.posted_by_id:
        notification_send(
            recipient=problem.posted_by,
            kind="research.proposal.new",
            title=_("New proposal for %(t)s") % {"t": problem.title},
            link=f"/research/problems/{problem.pk}/",
        )
    return proposal


@transaction.atomic
def proposal_accept(
    *,
    actor: Actor,
    proposal: Proposal,
    contract_number: str,
    signed_on: dt.date,
    start_date: dt.date,
    end_date: dt.date,
    contract_value_yuan=None,
) -> RndProject:
    """The enterprise accepts one proposal: the contract (R&D project) is created, the other proposals declined."""
    actor = as_actor(actor)
    require_org(actor, proposal.enterprise_id, [Role.ENTERPRISE_ADMIN])
    proposal = Proposal.objects.select_for_update().select_related("problem").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted proposals can be accepted."))
    problem = TechnicalProblem.objects.select_for_update().get(pk=proposal.problem_id)
    if problem.status != ProblemStatus.OPEN:
        raise InvalidTransition(_("This problem is already contracted or closed."))
    if not (contract_number or "").strip():
        raise ValidationFailed(
            _("Enter the contract number."), errors={"contract_number": [_("This field is required.")]}
        )
    project = RndProject(
        problem=problem,
        proposal=proposal,
        school_id=proposal.school_id,
        enterprise_id=proposal.enterprise_id,
        title=problem.title,
        contract_number=contract_number.strip(),
        contract_value_yuan=_money(
            proposal.price_yuan if contract_value_yuan is None else contract_value_yuan, "contract_value_yuan"
        ),
        signed_on=signed_on,
        start_date=start_date,
        end_date=end_date,
    )
    _clean(project)
    if end_date < start_date:
        raise ValidationFailed(_("The end must not come before the start."), errors={"end_date": ["before start"]})
    project.save()
    RndMember.objects.bulk_create(
        [RndMember(project=project, teacher=t, is_lead=t.pk == proposal.lead_id) for t in proposal.team.all()]
    )
    proposal.status = ProposalStatus.ACCEPTED
    proposal.save(update_fields=["status", "updated_at"])
    Proposal.objects.filter(problem=problem, status=ProposalStatus.SUBMITTED).exclude(pk=proposal.pk).update(
        status=ProposalStatus.DECLINED
    )
    problem.status = ProblemStatus.CONTRACTED
    problem.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="research.project.contract",
        target=project,
        organization_id=project.enterprise_id,
        data={"proposal_id": proposal.pk, "value": str(project.contract_value_yuan)},
    )
    if proposal.submitted_by_id:
        notification_send(
            recipient=proposal.submitted_by,
            kind="research.proposal.accepted",
            title=_("Your proposal for %(t)s was accepted") % {"t": problem.title},
            link=f"/research/projects/{project.pk}/",
        )
    return project


def _project_for_write(actor: Actor, project_id: int) -> RndProject:
    from .selectors import project as get_project

    project = get_project(actor=actor, pk=project_id)
    if not actor.is_platform_admin and actor.organization_id not in (project.school_id, project.enterprise_id):
        raise PermissionDenied(_("Only the project's parties change it."))
    return project


@transaction.atomic
def milestone_add(*, actor: Actor, project_id: int, title: str, due_date: dt.date) -> RndMilestone:
    actor = as_actor(actor)
    project = _project_for_write(actor, project_id)
    item = RndMilestone(project=project, title=(title or "").strip(), due_date=due_date)
    _clean(item)
    item.save()
    audit_record(actor=actor, action="research.milestone.add", target=item, organization_id=project.school_id)
    return item


@transaction.atomic
def milestone_done(
    *, actor: Actor, milestone: RndMilestone, done_on: dt.date | None = None, note: str = ""
) -> RndMilestone:
    actor = as_actor(actor)
    _project_for_write(actor, milestone.project_id)
    if milestone.done_on:
        raise InvalidTransition(_("This milestone is already done."))
    milestone.done_on = done_on or timezone.localdate()
    milestone.note = note[:300]
    milestone.save(update_fields=["done_on", "note", "updated_at"])
    audit_record(
        actor=actor, action="research.milestone.done", target=milestone, organization_id=milestone.project.school_id
    )
    return milestone


@transaction.atomic
def outcome_record(
    *,
    actor: Actor,
    project_id: int,
    kind: str,
    title: str,
    achieved_on: dt.date,
    reference: str = "",
    revenue_yuan=0,
    cost_saved_yuan=0,
) -> RndOutcome:
    actor = as_actor(actor)
    project = _project_for_write(actor, project_id)
    if kind not in OutcomeKind.values:
        raise ValidationFailed(_("Unknown outcome kind."), errors={"kind": [kind]})
    item = RndOutcome(
        project=project,
        kind=kind,
        title=(title or "").strip(),
        reference=reference.strip(),
        achieved_on=achieved_on,
        revenue_yuan=_money(revenue_yuan, "revenue_yuan"),
        cost_saved_yuan=_money(cost_saved_yuan, "cost_saved_yuan"),
        recorded_by=acting_user(actor),
    )
    _clean(item)
    item.save()
    audit_record(
        actor=actor,
        action="research.outcome.record",
        target=item,
        organization_id=project.school_id,
        data={"kind": kind, "revenue": str(item.revenue_yuan), "saved": str(item.cost_saved_yuan)},
    )
    return item


@transaction.atomic
def student_add(
    *, actor: Actor, project_id: int, student_id: int, duty: str = "", joined_on: dt.date | None = None
) -> RndStudent:
    """The school adds one of its students to the project team."""
    actor = as_actor(actor)
    project = _project_for_write(actor, project_id)
    require_org(actor, project.school_id, SCHOOL_ROLES)
    student = access_object(actor, Student.objects.all(), student_id)
    if student.school_id != project.school_id:
        raise ValidationFailed(_("The student belongs to another school."))
    if RndStudent.objects.filter(project=project, student=student).exists():
        raise Conflict(_("This student is already on the project."))
    item = RndStudent(project=project, student=student, duty=duty[:200], joined_on=joined_on or timezone.localdate())
    _clean(item)
    item.save()
    audit_record(actor=actor, action="research.student.add", target=item, organization_id=project.school_id)
    return item


@transaction.atomic
def project_complete(*, actor: Actor, project_id: int, completed_on: dt.date | None = None) -> RndProject:
    actor = as_actor(actor)
    project = _project_for_write(actor, project_id)
    require_org(actor, project.enterprise_id, [Role.ENTERPRISE_ADMIN])
    if project.status != RndStatus.ACTIVE:
        raise InvalidTransition(_("Only projects under way can be completed."))
    project.status = RndStatus.COMPLETED
    project.completed_on = completed_on or timezone.localdate()
    project.save(update_fields=["status", "completed_on", "updated_at"])
    audit_record(actor=actor, action="research.project.complete", target=project, organization_id=project.enterprise_id)
    return project
