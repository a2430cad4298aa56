"""Who may do what with joint enrolment plans, applications and apprenticeship agreements (named predicates,
see core.permissions). Services ask the same predicates before they write."""

from __future__ import annotations

from django.utils import timezone

from workbridge.core.access import Actor, as_actor
from workbridge.core.permissions import permission
from workbridge.core.roles import Role

from .models import ApplicationStatus, ApprenticeshipAgreement, EnrolmentApplication, EnrolmentPlan, PlanStatus

OPEN_APPLICATION = (ApplicationStatus.APPLIED, ApplicationStatus.ADMITTED, ApplicationStatus.WAITLISTED)


def _school_admin(actor: Actor, plan: EnrolmentPlan) -> bool:
    return actor.role == Role.SCHOOL_ADMIN and actor.organization_id == plan.school_id


def _enterprise_admin(actor: Actor, plan: EnrolmentPlan) -> bool:
    return actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == plan.enterprise_id


def side_of(actor: Actor, plan: EnrolmentPlan) -> str | None:
    """'school' or 'enterprise' for the staff of either party (platform admin: none; they do not select)."""
    actor = as_actor(actor)
    if actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER) and actor.organization_id == plan.school_id:
        return "school"
    if actor.role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR) and actor.organization_id == plan.enterprise_id:
        return "enterprise"
    return None


@permission("enrolment.draft_plans")
def may_draft_plans(actor: Actor) -> bool:
    """The school's admin or the enterprise's admin drafts a joint plan (with a partner under a live agreement)."""
    actor = as_actor(actor)
    return actor.is_platform_admin or actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN)


def may_run_plan(actor: Actor, plan: EnrolmentPlan) -> bool:
    """The admins of the two parties move the plan along (start selection, close it)."""
    actor = as_actor(actor)
    return actor.is_platform_admin or _school_admin(actor, plan) or _enterprise_admin(actor, plan)


def may_approve_plan(actor: Actor, plan: EnrolmentPlan) -> bool:
    """Each party's admin approves the draft once; with both approvals it is published."""
    actor = as_actor(actor)
    if plan.status != PlanStatus.DRAFT:
        return False
    if _school_admin(actor, plan):
        return plan.school_approved_at is None
    if _enterprise_admin(actor, plan):
        return plan.enterprise_approved_at is None
    return False


def may_start_selection(actor: Actor, plan: EnrolmentPlan) -> bool:
    return plan.status == PlanStatus.PUBLISHED and may_run_plan(actor, plan)


def may_form_class(actor: Actor, plan: EnrolmentPlan) -> bool:
    """The school's admin forms the class (it enrols the students in it)."""
    actor = as_actor(actor)
    return plan.status == PlanStatus.SELECTION and (actor.is_platform_admin or _school_admin(actor, plan))


def may_close_plan(actor: Actor, plan: EnrolmentPlan) -> bool:
    return plan.status in (PlanStatus.DRAFT, PlanStatus.FORMED) and may_run_plan(actor, plan)


def application_window_open(plan: EnrolmentPlan, today=None) -> bool:
    today = today or timezone.localdate()
    return plan.status == PlanStatus.PUBLISHED and plan.opens_on <= today <= plan.closes_on


def may_apply(actor: Actor, plan: EnrolmentPlan, *, applied: bool = False, today=None) -> bool:
    """A student of the plan's school, once, while applications are open (the service also checks the major)."""
    actor = as_actor(actor)
    if actor.role != Role.STUDENT or actor.student_id is None or actor.organization_id != plan.school_id:
        return False
    return application_window_open(plan, today) and not applied


def may_withdraw(actor: Actor, application: EnrolmentApplication) -> bool:
    """The student withdraws their own application before selection starts."""
    actor = as_actor(actor)
    return (
        actor.role == Role.STUDENT
        and actor.student_id == application.student_id
        and application.status in OPEN_APPLICATION
        and application.plan.status == PlanStatus.PUBLISHED
    )


def may_decide(actor: Actor, application: EnrolmentApplication) -> bool:
    """The school's staff and the enterprise's staff each select or turn down an application still open."""
    plan = application.plan
    return (
        side_of(actor, plan) is not None
        and application.status == ApplicationStatus.APPLIED
        and plan.status in (PlanStatus.PUBLISHED, PlanStatus.SELECTION)
    )


def may_record_leave(actor: Actor, application: EnrolmentApplication) -> bool:
    """Either party's admin records that a member left the formed class."""
    return (
        application.plan.status == PlanStatus.FORMED
        and application.status == ApplicationStatus.ADMITTED
        and may_run_plan(actor, application.plan)
    )


def may_fill_place(actor: Actor, plan: EnrolmentPlan) -> bool:
    """The school's admin fills a free place of the formed class from the waiting list."""
    actor = as_actor(actor)
    return plan.status == PlanStatus.FORMED and (actor.is_platform_admin or _school_admin(actor, plan))


def confirming_party(actor: Actor, agreement: ApprenticeshipAgreement) -> str | None:
    """Which party of the agreement the actor confirms for: school (admin or teacher), enterprise (admin), student."""
    actor = as_actor(actor)
    application = agreement.application
    plan = application.plan
    if actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER) and actor.organization_id == plan.school_id:
        return "school"
    if actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == plan.enterprise_id:
        return "enterprise"
    if actor.role == Role.STUDENT and actor.student_id == application.student_id:
        return "student"
    return None


def may_confirm_agreement(actor: Actor, agreement: ApprenticeshipAgreement) -> bool:
    if agreement.ended_at is not None:
        return False
    party = confirming_party(actor, agreement)
    if party == "school":
        return agreement.school_confirmed_at is None or (
            agreement.guardian_required and agreement.guardian_confirmed_at is None
        )
    if party == "enterprise":
        return agreement.enterprise_confirmed_at is None
    if party == "student":
        return agreement.student_confirmed_at is None
    return False
