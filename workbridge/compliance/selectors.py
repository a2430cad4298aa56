"""Reads of the compliance app, always scoped by the acting user through core.access."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, visible

from .models import Rule, RuleSet, Violation, ViolationStatus


def violation_list(
    *,
    actor: Actor,
    status: str | None = None,
    severity: str | None = None,
    checkpoint: str | None = None,
    rule: str | None = None,
) -> QuerySet:
    qs = visible(
        actor,
        Violation.objects.select_related(
            "rule", "school", "enterprise", "position", "placement", "student", "resolved_by"
        ),
    )
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if checkpoint:
        qs = qs.filter(checkpoint=checkpoint)
    if rule:
        qs = qs.filter(rule_code=rule)
    return qs.order_by("status", "-created_at", "-id")


def violation_get(*, actor: Actor, pk) -> Violation:
    return access_object(
        actor,
        Violation.objects.select_related(
            "rule", "school", "enterprise", "position", "placement", "student", "resolved_by"
        ),
        pk,
    )


def violation_counts(*, actor: Actor) -> dict:
    qs = visible(actor, Violation.objects.filter(status=ViolationStatus.OPEN))
    data = qs.aggregate(total=Count("id"), critical=Count("id", filter=Q(severity="critical")))
    return {"open": data["total"] or 0, "critical": data["critical"] or 0}


def violations_for_object(*, actor: Actor, position=None, placement=None) -> QuerySet:
    qs = visible(actor, Violation.objects.all())
    if position is not None:
        qs = qs.filter(position=position)
    if placement is not None:
        qs = qs.filter(placement=placement)
    return qs.order_by("status", "-created_at")


def ruleset_list(*, actor: Actor) -> QuerySet:
    return visible(actor, RuleSet.objects.annotate(rule_count=Count("rules")))


def ruleset_get(*, actor: Actor, jurisdiction: str, year: int) -> RuleSet:
    from workbridge.core.exceptions import NotFound

    row = visible(actor, RuleSet.objects.filter(jurisdiction=jurisdiction.upper(), year=year)).first()
    if row is None:
        raise NotFound(f"No rule set {jurisdiction} {year}.")
    return row


def rule_list(*, actor: Actor, ruleset: RuleSet) -> QuerySet:
    return visible(actor, Rule.objects.filter(ruleset=ruleset)).order_by("position", "id")


def rule_codes(*, actor: Actor) -> list[str]:
    return list(visible(actor, Rule.objects.all()).order_by("code").values_list("code", flat=True).distinct())
