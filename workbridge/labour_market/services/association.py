"""Industry associations: published skill standards and head-count forecasts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor, require_role
from workbridge.core.exceptions import (
    ValidationFailed,
)
from workbridge.core.roles import Role
from workbridge.core.services import audit_record
from workbridge.core.services import full_clean_or_raise as _clean

from ..models import (
    HeadcountForecast,
    Skill,
    SkillStandard,
    StandardSkill,
)
from .demand import demand_recompute


def _require_association(actor: Actor) -> Actor:
    return require_role(as_actor(actor), [Role.ASSOCIATION_OFFICER])


@transaction.atomic
def standard_publish(
    *,
    actor: Actor,
    title: str,
    sector: str,
    occupation_code: str,
    year: int,
    source_note: str,
    skills: list[tuple[str, int]],
    publish: bool = True,
) -> SkillStandard:
    """skills: [(skill id or name, importance 1-5)]. Unknown skills are an error naming them."""
    actor = _require_association(actor)
    if not source_note.strip():
        raise ValidationFailed(_("Say where the standard comes from."), errors={"source_note": ["required"]})
    resolved, unknown = [], []
    for ref, importance in skills:
        skill = Skill.objects.filter(Q(skill_id=ref) | Q(name_zh=ref) | Q(name_en__iexact=ref)).first()
        if skill is None:
            unknown.append(ref)
        else:
            resolved.append((skill, importance))
    if unknown:
        raise ValidationFailed(_("Unknown skill(s): %(s)s.") % {"s": ", ".join(unknown)}, errors={"skills": unknown})
    standard = SkillStandard(
        association_id=actor.organization_id,
        title=title,
        sector=sector,
        occupation_code=occupation_code,
        year=year,
        source_note=source_note,
        published=publish,
    )
    _clean(standard)
    standard.save()
    for skill, importance in resolved:
        item = StandardSkill(standard=standard, skill=skill, importance=importance)
        _clean(item)
        item.save()
    audit_record(actor=actor, action="association.standard", target=standard, organization_id=actor.organization_id)
    transaction.on_commit(demand_recompute)
    return standard


@transaction.atomic
def forecast_publish(
    *,
    actor: Actor,
    sector: str,
    occupation_code: str,
    year: int,
    headcount: int,
    source_note: str,
    province: str = "",
    publish: bool = True,
) -> HeadcountForecast:
    actor = _require_association(actor)
    if not source_note.strip():
        raise ValidationFailed(_("Say where the forecast comes from."), errors={"source_note": ["required"]})
    forecast = HeadcountForecast(
        association_id=actor.organization_id,
        sector=sector,
        occupation_code=occupation_code,
        year=year,
        headcount=headcount,
        province=province,
        source_note=source_note,
        published=publish,
    )
    _clean(forecast)
    forecast.save()
    audit_record(actor=actor, action="association.forecast", target=forecast, organization_id=actor.organization_id)
    transaction.on_commit(demand_recompute)
    return forecast
