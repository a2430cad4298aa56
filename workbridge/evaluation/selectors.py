"""Reads of the evaluation app, scoped by the actor through core.access."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

from .models import (
    Attestation,
    Certification,
    EvaluatorAssignment,
    EvaluatorRating,
    IndexSystem,
    Score,
    ScoreItem,
    ScoreLevel,
    SurchargeDeclaration,
)


def evaluator_scope_q(prefix: str):
    def scope(actor: Actor) -> Q:
        role = actor.role
        if role in (Role.ASSOCIATION_OFFICER, Role.GROUP_OFFICER):
            return Q(**{f"{prefix}evaluator_id": actor.organization_id})
        if role == Role.AUTHORITY_OFFICER:
            return Q(**{f"{prefix}school__region_id__in": actor.region_ids}) | Q(
                **{f"{prefix}enterprise__region_id__in": actor.region_ids}
            )
        if role in SCHOOL_ROLES:
            return Q(**{f"{prefix}school_id": actor.organization_id})
        if role in ENTERPRISE_ROLES:
            return Q(**{f"{prefix}enterprise_id": actor.organization_id})
        return Q(pk__in=[])

    return scope


def index_systems() -> QuerySet[IndexSystem]:
    """Index systems are the published method: every signed-in user may read them."""
    return IndexSystem.objects.prefetch_related("indicators")


def score_list(*, actor: Actor, term: str | None = None, level: str | None = None) -> QuerySet[Score]:
    qs = Score.objects.select_related("school", "enterprise", "major", "system")
    if term:
        qs = qs.filter(term=term)
    if level:
        qs = qs.filter(level=level)
    return visible(as_actor(actor), qs)


def score_get(*, actor: Actor, pk) -> Score:
    return access_object(
        as_actor(actor), Score.objects.select_related("school", "enterprise", "major", "system", "weight_set"), pk
    )


def score_items(*, actor: Actor, score: Score) -> QuerySet[ScoreItem]:
    return visible(as_actor(actor), ScoreItem.objects.filter(score=score).select_related("indicator"))


def score_trend(*, actor: Actor, score: Score) -> list[Score]:
    """The same subject's scores over the terms (oldest first)."""
    qs = score_list(actor=actor).filter(system__code=score.system.code, subject_key=score.subject_key)
    return sorted(qs, key=lambda s: s.term)


def terms_scored() -> list[str]:
    # order_by("term"): the model's ordering (level, total) would make DISTINCT read every score
    return sorted(set(Score.objects.order_by("term").values_list("term", flat=True).distinct()), reverse=True)


def enterprise_score(*, actor: Actor, enterprise_id: int, term: str | None = None) -> Score | None:
    qs = score_list(actor=actor, level=ScoreLevel.ENTERPRISE).filter(enterprise_id=enterprise_id)
    if term:
        qs = qs.filter(term=term)
    return qs.order_by("-term").first()


def visible_partnerships(*, actor: Actor) -> set[tuple[int, int]]:
    """The school-enterprise pairs the actor may see (through agreements, placements and scores in scope)."""
    from workbridge.evaluation.indicators import model

    actor = as_actor(actor)
    pairs = set()
    Agreement = model("partnerships", "Agreement")
    pairs |= set(
        visible(actor, Agreement.objects.exclude(status="draft")).values_list("school_id", "enterprise_id").distinct()
    )
    pairs |= set(
        score_list(actor=actor, level=ScoreLevel.PARTNERSHIP).values_list("school_id", "enterprise_id").distinct()
    )
    return pairs


def can_see_pair(*, actor: Actor, school_id: int, enterprise_id: int) -> bool:
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return True
    from workbridge.organizations.models import Organization

    orgs = Organization.objects.in_bulk([school_id, enterprise_id])
    school, enterprise = orgs.get(school_id), orgs.get(enterprise_id)
    if school is None or enterprise is None or school.kind != "school" or enterprise.kind != "enterprise":
        return False
    role = actor.role
    if role == Role.AUTHORITY_OFFICER:
        return school.region_id in actor.region_ids or enterprise.region_id in actor.region_ids
    if role in SCHOOL_ROLES:
        return school_id == actor.organization_id
    if role in ENTERPRISE_ROLES:
        return enterprise_id == actor.organization_id
    if role == Role.GROUP_OFFICER:
        return school_id in actor.member_ids
    if role == Role.ASSOCIATION_OFFICER:
        return enterprise_id in actor.member_ids
    return False


def can_see_enterprise(*, actor: Actor, enterprise) -> bool:
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return True
    if actor.role == Role.AUTHORITY_OFFICER:
        return enterprise.region_id in actor.region_ids
    if actor.role in ENTERPRISE_ROLES:
        return enterprise.pk == actor.organization_id
    if actor.role == Role.ASSOCIATION_OFFICER:
        return enterprise.pk in actor.member_ids
    return False


def assignments(*, actor: Actor) -> QuerySet[EvaluatorAssignment]:
    return visible(as_actor(actor), EvaluatorAssignment.objects.select_related("evaluator", "school", "enterprise"))


def ratings(*, actor: Actor) -> QuerySet[EvaluatorRating]:
    return visible(
        as_actor(actor), EvaluatorRating.objects.select_related("assignment__evaluator", "school", "enterprise")
    )


def certifications(*, actor: Actor) -> QuerySet[Certification]:
    return visible(as_actor(actor), Certification.objects.select_related("enterprise"))


def attestations(*, actor: Actor) -> QuerySet[Attestation]:
    return visible(as_actor(actor), Attestation.objects.select_related("enterprise"))


def declarations(*, actor: Actor) -> QuerySet[SurchargeDeclaration]:
    return visible(as_actor(actor), SurchargeDeclaration.objects.all())


def readiness_candidates(*, actor: Actor, q: str = "") -> QuerySet:
    """Approved enterprises whose integration readiness the actor follows: the authority its region's, an
    association its members, the platform all; optionally by name."""
    from workbridge.organizations.models import Organization

    actor = as_actor(actor)
    qs = Organization.objects.filter(kind="enterprise", vetting_status="approved")
    if actor.role == Role.AUTHORITY_OFFICER:
        qs = qs.filter(region_id__in=actor.region_ids)
    elif actor.role == Role.ASSOCIATION_OFFICER:
        qs = qs.filter(pk__in=actor.member_ids)
    elif not actor.is_platform_admin:
        return qs.none()
    return qs.filter(name__icontains=q) if q else qs


def evaluator_bodies(*, actor: Actor) -> QuerySet:
    """Associations and groups the actor may ask to evaluate (the authority: those of its region)."""
    from workbridge.organizations.models import Organization

    actor = as_actor(actor)
    bodies = Organization.objects.filter(kind__in=["association", "group"])
    if actor.role == Role.AUTHORITY_OFFICER:
        bodies = bodies.filter(region_id__in=actor.region_ids)
    return bodies


def attestation_get(*, actor: Actor, enterprise_id, pk) -> Attestation:
    return access_object(as_actor(actor), attestations(actor=actor).filter(enterprise_id=enterprise_id), pk)


def assignment_get(*, actor: Actor, pk, active_only: bool = True) -> EvaluatorAssignment:
    qs = assignments(actor=actor)
    return access_object(as_actor(actor), qs.filter(is_active=True) if active_only else qs, pk)


def evidence_objects(*, actor: Actor, model, ids) -> QuerySet:
    """The records behind a score that the actor may see (the rest stay counted but unnamed), with the records
    they point at: a row's text names them (an application's student and position, a resource use's resource), one
    query instead of one per row."""
    related = [f.name for f in model._meta.concrete_fields if f.many_to_one]
    return visible(as_actor(actor), model.objects.filter(pk__in=ids).select_related(*related))
