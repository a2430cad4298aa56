"""Dual-qualified teacher recognition levels (初级 / 中级 / 高级) against configurable criteria (pure).

Criteria come from data (faculty/data/recognition_criteria.json). Each level lists requirements; a
requirement is one of:
- ``{"kind": "practice_days_in_window", "min": N}``: credited practice days in the current rolling window;
- ``{"kind": "practice_days_total", "min": N}``: confirmed practice days over the whole career;
- ``{"kind": "years_of_service", "min": N}``: whole years since employment start;
- ``{"kind": "qualifications", "min_level": "junior|intermediate|senior", "count": N}``: verified, unexpired
  industry qualifications at or above the level;
- ``{"kind": "rnd_projects", "min": N}``: R&D / technical-service projects taken part in;
- ``{"kind": "enterprise_teaching_hours", "min": N}`` is deliberately not offered: it describes enterprise staff.

A teacher holds the highest level whose requirements are all met *and* whose lower levels are all met, so
levels are monotone. The result explains every requirement (met or missing, with the value found).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("junior", "intermediate", "senior")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS, start=1)}
KINDS = ("practice_days_in_window", "practice_days_total", "years_of_service", "qualifications", "rnd_projects")


class CriteriaError(ValueError):
    """The criteria data are malformed."""


@dataclass(frozen=True)
class Facts:
    practice_days_in_window: float = 0
    practice_days_total: float = 0
    years_of_service: int = 0
    qualification_levels: tuple[str, ...] = ()  # levels of verified, unexpired qualifications
    rnd_projects: int = 0


@dataclass(frozen=True)
class Check:
    level: str
    kind: str
    required: float
    found: float
    met: bool
    min_level: str = ""


@dataclass(frozen=True)
class Recognition:
    level: str | None
    checks: tuple[Check, ...] = field(default_factory=tuple)

    def missing_for(self, level: str) -> list[Check]:
        return [c for c in self.checks if c.level == level and not c.met]

    @property
    def next_level(self) -> str | None:
        rank = LEVEL_RANK.get(self.level, 0) if self.level else 0
        return LEVELS[rank] if rank < len(LEVELS) else None


def validate_criteria(criteria: dict) -> dict:
    levels = criteria.get("levels")
    if not isinstance(levels, list) or not levels:
        raise CriteriaError("criteria need a non-empty 'levels' list")
    seen = set()
    for entry in levels:
        level = entry.get("level")
        if level not in LEVEL_RANK:
            raise CriteriaError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
        if level in seen:
            raise CriteriaError(f"level {level} listed twice")
        seen.add(level)
        for req in entry.get("requirements", []):
            kind = req.get("kind")
            if kind not in KINDS:
                raise CriteriaError(f"level {level}: unknown requirement kind {kind!r}")
            if kind == "qualifications":
                if req.get("min_level") not in LEVEL_RANK or int(req.get("count", 0)) < 1:
                    raise CriteriaError(f"level {level}: qualifications need min_level and count >= 1")
            elif not isinstance(req.get("min"), int | float) or req["min"] < 0:
                raise CriteriaError(f"level {level}: {kind} needs a non-negative 'min'")
    return criteria


def _check(level: str, req: dict, facts: Facts) -> Check:
    kind = req["kind"]
    if kind == "qualifications":
        floor = LEVEL_RANK[req["min_level"]]
        found = sum(1 for q in facts.qualification_levels if LEVEL_RANK.get(q, 0) >= floor)
        need = int(req["count"])
        return Check(level, kind, need, found, found >= need, req["min_level"])
    found = {
        "practice_days_in_window": facts.practice_days_in_window,
        "practice_days_total": facts.practice_days_total,
        "years_of_service": facts.years_of_service,
        "rnd_projects": facts.rnd_projects,
    }[kind]
    return Check(level, kind, float(req["min"]), float(found), found + 1e-9 >= req["min"])


def recognise(facts: Facts, criteria: dict) -> Recognition:
    validate_criteria(criteria)
    by_level = {entry["level"]: entry.get("requirements", []) for entry in criteria["levels"]}
    checks: list[Check] = []
    level_met: dict[str, bool] = {}
    for level in LEVELS:
        if level not in by_level:
            continue
        level_checks = [_check(level, req, facts) for req in by_level[level]]
        checks.extend(level_checks)
        level_met[level] = all(c.met for c in level_checks)
    held = None
    for level in LEVELS:
        if level not in level_met:
            continue
        if not level_met[level]:
            break
        held = level
    return Recognition(level=held, checks=tuple(checks))
