"""The mutual-benefit ledger: what each side of a partnership got out of it, and whether it is one-sided.

Each ledger line is a quantity from the records (placements, hires, hours, yuan ...) with a reference value from
the ledger data file; a line scores min(value / reference, 1). A side's benefit score is the mean of its lines
x 100. The balance is enterprise score - school score (positive: the enterprise gains more). A partnership is
one-sided when there is some benefit and the larger side's share of the combined score reaches
``one_sided_share`` (data, e.g. 0.75); inactive when both sides score 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LineSpec:
    key: str
    side: str  # "school" | "enterprise"
    reference: float


@dataclass(frozen=True)
class Balance:
    school: float
    enterprise: float
    balance: float
    state: str  # "balanced" | "school_only" | "enterprise_only" | "inactive"

    @property
    def one_sided(self) -> bool:
        return self.state in ("school_only", "enterprise_only")


def side_score(specs: Sequence[LineSpec], values: Mapping[str, float | None], side: str) -> float:
    lines = [s for s in specs if s.side == side]
    if not lines:
        return 0.0
    parts = []
    for s in lines:
        v = values.get(s.key)
        parts.append(0.0 if v is None or s.reference <= 0 else min(max(float(v), 0.0) / s.reference, 1.0))
    return 100.0 * sum(parts) / len(lines)


def balance(specs: Sequence[LineSpec], values: Mapping[str, float | None], one_sided_share: float = 0.75) -> Balance:
    school = side_score(specs, values, "school")
    enterprise = side_score(specs, values, "enterprise")
    combined = school + enterprise
    if combined <= 0:
        state = "inactive"
    elif school / combined >= one_sided_share:
        state = "school_only"
    elif enterprise / combined >= one_sided_share:
        state = "enterprise_only"
    else:
        state = "balanced"
    return Balance(school=school, enterprise=enterprise, balance=enterprise - school, state=state)
