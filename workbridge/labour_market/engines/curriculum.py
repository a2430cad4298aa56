"""The post -> capability -> course matrix of a major, its coverage, gaps and surplus (pure, no Django).

Definitions (issue 3, "From demand to curriculum"):
- demand weight of a skill for a major w(s) = sum over the major's target occupations o of
  weight(o) * demand(o, s), where demand(o, s) counts the postings (counted once), survey head counts and
  association standards that ask for skill s in occupation o;
- the top skills are the ``top_n`` skills with the highest w(s) (ties broken by skill id);
- skill coverage = sum of w(s) over top skills some course teaches / sum of w(s) over all top skills;
- group coverage: demand is summed per skill group W(g); over the ``top_groups`` heaviest groups, the share
  of W(g) in groups where at least one skill of the group is taught;
- gaps = top skills no course teaches, heaviest first; surplus = taught skills whose share of the major's
  total demand is below ``surplus_share`` (including skills nobody asks for).

Relevance and evidence (issue 11, "curriculum gaps a teacher would believe"): a posting coded to a target
occupation can still ask for skills of another field (an automation post asking for C++), so each skill's demand
is multiplied by its relevance to the major's field (``relevance``: skill -> factor in [0, 1], from the data file
``major_fields.toml``; missing skills count 1). The evidence of a skill is its unweighted demand (postings, head
counts, standards) over the targets; a skill with less than ``min_evidence`` is never a gap (it is listed as
``thin``, "possibly a gap, too few postings"), so one odd posting cannot put a skill at the top of the page.
Skills in ``never_gaps`` (general abilities such as teamwork, which no single course owns, and skills of another
field) are never gaps either; untaught ones among the top skills are listed as ``beside`` instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    occupation: str
    weight: float = 1.0


@dataclass
class SkillRow:
    skill: str
    group: str
    weight: float
    share: float  # of the major's total demand weight
    by_occupation: dict[str, float]
    courses: list[str]
    evidence: float = 0.0  # unweighted demand behind the skill
    relevance: float = 1.0

    @property
    def taught(self) -> bool:
        return bool(self.courses)


@dataclass
class GroupRow:
    group: str
    weight: float
    taught_weight: float
    taught: bool

    @property
    def share_taught(self) -> float:
        return self.taught_weight / self.weight if self.weight else 0.0


@dataclass
class MatrixResult:
    occupations: list[str]
    courses: list[str]
    top: list[SkillRow]
    coverage: float | None  # None when there is no demand at all
    group_coverage: float | None
    groups: list[GroupRow]
    gaps: list[SkillRow]
    surplus: list[SkillRow]
    total_weight: float
    notes: list[str] = field(default_factory=list)
    thin: list[SkillRow] = field(default_factory=list)  # untaught top skills with too little evidence
    beside: list[SkillRow] = field(default_factory=list)  # untaught top skills that are never gaps
    min_evidence: float = 0.0

    def heat(self) -> list[tuple[int, int, float]]:
        """(course index, top-skill index, weight) for every taught cell: the heat map's data."""
        index = {c: i for i, c in enumerate(self.courses)}
        return [(index[c], r, row.weight) for r, row in enumerate(self.top) for c in row.courses if c in index]


def compute_matrix(
    targets: list[Target],
    demand: Mapping[str, Mapping[str, float]],
    course_skills: Mapping[str, set[str] | frozenset[str] | list[str]],
    skill_groups: Mapping[str, str],
    *,
    top_n: int = 30,
    top_groups: int = 10,
    surplus_share: float = 0.01,
    relevance: Mapping[str, float] | None = None,
    min_evidence: float = 0.0,
    never_gaps: Collection[str] = (),
) -> MatrixResult:
    if top_n < 1 or top_groups < 1:
        raise ValueError("top_n and top_groups must be at least 1")
    if not 0 <= surplus_share <= 1:
        raise ValueError("surplus_share must lie in [0, 1]")
    for target in targets:
        if target.weight < 0:
            raise ValueError(f"negative weight for occupation {target.occupation}")
    if min_evidence < 0:
        raise ValueError("min_evidence must not be negative")
    relevance = relevance or {}
    for skill, factor in relevance.items():
        if not 0 <= factor <= 1:
            raise ValueError(f"relevance of {skill} must lie in [0, 1]")

    weights: dict[str, float] = defaultdict(float)
    evidence: dict[str, float] = defaultdict(float)
    by_occupation: dict[str, dict[str, float]] = defaultdict(dict)
    for target in targets:
        for skill, amount in demand.get(target.occupation, {}).items():
            if amount < 0:
                raise ValueError(f"negative demand for {skill} in {target.occupation}")
            if target.weight:
                evidence[skill] += amount
            contribution = target.weight * amount * relevance.get(skill, 1.0)
            if contribution:
                weights[skill] += contribution
                by_occupation[skill][target.occupation] = by_occupation[skill].get(target.occupation, 0) + contribution

    teachers: dict[str, list[str]] = defaultdict(list)
    courses = sorted(course_skills)
    for course in courses:
        for skill in sorted(set(course_skills[course])):
            teachers[skill].append(course)

    total = sum(weights.values())

    def row(skill: str) -> SkillRow:
        w = weights.get(skill, 0.0)
        return SkillRow(
            skill=skill,
            group=skill_groups.get(skill, ""),
            weight=w,
            share=w / total if total else 0.0,
            by_occupation=dict(by_occupation.get(skill, {})),
            courses=list(teachers.get(skill, [])),
            evidence=evidence.get(skill, 0.0),
            relevance=relevance.get(skill, 1.0),
        )

    ranked = sorted((s for s, w in weights.items() if w > 0), key=lambda s: (-weights[s], s))
    top = [row(s) for s in ranked[:top_n]]
    top_total = sum(r.weight for r in top)
    coverage = (sum(r.weight for r in top if r.taught) / top_total) if top_total else None

    group_weight: dict[str, float] = defaultdict(float)
    group_taught_weight: dict[str, float] = defaultdict(float)
    for skill, w in weights.items():
        g = skill_groups.get(skill, "")
        group_weight[g] += w
        if teachers.get(skill):
            group_taught_weight[g] += w
    taught_groups = {skill_groups.get(s, "") for s in teachers}
    ranked_groups = sorted((g for g, w in group_weight.items() if w > 0), key=lambda g: (-group_weight[g], g))[
        :top_groups
    ]
    groups = [GroupRow(g, group_weight[g], group_taught_weight[g], g in taught_groups) for g in ranked_groups]
    groups_total = sum(g.weight for g in groups)
    group_coverage = (sum(g.weight for g in groups if g.taught) / groups_total) if groups_total else None

    excluded = set(never_gaps)
    beside = [r for r in top if not r.taught and r.skill in excluded]
    gaps = [r for r in top if not r.taught and r.skill not in excluded and r.evidence >= min_evidence]
    thin = [r for r in top if not r.taught and r.skill not in excluded and r.evidence < min_evidence]
    surplus = sorted(
        (row(s) for s in teachers if (weights.get(s, 0.0) / total if total else 0.0) < surplus_share),
        key=lambda r: (r.weight, r.skill),
    )
    notes = []
    if not targets:
        notes.append("no_targets")
    elif not total:
        notes.append("no_demand")
    if not courses:
        notes.append("no_courses")
    occupations = [t.occupation for t in targets]
    return MatrixResult(
        occupations=occupations,
        courses=courses,
        top=top,
        coverage=coverage,
        group_coverage=group_coverage,
        groups=groups,
        gaps=gaps,
        surplus=surplus,
        total_weight=total,
        notes=notes,
        thin=thin,
        beside=beside,
        min_evidence=min_evidence,
    )
