"""Suggest teacher teams for an enterprise's technical problem (pure, no Django).

Inputs are skills already extracted (by the labour-market taxonomy extractor) from the problem text and from
each teacher's records (expertise, qualifications, courses taught, enterprise-practice tasks).

Ranking: a teacher's score is the weighted share of the problem's skills they cover,
``sum(w(s) * idf(s) * evidence(s)) / sum(w(s) * idf(s))`` over the problem's skills, where ``w`` is the skill's
strength in the problem text, ``idf`` down-weights skills every teacher has (``1 + ln(N / df)``), and
``evidence`` grows with the number of independent records showing the skill (1.0, 1.15, 1.25 ...,
capped at 1.3) and is capped so a score never exceeds 1.

Team: greedy weighted set cover: repeatedly add the teacher who covers the most still-uncovered weight (ties
by score, then by id), until all skills are covered, ``max_size`` is reached, or nobody adds coverage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TeacherSkills:
    teacher_id: int
    name: str
    # skill_id -> the records that show it, e.g. ("expertise", "qualification: 电工（高级）")
    skills: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Match:
    skill_id: str
    skill_name: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    teacher_id: int
    name: str
    score: float
    matched: tuple[Match, ...]
    missing: tuple[str, ...]  # names of the problem's skills this teacher does not show


@dataclass(frozen=True)
class Team:
    members: tuple[Candidate, ...]
    coverage: float  # weighted share of the problem's skills covered by the team
    covered: tuple[str, ...]
    uncovered: tuple[str, ...] = field(default_factory=tuple)


def _evidence(count: int) -> float:
    return min(1.3, 1.0 + 0.15 * math.log2(count)) if count > 0 else 0.0


def idf_weights(teachers: Sequence[TeacherSkills], skill_ids) -> dict[str, float]:
    n = max(1, len(teachers))
    weights = {}
    for skill in skill_ids:
        df = sum(1 for t in teachers if skill in t.skills)
        weights[skill] = 1.0 + math.log(n / df) if df else 1.0
    return weights


def rank_teachers(
    problem_skills: Mapping[str, tuple[str, float]],
    teachers: Sequence[TeacherSkills],
    *,
    limit: int = 10,
) -> list[Candidate]:
    """problem_skills: skill_id -> (name, strength > 0). Returns candidates with score > 0, best first."""
    if not problem_skills:
        return []
    idf = idf_weights(teachers, problem_skills)
    total = sum(strength * idf[s] for s, (_, strength) in problem_skills.items())
    found = []
    for teacher in teachers:
        gained, matched, missing = 0.0, [], []
        for skill, (name, strength) in problem_skills.items():
            sources = teacher.skills.get(skill)
            if sources:
                gained += strength * idf[skill] * _evidence(len(sources))
                matched.append(Match(skill, name, tuple(sources)))
            else:
                missing.append(name)
        if matched:
            score = min(1.0, gained / total) if total > 0 else 0.0
            found.append(Candidate(teacher.teacher_id, teacher.name, round(score, 4), tuple(matched), tuple(missing)))
    found.sort(key=lambda c: (-c.score, c.teacher_id))
    return found[:limit]


def _gain(candidate: Candidate, weights: Mapping[str, float], uncovered: set[str]) -> float:
    return sum(weights[m.skill_id] for m in candidate.matched if m.skill_id in uncovered)


def suggest_team(
    problem_skills: Mapping[str, tuple[str, float]],
    candidates: Sequence[Candidate],
    *,
    max_size: int = 4,
) -> Team:
    weights = {s: strength for s, (_, strength) in problem_skills.items()}
    total = sum(weights.values())
    uncovered = set(weights)
    members: list[Candidate] = []
    pool = list(candidates)
    while uncovered and pool and len(members) < max_size:
        best = max(pool, key=lambda c: (_gain(c, weights, uncovered), c.score, -c.teacher_id))
        if _gain(best, weights, uncovered) <= 0:
            break
        members.append(best)
        pool.remove(best)
        uncovered -= {m.skill_id for m in best.matched}
    covered_ids = [s for s in problem_skills if s not in uncovered]
    coverage = sum(weights[s] for s in covered_ids) / total if total > 0 else 0.0
    return Team(
        members=tuple(members),
        coverage=round(coverage, 4),
        covered=tuple(problem_skills[s][0] for s in covered_ids),
        uncovered=tuple(problem_skills[s][0] for s in problem_skills if s in uncovered),
    )
