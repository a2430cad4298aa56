"""Demand tables: the postings, surveys and standards summed per occupation, skill, region and month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from ..models import (
    DemandStat,
    Dimension,
    HeadcountForecast,
    Posting,
    PostingSkill,
    SourceKind,
    StandardSkill,
    SurveyPostDemand,
    SurveyStatus,
)


def _rows(values_queryset) -> Iterable[Mapping[str, Any]]:
    """A values() queryset annotated with computed aggregates, typed as the rows it yields."""
    return values_queryset


def _salary_aggregates():
    has_salary = Q(salary_min__isnull=False, salary_max__isnull=False)
    return {
        "n": Count("id"),
        "ssum": Sum(F("salary_min") + F("salary_max"), filter=has_salary),
        "sn": Count("id", filter=has_salary),
    }


@transaction.atomic
def demand_recompute() -> int:
    """Rebuild every demand table from postings (counted once), survey answers and published association data."""
    rows: dict[tuple, DemandStat] = {}

    def add(dimension, key, month, kind, *, postings=0, headcount=0, ssum=0, sn=0, label="", source=""):
        if key in (None, ""):
            key = "-"
        for m in {month, None} if month else {None}:
            cell = rows.get((dimension, key, m, kind))
            if cell is None:
                cell = rows[(dimension, key, m, kind)] = DemandStat(
                    dimension=dimension, key=str(key)[:200], month=m, source_kind=kind, label=label[:200]
                )
            cell.postings += postings
            cell.headcount += headcount
            cell.salary_sum += int(ssum or 0) // 2
            cell.salary_n += sn or 0
            if source and source not in cell.sources.split("; ") and len(cell.sources) < 250:
                cell.sources = f"{cell.sources}; {source}" if cell.sources else source

    unique = Posting.objects.filter(duplicate_of__isnull=True)
    agg = _salary_aggregates()
    for r in _rows(unique.values("occupation_code", "posted_month").annotate(**agg)):
        add(
            Dimension.OCCUPATION,
            r["occupation_code"],
            r["posted_month"],
            SourceKind.POSTINGS,
            postings=r["n"],
            ssum=r["ssum"],
            sn=r["sn"],
        )
    for r in _rows(unique.values("province", "city", "posted_month").annotate(**agg)):
        key = f"{r['province'] or '-'}/{r['city'] or '-'}"
        add(Dimension.REGION, key, r["posted_month"], SourceKind.POSTINGS, postings=r["n"], ssum=r["ssum"], sn=r["sn"])
    for r in _rows(unique.values("industry", "posted_month").annotate(**agg)):
        add(
            Dimension.INDUSTRY,
            r["industry"],
            r["posted_month"],
            SourceKind.POSTINGS,
            postings=r["n"],
            ssum=r["ssum"],
            sn=r["sn"],
        )
    links = PostingSkill.objects.filter(posting__duplicate_of__isnull=True)
    has_salary = Q(posting__salary_min__isnull=False, posting__salary_max__isnull=False)
    for r in links.values("skill__skill_id", "posting__posted_month").annotate(
        n=Count("id"),
        ssum=Sum(F("posting__salary_min") + F("posting__salary_max"), filter=has_salary),
        sn=Count("id", filter=has_salary),
    ):
        add(
            Dimension.SKILL,
            r["skill__skill_id"],
            r["posting__posted_month"],
            SourceKind.POSTINGS,
            postings=r["n"],
            ssum=r["ssum"],
            sn=r["sn"],
        )
    for r in links.values("posting__occupation_code", "skill__skill_id").annotate(n=Count("id")):
        add(
            Dimension.OCCUPATION_SKILL,
            f"{r['posting__occupation_code'] or '-'}|{r['skill__skill_id']}",
            None,
            SourceKind.POSTINGS,
            postings=r["n"],
        )

    # Enterprise surveys: each answered post is a mention; its head count is the demand.
    for post in (
        SurveyPostDemand.objects.filter(response__survey__status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED])
        .select_related("response__survey__school", "response")
        .prefetch_related("skills")
    ):
        survey = post.response.survey
        month = dt.date(survey.target_year, 1, 1)
        source = f"{survey.school.short_name or survey.school.name}: {survey.title}"
        add(
            Dimension.OCCUPATION,
            post.occupation_code,
            month,
            SourceKind.SURVEY,
            postings=1,
            headcount=post.headcount,
            source=source,
        )
        for skill in post.skills.all():
            add(
                Dimension.SKILL,
                skill.skill_id,
                month,
                SourceKind.SURVEY,
                postings=1,
                headcount=post.headcount,
                source=source,
            )
            add(
                Dimension.OCCUPATION_SKILL,
                f"{post.occupation_code or '-'}|{skill.skill_id}",
                None,
                SourceKind.SURVEY,
                headcount=post.headcount,
                source=source,
            )

    # Industry associations: published forecasts (head counts) and standards (skills per occupation).
    for forecast in HeadcountForecast.objects.filter(published=True).select_related("association"):
        source = f"{forecast.association.short_name or forecast.association.name}: {forecast.source_note}"
        month = dt.date(forecast.year, 1, 1)
        add(
            Dimension.OCCUPATION,
            forecast.occupation_code,
            month,
            SourceKind.ASSOCIATION,
            headcount=forecast.headcount,
            source=source,
        )
        if forecast.province:
            add(
                Dimension.REGION,
                f"{forecast.province}/-",
                month,
                SourceKind.ASSOCIATION,
                headcount=forecast.headcount,
                source=source,
            )
    for item in StandardSkill.objects.filter(standard__published=True).select_related("standard__association", "skill"):
        standard = item.standard
        source = f"{standard.association.short_name or standard.association.name}: {standard.title}"
        add(
            Dimension.OCCUPATION_SKILL,
            f"{standard.occupation_code}|{item.skill.skill_id}",
            None,
            SourceKind.ASSOCIATION,
            postings=item.importance,
            source=source,
        )
        add(Dimension.SKILL, item.skill.skill_id, None, SourceKind.ASSOCIATION, postings=item.importance, source=source)

    DemandStat.objects.all().delete()
    DemandStat.objects.bulk_create(rows.values(), batch_size=2000)
    return len(rows)
