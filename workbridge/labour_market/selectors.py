"""Reads of the labour-market app, scoped by the acting user through core.access."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workbridge.academics.models import Course, Major, Student
from workbridge.core.access import Actor, access_object, as_actor, region_with_descendants, visible
from workbridge.core.exceptions import NotFound
from workbridge.organizations.engines.industry import SECTIONS

from .engines import fields as major_fields
from .engines import warning as warning_engine
from .engines.curriculum import MatrixResult, Target, compute_matrix
from .engines.indicators import CohortFigures, indicator_history
from .models import (
    EMPLOYED_DESTINATIONS,
    PLACED_DESTINATIONS,
    CourseSkill,
    DemandStat,
    DemandSurvey,
    DestinationFollowUp,
    Dimension,
    GraduateDestination,
    HeadcountForecast,
    IngestBatch,
    MajorTargetOccupation,
    MajorWarning,
    Occupation,
    Posting,
    PostingSkill,
    Skill,
    SkillStandard,
    SourceKind,
    Strength,
    SurveyResponse,
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
    """Names by code, without the classification's digital/green markers."""
    return {
        code: occupation_display(name)[0]
        for code, name in Occupation.objects.filter(code__in=set(codes)).values_list("code", "name")
    }


def occupation_choices() -> list[tuple[str, str]]:
    """Every detailed occupation (the classification's fourth level) as (code, name), for pickers."""
    return [
        (code, occupation_display(name)[0])
        for code, name in Occupation.objects.filter(level=4).order_by("code").values_list("code", "name")
    ]


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
    language = get_language() or "zh-hans"
    if dimension == Dimension.OCCUPATION:
        names = occupation_names(r.key for r in ordered)
        for r in ordered:
            r.label = names.get(r.key, r.label or (_("Not coded") if r.key in UNKNOWN_KEYS else r.key))
    elif dimension == Dimension.SKILL:
        skills = skill_map(r.key for r in ordered)
        for r in ordered:
            r.label = skills[r.key].label(language) if r.key in skills else r.key
    elif dimension == Dimension.INDUSTRY:
        for r in ordered:
            r.label = _industry_label(r.key, language)
    elif dimension == Dimension.REGION:
        for r in ordered:
            parts = [p for p in r.key.split("/") if p and p != "-"]
            r.label = "/".join(parts) if parts else _("Area not recognised")
    else:
        for r in ordered:
            r.label = r.label or r.key
    return ordered


UNKNOWN_KEYS = {"", "-"}


def _industry_label(key: str, language: str) -> str:
    """A posting's industry is a GB/T 4754 section letter; show the section's name."""
    section = SECTIONS.get(key)
    if section is None:
        return _("Industry not given") if key in UNKNOWN_KEYS else key
    return section[1] if language.startswith("en") else section[0]


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


def batch_get(*, actor: Actor, pk) -> IngestBatch:
    return access_object(as_actor(actor), IngestBatch.objects.select_related("source"), pk)


def posting_get(*, actor: Actor, pk) -> Posting:
    qs = Posting.objects.select_related("source", "enterprise", "duplicate_of").prefetch_related("skills__skill")
    return access_object(as_actor(actor), qs, pk)


def course_get(*, actor: Actor, pk) -> Course:
    return access_object(as_actor(actor), Course.objects.select_related("major"), pk)


def course_tag_get(*, actor: Actor, course: Course, pk) -> CourseSkill:
    return access_object(as_actor(actor), CourseSkill.objects.filter(course=course).select_related("skill"), pk)


def target_get(*, actor: Actor, major: Major, pk) -> MajorTargetOccupation:
    return access_object(as_actor(actor), MajorTargetOccupation.objects.filter(major=major), pk)


def survey_get(*, actor: Actor, pk) -> DemandSurvey:
    return access_object(as_actor(actor), DemandSurvey.objects.select_related("school"), pk)


def survey_responses(*, actor: Actor, survey: DemandSurvey) -> QuerySet[SurveyResponse]:
    qs = SurveyResponse.objects.filter(survey=survey).select_related("enterprise")
    return visible(as_actor(actor), qs).prefetch_related("posts__skills")


def standard_list(*, actor: Actor) -> QuerySet[SkillStandard]:
    qs = SkillStandard.objects.select_related("association").prefetch_related("items__skill")
    return visible(as_actor(actor), qs)


def forecast_list(*, actor: Actor) -> QuerySet[HeadcountForecast]:
    return visible(as_actor(actor), HeadcountForecast.objects.select_related("association"))


def followup_get(*, actor: Actor, pk) -> DestinationFollowUp:
    return access_object(as_actor(actor), DestinationFollowUp.objects.select_related("student"), pk)


def programme_get(*, actor: Actor, pk) -> TrainingProgramme:
    return access_object(as_actor(actor), TrainingProgramme.objects.select_related("major", "school"), pk)


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
    field: major_fields.Field | None = None

    @property
    def field_name(self) -> str:
        if self.field is None:
            return ""
        return self.field.name_en if (get_language() or "").startswith("en") else self.field.name_zh

    def thin_rows(self) -> list[dict]:
        """Untaught skills the postings mention too rarely to call a gap yet."""
        return [{"skill": self.skill_label(r.skill), "evidence": round(r.evidence)} for r in self.result.thin]

    def heat(self, *, taught_rows: int = 15) -> tuple[list[str], list[str], list[tuple[int, int, float]]]:
        """The heat map: columns (target occupations, then courses), rows (the top demanded skills, then the
        taught skills little demanded, so a course with confirmed outcomes always shows what it teaches) and cells
        (column, row, demand). A taught cell with little or no demand is drawn faint rather than left blank."""
        result = self.result
        occupations = [f"{self.occupations.get(o, '')} ({o})" for o in result.occupations]
        courses = [self.course_label(c) for c in result.courses]
        rows = list(result.top)
        shown = {r.skill for r in rows}
        rows += [r for r in result.surplus if r.skill not in shown][:taught_rows]
        peak = max((r.weight for r in rows), default=0.0) or 1.0
        faint = round(peak * 0.06, 1)
        course_index = {c: i + len(occupations) for i, c in enumerate(result.courses)}
        cells = [
            (oi, si, round(r.by_occupation[o], 1))
            for si, r in enumerate(rows)
            for oi, o in enumerate(result.occupations)
            if r.by_occupation.get(o)
        ]
        cells += [
            (course_index[c], si, max(round(r.weight, 1), faint))
            for si, r in enumerate(rows)
            for c in r.courses
            if c in course_index
        ]
        return occupations + courses, [self.skill_label(r.skill) for r in rows], cells

    def beside_rows(self) -> list[str]:
        """What employers also ask for that no course owns: general abilities and other fields' skills."""
        return [self.skill_label(r.skill) for r in self.result.beside]

    def skill_label(self, skill_id: str) -> str:
        s = self.skills.get(skill_id)
        return s.label(get_language() or "zh-hans") if s else skill_id

    def course_label(self, code: str) -> str:
        return self.course_labels.get(code) or code

    def gap_rows(self, limit: int = 15) -> list[dict]:
        """The demanded skills no course teaches, each with its group, demand weight and the postings behind it."""
        return [
            {
                "skill": self.skill_label(row.skill),
                "group": self.skills[row.skill].group if row.skill in self.skills else "",
                "weight": row.weight,
                "evidence": self.evidence.get(row.skill, []),
            }
            for row in self.result.gaps[:limit]
        ]

    def surplus_rows(self) -> list[dict]:
        """Skills the courses teach that the target occupations hardly ask for, with the courses by name."""
        return [
            {"skill": self.skill_label(row.skill), "courses": [self.course_label(c) for c in row.courses]}
            for row in self.result.surplus
        ]


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
    fields = major_fields.table()
    major_field = fields.field_for(major.code)
    result = compute_matrix(
        [Target(t.occupation_code, t.weight) for t in targets],
        demand,
        course_skills,
        groups,
        top_n=top_n,
        relevance={sid: fields.relevance(sid, major_field) for sid in all_skills},
        min_evidence=fields.min_evidence,
        never_gaps={sid for sid in all_skills if fields.relevance(sid, major_field) < fields.in_field},
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
    return MajorMatrix(major, result, skills, occupation_names(codes), course_labels, evidence, major_field)


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
    rates = destination_rates(major)
    return indicator_history(
        cohorts={
            r.year: CohortFigures(r.employment_rate, r.destination_rate, r.retention_rate, r.salary_avg) for r in rates
        },
        postings=postings,
        salaries=salaries,
        supply=cohort_sizes(major),
        retention=placement_retention(major),
    )


@dataclass
class WarningBacktest:
    rows: list[dict]  # {"major", "levels": {year: level}} per major
    years: list[int]  # the years with outcome data, never beyond today
    years_scored: list[warning_engine.YearRecord]
    red_weight: float


def warning_backtest(majors: list[Major], *, today: dt.date) -> WarningBacktest:
    """What the active rules would have said for each major in each past year with data, and how right they
    were: each year's verdicts against the next year's employment and destination rates (engine: measure)."""
    from .services import active_rules

    rules, red = active_rules()
    histories, rows, years = [], [], set()
    for major in majors:
        history = major_indicator_history(major)
        histories.append(history)
        own_years = warning_engine.outcome_years(history, last_year=today.year)
        years |= set(own_years)
        verdicts = warning_engine.backtest(history, own_years, rules, red_weight=red)
        rows.append({"major": major, "levels": {y: v.level for y, v in verdicts.items()}})
    scored = warning_engine.measure(histories, rules, last_year=today.year, red_weight=red)
    return WarningBacktest(rows, sorted(years), scored, red)


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
                "field_label": _("title") if link.field == "title" else _("description"),
                "strength": link.strength,
                "strength_label": Strength(link.strength).label if link.strength in Strength.values else "",
                "text": source[link.start : link.end],
            }
        )
    return out


# --------------------------------------------------------------------------------------------------
# Skills and occupations: the reference API (issue 11)
# --------------------------------------------------------------------------------------------------
TREND_MONTHS = 12
RELATED_OCCUPATIONS = 5


def skill_list(*, actor: Actor, q: str = "", skill_type: str = "", group: str = "") -> QuerySet[Skill]:
    """Skills of the taxonomy (reference data: the same for every signed-in role), searched by Chinese or English
    name, alias or id (``q``), filtered by type and group (the group's key, Chinese or English label)."""
    as_actor(actor)  # reference data: no scope, but selectors take the actor like every read
    qs = Skill.objects.all()
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(name_zh__icontains=q)
            | Q(name_en__icontains=q)
            | Q(skill_id__icontains=q)
            | Q(skill_id__in=_skills_with_alias(q))
        )
    if skill_type:
        qs = qs.filter(skill_type=skill_type)
    group = (group or "").strip()
    if group:
        qs = qs.filter(group__in=_group_labels(group))
    return qs.order_by("skill_id")


def skill_get(*, actor: Actor, skill_id: str) -> Skill:
    as_actor(actor)
    skill = Skill.objects.filter(skill_id=skill_id).first()
    if skill is None:
        raise NotFound(_("No skill with this id."))
    return skill


def _skills_with_alias(q: str) -> list[str]:
    """Ids of the skills one of whose aliases contains ``q`` (case-insensitive). Matched here rather than with a
    JSON lookup: SQLite keeps the aliases as ASCII-escaped JSON text, where a Chinese alias is not found."""
    needle = q.casefold()
    return [
        skill_id
        for skill_id, aliases in Skill.objects.exclude(aliases=[]).values_list("skill_id", "aliases")
        if any(needle in str(a).casefold() for a in aliases or [])
    ]


def _group_labels(group: str) -> set[str]:
    """The stored group (the taxonomy's Chinese label) for a group key, Chinese or English label."""
    from .engines.taxonomy import default_taxonomy

    wanted = group.casefold()
    labels = {group}
    for key, (zh, en) in default_taxonomy().groups().items():
        if wanted in (key.casefold(), zh.casefold(), en.casefold()):
            labels |= {zh or key, key}
    return labels


def skill_group_names() -> dict[str, dict[str, str]]:
    """Stored group -> {"key", "zh", "en"} from the shipped taxonomy."""
    from .engines.taxonomy import default_taxonomy

    out: dict[str, dict[str, str]] = {}
    for key, (zh, en) in default_taxonomy().groups().items():
        out.setdefault(zh or key, {"key": key, "zh": zh or key, "en": en or key})
    return out


@dataclass
class TrendArea:
    """Where a demand trend is counted: a region with the regions below it, or the whole country (``region`` None)."""

    region: Any  # organizations.Region | None
    region_ids: list[int] | None

    @property
    def label(self) -> dict | None:
        if self.region is None:
            return None
        return {"code": self.region.code, "name": self.region.name, "name_en": self.region.name_en}


def trend_area(*, actor: Actor, region_id: int | None = None, region_code: str = "") -> TrendArea:
    """The caller's region for demand trends: the region asked for (by record id or division code), else the region
    of the actor's organization. A district widens to its city (postings are placed by city or province); no region
    at all (the platform) counts the whole country. Raises NotFound for an unknown region."""
    from workbridge.organizations.models import Organization, Region

    actor = as_actor(actor)
    region = None
    if region_id or region_code:
        region = Region.objects.filter(**({"pk": region_id} if region_id else {"code": region_code})).first()
        if region is None:
            raise NotFound(_("No such region."))
    elif actor.organization_id:
        region = Region.objects.filter(
            pk=Organization.objects.filter(pk=actor.organization_id).values("region_id")[:1]
        ).first()
    if region is None:
        return TrendArea(None, None)
    if not region.code.endswith("00") and region.parent_id:
        region = Region.objects.get(pk=region.parent_id)
    return TrendArea(region, region_with_descendants(region.pk))


def trend_months(*, months: int = TREND_MONTHS) -> list[dt.date]:
    """The recent periods: the ``months`` calendar months up to the latest month any posting was posted in."""
    from django.db.models import Max

    latest = Posting.objects.filter(duplicate_of__isnull=True).aggregate(m=Max("posted_month"))["m"]
    if latest is None:
        return []
    latest = latest.replace(day=1)
    return [months_back(latest, n) for n in range(months - 1, -1, -1)]


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def skill_trends(skill_pks: list[int], *, area: TrendArea, months: list[dt.date]) -> dict[int, list[int]]:
    """Skill pk -> postings (each counted once, duplicates left out) per month of ``months`` in ``area``."""
    out = {pk: [0] * len(months) for pk in skill_pks}
    if not skill_pks or not months:
        return out
    index = {m: i for i, m in enumerate(months)}
    links = PostingSkill.objects.filter(
        skill_id__in=skill_pks,
        posting__duplicate_of__isnull=True,
        posting__posted_month__gte=months[0],
        posting__posted_month__lt=_next_month(months[-1]),
    )
    if area.region_ids is not None:
        links = links.filter(posting__region_id__in=area.region_ids)
    for skill_pk, month, n in links.values_list("skill_id", "posting__posted_month").annotate(
        n=Count("posting_id", distinct=True)
    ):
        i = index.get(month.replace(day=1))
        if i is not None:
            out[skill_pk][i] += n
    return out


def skill_occupations(skill_ids: list[str], *, limit: int = RELATED_OCCUPATIONS) -> dict[str, list[dict]]:
    """Skill id -> the occupations whose postings (and survey answers) ask for it most, from the occupation x skill
    demand table: [{"code", "name", "postings"}], heaviest first."""
    out: dict[str, list[dict]] = {sid: [] for sid in skill_ids}
    if not skill_ids:
        return out
    q = Q()
    for sid in skill_ids:
        q |= Q(key__endswith=f"|{sid}")
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for key, postings, headcount in DemandStat.objects.filter(
        q, dimension=Dimension.OCCUPATION_SKILL, month__isnull=True
    ).values_list("key", "postings", "headcount"):
        code, _sep, sid = key.partition("|")
        if sid in out and code and code != "-":
            weights[(sid, code)] += postings + headcount
    names = occupation_names(code for _sid, code in weights)
    for (sid, code), weight in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0][1])):
        if len(out[sid]) < limit:
            out[sid].append({"code": code, "name": occupation_display(names.get(code, code))[0], "postings": weight})
    return out


def skill_rows(skills: list[Skill], *, area: TrendArea, months: list[dt.date]) -> list[dict]:
    """What the skills API shows of each skill: names, type, group, related occupations and the regional trend."""
    groups = skill_group_names()
    trends = skill_trends([s.pk for s in skills], area=area, months=months)
    occupations = skill_occupations([s.skill_id for s in skills])
    periods = [m.strftime("%Y-%m") for m in months]
    rows = []
    for s in skills:
        group = groups.get(s.group, {"key": s.group, "zh": s.group, "en": s.group})
        rows.append(
            {
                "id": s.skill_id,
                "name": {"zh": s.name_zh, "en": s.name_en},
                "aliases": list(s.aliases or []),
                "type": s.skill_type,
                "group": group,
                "occupations": occupations.get(s.skill_id, []),
                "trend": {
                    "region": area.label,
                    "periods": periods,
                    "postings": trends.get(s.pk, [0] * len(months)),
                },
            }
        )
    return rows


_OCCUPATION_MARKER_RE = re.compile(r"(L/S|S|L)$")


def occupation_display(name: str) -> tuple[str, bool, bool]:
    """(name, digital, green): the classification marks digital occupations 'S' and green ones 'L' after the name."""
    m = _OCCUPATION_MARKER_RE.search(name or "")
    if not m:
        return name, False, False
    return name[: m.start()], "S" in m.group(1), "L" in m.group(1)


def occupation_parent(code: str, levels: dict[str, int]) -> str | None:
    """The nearest enclosing code of ``code`` in ``levels`` (code -> level): zero the groups from the right; a
    level-4 occupation may hang directly under a level-2 group (x-xx-00-nn) or share its code's shape with one."""
    parts = code.split("-")
    own = levels.get(code, 4)
    for i in range(len(parts) - 1, 0, -1):
        candidate = "-".join(parts[:i] + ["0" * len(p) for p in parts[i:]])
        if candidate != code and candidate in levels and levels[candidate] < own:
            return candidate
    return None


def occupation_list(*, actor: Actor, q: str = "", parent: str = "", level: int | None = None) -> list[Occupation]:
    """Occupations of the classification (reference data), by code: searched by name or code (``q``), the
    children of ``parent`` (one level down the tree, whatever its depth), or every occupation of one level."""
    as_actor(actor)
    qs = Occupation.objects.all()
    if parent:
        parent_row = Occupation.objects.filter(code=parent).first()
        if parent_row is None:
            raise NotFound(_("No occupation with this code."))
        below = list(qs.filter(code__startswith=occupation_prefix(parent) + "-").exclude(code=parent))
        levels = {o.code: o.level for o in below} | {parent: parent_row.level}
        rows = [o for o in below if occupation_parent(o.code, levels) == parent]
    else:
        rows = None
    if rows is None:
        q = (q or "").strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q) | Q(definition__icontains=q))
        if level:
            qs = qs.filter(level=level)
        return list(qs.order_by("code"))
    q = (q or "").strip().casefold()
    return [
        o
        for o in rows
        if (not q or q in o.name.casefold() or o.code.startswith(q) or q in o.definition.casefold())
        and (not level or o.level == level)
    ]


def occupation_get(*, actor: Actor, code: str) -> Occupation:
    as_actor(actor)
    occupation = Occupation.objects.filter(code=code).first()
    if occupation is None:
        raise NotFound(_("No occupation with this code."))
    return occupation


def occupation_parents(occupations: list[Occupation]) -> dict[str, str | None]:
    """Code -> parent code for the given occupations (one query for their candidate ancestors)."""
    candidates: set[str] = set()
    for o in occupations:
        parts = o.code.split("-")
        candidates |= {"-".join(parts[:i] + ["0" * len(p) for p in parts[i:]]) for i in range(1, len(parts))}
    levels = dict(Occupation.objects.filter(code__in=candidates).values_list("code", "level"))
    return {o.code: occupation_parent(o.code, levels | {o.code: o.level}) for o in occupations}


def occupation_row(o: Occupation, parent: str | None) -> dict:
    name, digital, green = occupation_display(o.name)
    return {
        "code": o.code,
        "name": name,
        "level": o.level,
        "parent": parent,
        "definition": o.definition,
        "digital": digital,
        "green": green,
    }


def occupation_detail(o: Occupation, *, actor: Actor) -> dict:
    """The occupation with its path from the top of the tree and its children."""
    parents = occupation_parents([o])
    path: list[dict] = []
    code = parents[o.code]
    while code:
        ancestor = Occupation.objects.filter(code=code).first()
        if ancestor is None:
            break
        path.insert(0, {"code": ancestor.code, "name": occupation_display(ancestor.name)[0], "level": ancestor.level})
        code = occupation_parents([ancestor])[ancestor.code]
    children = occupation_list(actor=actor, parent=o.code)
    return {
        **occupation_row(o, parents[o.code]),
        "path": path,
        "children": [{"code": c.code, "name": occupation_display(c.name)[0], "level": c.level} for c in children],
    }


# --------------------------------------------------------------------------------------------------
# Extraction: skill spans in texts, occupation codes for titles (pure computation on the shipped taxonomy)
# --------------------------------------------------------------------------------------------------
def text_skills(texts: list[str]) -> list[dict]:
    """Per text: the skill spans the extractor finds (``start``/``end`` index the text as sent)."""
    from .engines.extract import default_extractor
    from .engines.taxonomy import default_taxonomy

    extractor, taxonomy = default_extractor(), default_taxonomy()
    out = []
    for i, text in enumerate(texts):
        spans = []
        for m in extractor.extract(text):
            entry = taxonomy.get(m.skill_id)
            spans.append(
                {
                    "start": m.start,
                    "end": m.end,
                    "text": text[m.start : m.end],
                    "skill": m.skill_id,
                    "name": {"zh": m.name, "en": entry.name_en if entry else ""},
                    "type": m.type,
                    "strength": m.strength,
                }
            )
        out.append({"index": i, "skills": spans})
    return out


def title_occupations(titles: list[str], *, alternatives: int = 3) -> list[dict]:
    """Per job title: the occupation code the coder chooses (or none), its confidence and the alternatives."""
    from .engines.occupation import default_coder

    coder = default_coder()
    out = []
    for i, title in enumerate(titles):
        best = coder.code(title)
        out.append(
            {
                "index": i,
                "title": title,
                "code": best.code,
                "name": best.name,
                "level": best.level,
                "confidence": best.confidence,
                "method": best.method,
                "alternatives": [
                    {"code": a.code, "name": a.name, "level": a.level, "confidence": a.confidence}
                    for a in coder.alternatives(title, exclude=best.code, limit=alternatives)
                ],
            }
        )
    return out
