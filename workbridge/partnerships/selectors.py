"""Reads of the partnerships app, always scoped by the actor through core.access."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from workbridge.academics.models import Major
from workbridge.core.access import Actor, access_object, visible
from workbridge.core.archiving import active
from workbridge.core.exceptions import NotFound
from workbridge.core.roles import OrgKind, Role
from workbridge.organizations.models import Organization, VettingStatus

from .models import (
    Agreement,
    AgreementStatus,
    Milestone,
    Project,
    ProjectOutput,
    ProjectParticipant,
    ProjectStatus,
    live_agreement_q,
)
from .permissions import chooses_school


def agreement_list(
    *,
    actor: Actor,
    status: str | None = None,
    q: str | None = None,
    school_id: int | None = None,
    enterprise_id: int | None = None,
    expiring_within_days: int | None = None,
    archived: bool | None = False,
) -> QuerySet[Agreement]:
    qs = active(Agreement.objects.select_related("school", "enterprise"), archived)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q) | Q(school__name__icontains=q))
    if school_id:
        qs = qs.filter(school_id=school_id)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if expiring_within_days is not None:
        qs = qs.expiring_within(expiring_within_days)
    return visible(actor, qs).order_by("-start_date", "-id")


def agreement_get(*, actor: Actor, pk) -> Agreement:
    return access_object(actor, Agreement.objects.select_related("school", "enterprise", "created_by"), pk)


def project_list(
    *,
    actor: Actor,
    project_type: str | None = None,
    status: str | None = None,
    q: str | None = None,
    agreement_id: int | None = None,
    school_id: int | None = None,
    enterprise_id: int | None = None,
    archived: bool | None = False,
) -> QuerySet[Project]:
    qs = active(Project.objects.select_related("school", "enterprise", "agreement"), archived)
    if project_type:
        qs = qs.filter(project_type=project_type)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    if agreement_id:
        qs = qs.filter(agreement_id=agreement_id)
    if school_id:
        qs = qs.filter(school_id=school_id)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    return visible(actor, qs).order_by("-start_date", "-id")


def project_get(*, actor: Actor, pk) -> Project:
    return access_object(actor, Project.objects.select_related("school", "enterprise", "agreement"), pk)


def milestone_get(*, actor: Actor, pk) -> Milestone:
    return access_object(actor, Milestone.objects.select_related("project", "project__agreement"), pk)


def output_get(*, actor: Actor, pk) -> ProjectOutput:
    return access_object(actor, ProjectOutput.objects.select_related("project"), pk)


def participant_get(*, actor: Actor, pk) -> ProjectParticipant:
    return access_object(actor, ProjectParticipant.objects.select_related("project"), pk)


def participant_list(*, actor: Actor) -> QuerySet[ProjectParticipant]:
    qs = ProjectParticipant.objects.select_related("student", "teacher").order_by("project_id", "id")
    return visible(actor, qs)


def milestone_list(*, actor: Actor) -> QuerySet[Milestone]:
    return visible(actor, Milestone.objects.order_by("due_date", "id"))


def output_list(*, actor: Actor) -> QuerySet[ProjectOutput]:
    return visible(actor, ProjectOutput.objects.order_by("-recorded_on", "id"))


def school_choices(*, actor: Actor) -> QuerySet[Organization]:
    """The schools the actor may name as a party to an agreement or project."""
    return visible(actor, Organization.objects.filter(kind=OrgKind.SCHOOL)).order_by("name")


def enterprise_choices(*, actor: Actor) -> QuerySet[Organization]:
    """The vetted enterprises the actor may name as a party."""
    qs = Organization.objects.filter(kind=OrgKind.ENTERPRISE, vetting_status=VettingStatus.APPROVED)
    return visible(actor, qs).order_by("name")


def party_get(*, actor: Actor, pk, kind: str) -> Organization:
    """A school or enterprise named in a request, if the actor may reach it (404 otherwise)."""
    return access_object(actor, Organization.objects.filter(kind=kind), pk)


def project_major_choices(*, actor: Actor, agreements: QuerySet[Agreement]) -> QuerySet[Major]:
    """Majors a new project may serve: the actor's own school's, or, for an enterprise, the majors of the schools it
    has an agreement with (it cannot see those schools' records otherwise)."""
    if chooses_school(actor) and not actor.is_platform_admin:
        return Major.objects.filter(school_id__in=agreements.values("school_id")).order_by("code")
    return visible(actor, Major.objects.all()).order_by("code")


def project_participants(*, actor: Actor, project: Project) -> QuerySet[ProjectParticipant]:
    return visible(actor, project.participants.select_related("student", "teacher", "staff_user")).order_by(
        "role", "id"
    )


def partnership_pairs(*, actor: Actor, q: str | None = None) -> QuerySet:
    """One row per school-enterprise pair with agreements visible to the actor."""
    qs = visible(actor, Agreement.objects.all())
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(school__name__icontains=q))
    return (
        qs.values("school_id", "school__name", "enterprise_id", "enterprise__name")
        .annotate(
            agreements=Count("id", distinct=True),
            live=Count("id", filter=live_agreement_q(), distinct=True),
            since=Min("start_date"),
            until=Max("end_date"),
        )
        .order_by("-live", "-agreements", "-until", "school_id", "enterprise_id")
    )


def partnership_pair(*, actor: Actor, school_id: int, enterprise_id: int) -> dict:
    """The pair's header data, or NotFound when the actor sees no agreement between them."""
    agreements = agreement_list(actor=actor, school_id=school_id, enterprise_id=enterprise_id)
    first = agreements.first()
    if first is None:
        raise NotFound("Partnership not found.")
    projects = project_list(actor=actor, school_id=school_id, enterprise_id=enterprise_id)
    return {
        "school": first.school,
        "enterprise": first.enterprise,
        "agreements": agreements,
        "projects": projects,
        "totals": output_totals(actor=actor, school_id=school_id, enterprise_id=enterprise_id),
    }


def output_totals(*, actor: Actor, school_id: int | None = None, enterprise_id: int | None = None) -> dict[str, object]:
    qs = visible(actor, ProjectOutput.objects.all())
    if school_id:
        qs = qs.filter(project__school_id=school_id)
    if enterprise_id:
        qs = qs.filter(project__enterprise_id=enterprise_id)
    return {row["kind"]: row["total"] for row in qs.values("kind").annotate(total=Sum("quantity")).order_by("kind")}


def dashboard_counts(*, actor: Actor) -> dict[str, int]:
    today = timezone.localdate()
    agreements = visible(actor, Agreement.objects.all())
    projects = visible(actor, Project.objects.all())
    agg = agreements.aggregate(
        active=Count("id", filter=Q(status=AgreementStatus.ACTIVE)),
        drafts=Count("id", filter=Q(status=AgreementStatus.DRAFT)),
        expiring=Count("id", filter=live_agreement_q(today) & Q(end_date__lte=today + dt.timedelta(days=60))),
    )
    agg["running_projects"] = projects.filter(status=ProjectStatus.RUNNING).count()
    trained = visible(actor, ProjectOutput.objects.filter(kind="people_trained")).aggregate(total=Sum("quantity"))
    agg["people_trained"] = int(trained["total"] or 0)
    return agg


def renewal_successor(agreement: Agreement) -> Agreement | None:
    """The renewal that carries this agreement on (not a terminated one), if any."""
    return agreement.renewals.exclude(status=AgreementStatus.TERMINATED).order_by("-start_date").first()


def writable_agreements(*, actor: Actor) -> QuerySet[Agreement]:
    """Agreements the actor may host a new project under: live ones of its own side."""
    qs = agreement_list(actor=actor).filter(status__in=(AgreementStatus.SIGNED, AgreementStatus.ACTIVE))
    if actor.is_platform_admin:
        return qs
    if actor.role == Role.SCHOOL_ADMIN:
        return qs.filter(school_id=actor.organization_id)
    if actor.role == Role.ENTERPRISE_ADMIN:
        return qs.filter(enterprise_id=actor.organization_id)
    return qs.none()


def school_people_choices(*, actor: Actor, project: Project) -> tuple[QuerySet, QuerySet]:
    """The students and teachers of the project's school that the actor may add to it (the school's admin, or the
    platform); nobody for anyone else."""
    from workbridge.academics.models import Student, Teacher

    from .permissions import may_write_school_people

    if not may_write_school_people(actor, project):
        return Student.objects.none(), Teacher.objects.none()
    return (
        Student.objects.filter(school_id=project.school_id).order_by("student_number"),
        Teacher.objects.filter(school_id=project.school_id).order_by("employee_number"),
    )


def agreements_reachable(actor: Actor) -> QuerySet[Agreement]:
    """Every agreement the actor may reach, archived ones included (their pages and the archive actions)."""
    return visible(actor, Agreement.objects.all())


def projects_reachable(actor: Actor) -> QuerySet[Project]:
    return visible(actor, Project.objects.all())


def agreement_archive_blockers(agreement: Agreement) -> list[str]:
    from django.utils.translation import gettext as _

    if Agreement.objects.filter(pk=agreement.pk).live().exists():
        return [_("The agreement is in force; terminate it or let it expire first.")]
    if agreement.projects.filter(status=ProjectStatus.RUNNING).exists():
        return [_("A project under this agreement is still running.")]
    return []


def project_archive_blockers(project: Project) -> list[str]:
    from django.utils.translation import gettext as _

    if project.status == ProjectStatus.RUNNING:
        return [_("The project is running; complete, suspend or cancel it first.")]
    return []
