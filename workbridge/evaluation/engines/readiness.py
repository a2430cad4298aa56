"""Readiness of an enterprise for certification as an industry-education integration enterprise.

A criteria set (data: national principles plus one province's criteria) lists criteria in tiers:

- ``basic``: every one must be met;
- ``any_of``: at least one must be met;
- ``exclusion``: a condition that rules the enterprise out; "met" means the enterprise is not excluded.

Each criterion's outcome comes from the platform (a check function reads records) and is ``met``, ``missing``
(the records show it is not met) or ``unknown`` (no records to decide; counts as not met, shown separately so the
enterprise knows what evidence to add).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TIERS = ("basic", "any_of", "exclusion")
STATUSES = ("met", "missing", "unknown")


@dataclass(frozen=True)
class Criterion:
    key: str
    tier: str
    check: str
    label: str
    label_zh: str = ""
    params: Mapping = field(default_factory=dict)
    source: str = ""  # for readers of the English pages
    source_zh: str = ""


@dataclass(frozen=True)
class Outcome:
    status: str
    detail: str = ""
    evidence: tuple = ()  # (label, url) pairs


@dataclass(frozen=True)
class ReadinessItem:
    criterion: Criterion
    outcome: Outcome

    @property
    def met(self) -> bool:
        return self.outcome.status == "met"


@dataclass(frozen=True)
class Readiness:
    ready: bool
    items: tuple[ReadinessItem, ...]
    basic_met: int
    basic_total: int
    any_of_met: int
    any_of_total: int
    excluded: bool

    @property
    def missing(self) -> list[ReadinessItem]:
        return [i for i in self.items if not i.met and i.criterion.tier != "any_of"] + (
            [i for i in self.items if i.criterion.tier == "any_of" and not i.met] if self.any_of_met == 0 else []
        )


class CriteriaError(ValueError):
    pass


def check_criteria(criteria: Sequence[Criterion]) -> None:
    seen = set()
    for c in criteria:
        if c.tier not in TIERS:
            raise CriteriaError(f"Criterion {c.key}: unknown tier {c.tier!r}.")
        if c.key in seen:
            raise CriteriaError(f"Criterion {c.key} appears twice.")
        seen.add(c.key)


def assess(criteria: Sequence[Criterion], outcomes: Mapping[str, Outcome]) -> Readiness:
    check_criteria(criteria)
    items = []
    for c in criteria:
        outcome = outcomes.get(c.key) or Outcome("unknown", "No check result.")
        if outcome.status not in STATUSES:
            raise CriteriaError(f"Criterion {c.key}: unknown status {outcome.status!r}.")
        items.append(ReadinessItem(c, outcome))
    basic = [i for i in items if i.criterion.tier == "basic"]
    any_of = [i for i in items if i.criterion.tier == "any_of"]
    exclusions = [i for i in items if i.criterion.tier == "exclusion"]
    basic_met = sum(i.met for i in basic)
    any_met = sum(i.met for i in any_of)
    excluded = any(not i.met for i in exclusions)
    ready = basic_met == len(basic) and (not any_of or any_met >= 1) and not excluded
    return Readiness(
        ready=ready,
        items=tuple(items),
        basic_met=basic_met,
        basic_total=len(basic),
        any_of_met=any_met,
        any_of_total=len(any_of),
        excluded=excluded,
    )
