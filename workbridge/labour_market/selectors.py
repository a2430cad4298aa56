"""Reads of the labour-market app, scoped by the acting user through core.access."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from workbridge.academics.models import Course, Major, Student
from workbridge.core.access import Actor, access_object, as_actor, visible

from .analytics.curriculum import MatrixResult, Target, compute_matrix
from .models import (
    EMPLOYED_DESTINATIONS,
    PLACED_DESTINATIONS,
    CourseSkill,
    DemandStat,
    DemandSurvey,
    Dimension,
    GraduateDestination,
    IngestBatch,
    MajorTargetOccupation,
    MajorWarning,
    Occupation,
    Posting,
    PostingSkill,
    Skill,
    SourceKind,
    TagStatus,
    TrainingProgramme,
)


# --------------------------------------------------------------------------------------------------
# Postings and demand
# --------------------------------------------------------------------------------------------------
def posting_list(
    *,
    actor: Actor,
    q: str = "",
    occupation: str = "",
    skill: str = "",
    batch: int | None = None,
    duplicates: bool = False,
) -> QuerySet[Posting]:
    qs = visible(as_actor(actor), Posting.objects.select_related("source"))
    if not duplicates:
        qs = qs.filter(duplicate_of__isnull=True)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(company_name__icontains=q))
    if occupation:
        qs = qs.filter(occupation_code__startswith=occupation_prefix(occupation))
    if skill:
        qs = qs.filter(skills__skill__skill_id=skill)
    if batch:
        qs = qs.filter(batch_id=batch)
    return qs


def batch_list(*, actor: Actor) -> QuerySet[IngestBatch]:
    return visible(as_actor(actor), IngestBatch.objects.select_related("source"))


def batch_problems(batch: IngestBatch) -> list[dict]:
    """The batch's problems as users read them: row problems are already sentences; a roll-back and an
    unexpected failure (recorded as the exception's class name for the operators' log) are told in words."""
    import re

    from .services import ROLLED_BACK

    out = []
    for problem in batch.errors or []:
        reason = str(problem.get("reason", ""))
        if reason == ROLLED_BACK:
            reason = _("Rolled back: everything this file had imported was removed.")
        elif re.fullmatch(r"[A-Z][A-Za-z]*(Error|Exception|Interrupt)", reason):
            reason = _("An unexpected error stopped the import; nothing from this file was kept.")
        out.append({"row": problem.get("row") or 0, "reason": reason})
    return out


def occupation_prefix(code: str) -> str:
    """'2-02-10-00' covers every occupation under it: strip the trailing zero groups."""
    parts = (code or "").split("-")
    while len(parts) > 1 and set(parts[-1]) == {"0"}:
        parts.pop()
    return "-".join(parts)


def occupation_names(codes) -> dict[str, str]:
    return dict(Occupation.objects.filter(code__in=set(codes)).values_list("code", "name"))


def skill_map(ids) -> dict[str, Skill]:
    return {s.skill_id: s for s in Skill.objects.filter(skill_id__in=set(ids))}


@dataclass
class DemandRow:
    key: str
    label: str
    postings: int
    headcount: int
    salary_avg: int | None
    sources: str
    by_kind: dict
    salary_sum: int = 0
    salary_n: int = 0
    by_kind_display: list = field(default_factory=list)


def demand_table(*, dimension: str, limit: int = 50, kinds=None) -> list[DemandRow]:
    """All-months totals for one dimension, heaviest first, sources shown."""
    qs = DemandStat.objects.filter(dimension=dimension, month__isnull=True)
    if kinds:
        qs = qs.filter(source_kind__in=kinds)
    rows: dict[str, DemandRow] = {}
    for stat in qs:
        row = rows.get(stat.key)
        if row is None:
            row = rows[stat.key] = DemandRow(stat.key, stat.label, 0, 0, None, "", {})
        row.postings += (
            stat.postings if stat.source_kind != SourceKind.ASSOCIATION or dimension != Dimension.SKILL else 0
        )
        row.headcount += stat.headcount
        row.salary_sum += stat.salary_sum
        row.salary_n += stat.salary_n
        row.by_kind[stat.source_kind] = row.by_kind.get(stat.source_kind, 0) + stat.weight
        if stat.sources:
            row.sources = f"{row.sources}; {stat.sources}" if row.sources else stat.sources
    kind_labels = dict(SourceKind.choices)
    for row in rows.values():
        row.salary_avg = round(row.salary_sum / row.salary_n) if row.salary_n else None
        row.by_kind_display = [(kind_labels.get(k, k), v) for k, v in sorted(row.by_kind.items())]
    ordered = sorted(rows.values(), key=lambda r: (-(r.postings + r.headcount), r.key))[:limit]
    if dimension == Dimension.OCCUPATION:
        names = occupation_names(r.key for r in ordered)
        for r in ordered:
            r.label = names.get(r.key, r.label or ("—" if r.key == "-" else r.key))
    elif dimension == Dimension.SKILL:
        skills = skill_map(r.key for r in ordered)
        for r in ordered:
            r.label = skills[r.key].name_zh if r.key in skills else r.key
    else:
        for r in ordered:
            r.label = r.label or r.key
    return ordered


def demand_trend(*, dimension: str, keys: list[str] | None = None, months: int = 24) -> dict:
    """{"months": [...], "series": {key: [counts]}} from the monthly posting rows."""
    qs = DemandStat.objects.filter(dimension=dimension, month__isnull=False, source_kind=SourceKind.POSTINGS)
    if keys:
        qs = qs.filter(key__in=keys)
    all_months = sorted(set(qs.values_list("month", flat=True)))[-months:]
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(all_months))
    index = {m: i for i, m in enumerate(all_months)}
    for key, month, n in qs.filter(month__in=all_months).values_list("key", "month", "postings"):
        series[key][index[month]] += n
    return {"months": [m.strftime("%Y-%m") for m in all_months], "series": dict(series)}


def occupation_postings_by_year(prefixes: list[str]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    q = Q()
    for p in prefixes:
        q |= Q(key__startswith=p)
    if not prefixes:
        return {}
    for month, n in DemandStat.objects.filter(
        q, dimension=Dimension.OCCUPATION, month__isnull=False, source_kind=SourceKind.POSTINGS
    ).values_list("month", "postings"):
        counts[month.year] += n
    return dict(counts)


ENTRY_LEVEL_BANDS = ("0", "1-3", "")


def occupation_salary_by_year(prefixes: list[str]) -> dict[int, float]:
    """Average posted monthly minimum of entry-level postings (no or under three years' experience) per year:
    the fair comparison for a graduate's starting salary."""
    if not prefixes:
        return {}
    q = Q()
    for p in prefixes:
        q |= Q(occupation_code__startswith=p)
    rows = (
        Posting.objects.filter(
            q,
            duplicate_of__isnull=True,
            salary_min__isnull=False,
            posted_month__isnull=False,
            experience_band__in=ENTRY_LEVEL_BANDS,
        )
        .values_list("posted_month__year")
        .annotate(avg=Avg("salary_min"))
    )
    return {year: avg for year, avg in rows if avg}


# --------------------------------------------------------------------------------------------------
# Majors: matrix, destinations, indicators
# --------------------------------------------------------------------------------------------------
def major_list(*, actor: Actor) -> QuerySet[Major]:
    return visible(as_actor(actor), Major.objects.select_related("school"))


def major_get(*, actor: Actor, pk) -> Major:
    return access_object(as_actor(actor), Major.objects.select_related("school"), pk)


def course_list(*, actor: Actor, major: Major) -> QuerySet[Course]:
    return visible(as_actor(actor), Course.objects.filter(major=major))


def occupation_skill_demand(codes: list[str]) -> dict[str, dict[str, float]]:
    """target code -> {skill id: demand weight}, a level-1..3 target collecting its sub-occupations."""
    result: dict[str, dict[str, float]] = {}
    for code in codes:
        prefix = occupation_prefix(code)
        demand: dict[str, float] = defaultdict(float)
        for key, postings, headcount in DemandStat.objects.filter(
            dimension=Dimension.OCCUPATION_SKILL, month__isnull=True, key__startswith=prefix
        ).values_list("key", "postings", "headcount"):
            occ, _, skill = key.partition("|")
            if occ == code or occ.startswith(prefix + "-") or occ == prefix:
                demand[skill] += postings + headcount
        result[code] = dict(demand)
    return result


@dataclass
class MajorMatrix:
    major: Major
    result: MatrixResult
    skills: dict[str, Skill]
    occupations: dict[str, str]
    course_labels: dict[str, str]
    evidence: dict[str, list[Posting]]

    def skill_label(self, skill_id: str) -> str:
        s = self.skills.get(skill_id)
        return s.name_zh if s else skill_id


def major_matrix(major: Major, *, top_n: int = 25, evidence_per_gap: int = 3) -> MajorMatrix:
    targets = list(MajorTargetOccupation.objects.filter(major=major))
    codes = [t.occupation_code for t in targets]
    demand = occupation_skill_demand(codes)
    course_skills: dict[str, set[str]] = defaultdict(set)
    course_labels = {}
    for course in Course.objects.filter(major=major):
        key = f"{course.code}"
        course_labels[key] = course.name
        course_skills[key]  # courses without tags still show as columns
    for code, skill_id in CourseSkill.objects.filter(course__major=major, status=TagStatus.CONFIRMED).values_list(
        "course__code", "skill__skill_id"
    ):
        course_skills[code].add(skill_id)
    all_skills = set().union(*demand.values()) if demand else set()
    all_skills |= set().union(*course_skills.values()) if course_skills else set()
    skills = skill_map(all_skills)
    groups = {sid: s.group for sid, s in skills.items()}
    result = compute_matrix(
        [Target(t.occupation_code, t.weight) for t in targets], demand, course_skills, groups, top_n=top_n
    )
    evidence: dict[str, list[Posting]] = {}
    prefixes = [occupation_prefix(c) for c in codes]
    q = Q()
    for p in prefixes:
        q |= Q(posting__occupation_code__startswith=p)
    if prefixes:
        for row in result.gaps[:15]:
            links = (
                PostingSkill.objects.filter(q, skill__skill_id=row.skill, posting__duplicate_of__isnull=True)
                .select_related("posting")
                .order_by("-posting__posted_month", "posting_id")[:evidence_per_gap]
            )
            evidence[row.skill] = [link.posting for link in links]
    return MajorMatrix(major, result, skills, occupation_names(codes), course_labels, evidence)


def destination_list(*, actor: Actor, major: Major | None = None) -> QuerySet[GraduateDestination]:
    qs = visible(as_actor(actor), GraduateDestination.objects.select_related("major"))
    return qs.filter(major=major) if major else qs


@dataclass
class CohortRates:
    year: int
    graduates: int
    employed: int
    placed: int
    employment_rate: float | None
    destination_rate: float | None
    salary_avg: float | None
    relevance_rate: float | None
    retention_rate: float | None
    by_destination: dict


def destination_rates(major: Major) -> list[CohortRates]:
    rows = []
    qs = GraduateDestination.objects.filter(major=major)
    for year in sorted(set(qs.values_list("graduation_year", flat=True))):
        yqs = qs.filter(graduation_year=year)
        total = yqs.count()
        employed = yqs.filter(destination__in=[*EMPLOYED_DESTINATIONS, "enlisted"]).count()
        placed = yqs.filter(destination__in=PLACED_DESTINATIONS).count()
        salary = yqs.filter(starting_salary__isnull=False).aggregate(a=Avg("starting_salary"))["a"]
        rel_known = yqs.exclude(relevance="").count()
        rel_high = yqs.filter(relevance__in=["high", "some"]).count()
        host_known = yqs.filter(hired_by_host__isnull=False).count()
        host_yes = yqs.filter(hired_by_host=True).count()
        by_dest = dict(yqs.values_list("destination").annotate(n=Count("id")))
        rows.append(
            CohortRates(
                year,
                total,
                employed,
                placed,
                employed / total if total else None,
                placed / total if total else None,
                salary,
                rel_high / rel_known if rel_known else None,
                host_yes / host_known if host_known else None,
                by_dest,
            )
        )
    return rows


def cohort_sizes(major: Major) -> dict[int, int]:
    """Graduate supply per graduation year: the students of cohorts finishing that year (or destination records)."""
    sizes: dict[int, int] = defaultdict(int)
    for intake, n in (
        Student.objects.filter(major=major, cohort__isnull=False)
        .values_list("cohort__intake_year")
        .annotate(n=Count("id"))
    ):
        sizes[intake + major.duration_years] += n
    for year, n in (
        GraduateDestination.objects.filter(major=major).values_list("graduation_year").annotate(n=Count("id"))
    ):
        sizes[year] = max(sizes[year], n)
    return dict(sizes)


def placements_retention_available() -> bool:
    """The placements app's Placement.hired_by_host, if that app has landed it (issue 3 asks to check)."""
    from django.apps import apps

    try:
        model = apps.get_model("placements", "Placement")
    except LookupError:
        return False
    return any(f.name == "hired_by_host" for f in model._meta.get_fields())


def placement_retention(major: Major) -> dict[int, float]:
    """Share of the completed placements of each graduating cohort that ended with the host hiring the student
    (placements.Placement.hired_by_host), keyed by graduation year."""
    if not placements_retention_available():
        return {}
    from django.apps import apps

    placement = apps.get_model("placements", "Placement")
    rows = (
        placement.objects.filter(student__major=major, student__cohort__isnull=False, status="completed")
        .values_list("student__cohort__intake_year")
        .annotate(n=Count("id"), hired=Count("id", filter=Q(hired_by_host=True)))
    )
    return {intake + major.duration_years: hired / n for intake, n, hired in rows if n}


def major_indicator_history(major: Major) -> dict[str, dict[int, float | None]]:
    codes = list(MajorTargetOccupation.objects.filter(major=major).values_list("occupation_code", flat=True))
    prefixes = [occupation_prefix(c) for c in codes]
    postings = occupation_postings_by_year(prefixes)
    salaries = occupation_salary_by_year(prefixes)
    rates = {r.year: r for r in destination_rates(major)}
    supply = cohort_sizes(major)
    retention = placement_retention(major)
    history: dict[str, dict[int, float | None]] = {
        k: {}
        for k in (
            "employment_rate",
            "destination_rate",
            "demand_trend",
            "supply_ratio",
            "salary_ratio",
            "retention_rate",
        )
    }
    years = set(rates) | set(postings) | set(supply) | set(retention)
    for y in years:
        r = rates.get(y)
        if r:
            history["employment_rate"][y] = r.employment_rate
            history["destination_rate"][y] = r.destination_rate
            history["retention_rate"][y] = r.retention_rate
            posted = salaries.get(y) or (sum(salaries.values()) / len(salaries) if salaries else None)
            history["salary_ratio"][y] = (r.salary_avg / posted) if (r.salary_avg and posted) else None
        if y in retention:  # placement records, where they exist, are the better source
            history["retention_rate"][y] = retention[y]
        if postings.get(y - 1):
            history["demand_trend"][y] = (postings.get(y, 0) - postings[y - 1]) / postings[y - 1]
        if postings.get(y) and supply.get(y):
            history["supply_ratio"][y] = supply[y] / postings[y]
    return history


def warning_list(*, actor: Actor, year: int | None = None) -> QuerySet[MajorWarning]:
    qs = visible(as_actor(actor), MajorWarning.objects.select_related("major", "major__school"))
    if year:
        qs = qs.filter(year=year)
    return qs


def survey_list(*, actor: Actor) -> QuerySet[DemandSurvey]:
    return visible(as_actor(actor), DemandSurvey.objects.select_related("school"))


def programme_list(*, actor: Actor) -> QuerySet[TrainingProgramme]:
    return visible(as_actor(actor), TrainingProgramme.objects.select_related("major", "school"))


def enterprise_supply(*, actor: Actor) -> list[dict]:
    """For an enterprise: its postings by occupation, and the majors (in its region) that train for them."""
    actor = as_actor(actor)
    rows = []
    codes = (
        Posting.objects.filter(enterprise_id=actor.organization_id, duplicate_of__isnull=True)
        .values("occupation_code")
        .annotate(n=Count("id"))
        .order_by("-n")[:20]
    )
    names = occupation_names(c["occupation_code"] for c in codes)
    from workbridge.organizations.models import Organization

    region_id = Organization.objects.filter(pk=actor.organization_id).values_list("region_id", flat=True).first()
    for c in codes:
        code = c["occupation_code"]
        majors = Major.objects.filter(target_occupations__occupation_code=code)
        if region_id:
            majors = majors.filter(school__region_id=region_id)
        majors = majors.select_related("school").distinct()
        supply: list[dict[str, Any]] = []
        for m in majors[:10]:
            sizes = cohort_sizes(m)
            latest = max(sizes) if sizes else None
            supply.append({"major": m, "graduates": sizes.get(latest, 0) if latest else 0, "year": latest})
        rows.append(
            {
                "code": code,
                "name": names.get(code, code or "—"),
                "postings": c["n"],
                "majors": supply,
                "graduates": sum(s["graduates"] for s in supply),
            }
        )
    return rows


def months_back(today: dt.date, n: int) -> dt.date:
    y, m = today.year, today.month - n
    while m <= 0:
        m += 12
        y -= 1
    return dt.date(y, m, 1)


def posting_skill_summary(posting: Posting) -> list[dict]:
    out = []
    for link in posting.skills.select_related("skill"):
        source = posting.title if link.field == "title" else posting.text
        out.append(
            {
                "skill": link.skill,
                "start": link.start,
                "end": link.end,
                "field": link.field,
                "strength": link.strength,
                "text": source[link.start : link.end],
            }
        )
    return out
