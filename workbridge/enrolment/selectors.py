"""Reads of the joint enrolment app, scoped by the actor."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible

from .models import (
    ApplicationStatus,
    ApprenticeshipAgreement,
    ClassChange,
    EnrolmentApplication,
    EnrolmentPlan,
    PlanStatus,
)


def plan_list(*, actor: Actor) -> QuerySet[EnrolmentPlan]:
    """Plans the actor reaches; a student sees the published plans of their own major (and those they applied to)."""
    actor = as_actor(actor)
    qs = visible(actor, EnrolmentPlan.objects.select_related("school", "enterprise")).annotate(
        applicant_count=Count("applications", distinct=True),
        admitted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.ADMITTED), distinct=True),
    )
    if actor.student_id is not None:
        from workbridge.academics.models import Student

        major_id = Student.objects.filter(pk=actor.student_id).values_list("major_id", flat=True).first()
        qs = qs.filter(Q(majors__pk=major_id) | Q(applications__student_id=actor.student_id)).distinct()
    return qs


def plan_get(*, actor: Actor, pk) -> EnrolmentPlan:
    return access_object(as_actor(actor), plan_list(actor=actor), pk)


def application_list(*, actor: Actor, plan: EnrolmentPlan | None = None) -> QuerySet[EnrolmentApplication]:
    qs = EnrolmentApplication.objects.select_related("plan", "student", "student__major")
    if plan is not None:
        qs = qs.filter(plan=plan)
    return visible(as_actor(actor), qs)


def application_get(*, actor: Actor, pk) -> EnrolmentApplication:
    return access_object(as_actor(actor), application_list(actor=actor), pk)


def own_application(*, actor: Actor, plan: EnrolmentPlan) -> EnrolmentApplication | None:
    actor = as_actor(actor)
    if actor.student_id is None:
        return None
    return application_list(actor=actor, plan=plan).filter(student_id=actor.student_id).first()


def waiting_list(*, actor: Actor, plan: EnrolmentPlan) -> QuerySet[EnrolmentApplication]:
    """Selected by both sides after the places were full, first decided first."""
    return (
        application_list(actor=actor, plan=plan)
        .filter(status=ApplicationStatus.WAITLISTED)
        .order_by("decided_at", "id")
    )


def members(*, actor: Actor, plan: EnrolmentPlan) -> QuerySet[EnrolmentApplication]:
    return (
        application_list(actor=actor, plan=plan)
        .filter(status=ApplicationStatus.ADMITTED)
        .select_related("agreement")
        .order_by("student__student_number")
    )


def history(*, actor: Actor, plan: EnrolmentPlan) -> QuerySet[ClassChange]:
    return visible(
        as_actor(actor),
        ClassChange.objects.filter(plan=plan).select_related("application__student", "replaces__student", "by"),
    )


def agreement_list(*, actor: Actor) -> QuerySet[ApprenticeshipAgreement]:
    return visible(
        as_actor(actor),
        ApprenticeshipAgreement.objects.select_related(
            "application", "application__student", "application__plan", "application__plan__school"
        ),
    )


def agreement_get(*, actor: Actor, pk) -> ApprenticeshipAgreement:
    return access_object(as_actor(actor), agreement_list(actor=actor), pk)


def partner_choices(*, actor: Actor):
    """Live framework agreements the actor's organisation holds (a plan needs one): the page's choice of partner."""
    from workbridge.partnerships.models import Agreement

    actor = as_actor(actor)
    qs = visible(actor, Agreement.objects.live().select_related("school", "enterprise"))
    if not actor.is_platform_admin:
        qs = qs.filter(Q(school_id=actor.organization_id) | Q(enterprise_id=actor.organization_id))
    return qs.order_by("school__name", "enterprise__name")


def major_choices(*, actor: Actor, school_ids):
    from workbridge.academics.models import Major

    return Major.objects.filter(school_id__in=list(school_ids), is_active=True).select_related("school")


def summary(*, actor: Actor) -> dict:
    """Plans by stage and the students in formed classes, for the list page."""
    qs = visible(as_actor(actor), EnrolmentPlan.objects.all())
    formed = qs.filter(status__in=(PlanStatus.FORMED, PlanStatus.CLOSED))
    return {
        "open": qs.filter(status=PlanStatus.PUBLISHED).count(),
        "selection": qs.filter(status=PlanStatus.SELECTION).count(),
        "formed": formed.count(),
        "members": EnrolmentApplication.objects.filter(plan__in=formed, status=ApplicationStatus.ADMITTED).count(),
    }


def waiting_for(*, actor: Actor) -> dict[str, int]:
    """What waits for this person: drafts their side has not approved, applications their side has not decided,
    apprenticeship agreements they have not confirmed."""
    from workbridge.core.roles import Role

    actor = as_actor(actor)
    role, org = actor.role, actor.organization_id
    counts = {"approvals": 0, "decisions": 0, "agreements": 0}
    if actor.is_platform_admin or role is None:
        return counts
    plans = visible(actor, EnrolmentPlan.objects.filter(status=PlanStatus.DRAFT))
    applications = visible(
        actor,
        EnrolmentApplication.objects.filter(
            status=ApplicationStatus.APPLIED, plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.SELECTION)
        ),
    )
    agreements = agreement_list(actor=actor).filter(ended_at__isnull=True)
    if role == Role.SCHOOL_ADMIN:
        counts["approvals"] = plans.filter(school_id=org, school_approved_at__isnull=True).count()
    if role == Role.ENTERPRISE_ADMIN:
        counts["approvals"] = plans.filter(enterprise_id=org, enterprise_approved_at__isnull=True).count()
    if role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        counts["decisions"] = applications.filter(plan__school_id=org, school_decision="pending").count()
        counts["agreements"] = agreements.filter(
            application__plan__school_id=org, school_confirmed_at__isnull=True
        ).count()
    if role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR):
        counts["decisions"] = applications.filter(plan__enterprise_id=org, enterprise_decision="pending").count()
    if role == Role.ENTERPRISE_ADMIN:
        counts["agreements"] = agreements.filter(
            application__plan__enterprise_id=org, enterprise_confirmed_at__isnull=True
        ).count()
    if role == Role.STUDENT and actor.student_id:
        counts["agreements"] = agreements.filter(
            application__student_id=actor.student_id, student_confirmed_at__isnull=True
        ).count()
    return counts
