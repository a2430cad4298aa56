"""Index scoring: normalise raw indicator values, combine them into group and total scores, assign a band.

Normalisation methods (each indicator names one in the index-system data file):

- ``target``: positive indicators score min(x / target, 1); a value at or above the target earns full marks,
  so a score means the same thing from one term to the next (it does not depend on the other partnerships).
- ``minmax``: (x - min) / (max - min) over the peer set being scored (all partnerships of the term); if all
  peers are equal every peer with a positive value scores 1, otherwise 0.
- ``ratio``: the value is already a share in [0, 1] (completion rate, retention); it is clamped to [0, 1].
- negative indicators (``direction = negative``, e.g. rule violations) score 1 - min(x / target, 1) with
  ``target`` the count at which no credit is left (for ``minmax``: 1 - the positive score).

A raw value of ``None`` means "no data" (the source records do not exist on the platform yet, or a rate has
no denominator); such indicators are left out and the remaining weights in the group are rescaled, and the
coverage (share of weight that had data) is reported with the score. Scores are on 0..100.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

METHODS = ("target", "minmax", "ratio")
DIRECTIONS = ("positive", "negative")


class ScoringError(ValueError):
    pass


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    group: str
    weight: float  # local weight within the group
    method: str = "target"
    direction: str = "positive"
    target: float | None = None

    def check(self) -> None:
        if self.method not in METHODS:
            raise ScoringError(f"Indicator {self.key}: unknown method {self.method!r}.")
        if self.direction not in DIRECTIONS:
            raise ScoringError(f"Indicator {self.key}: unknown direction {self.direction!r}.")
        if self.method == "target" and (self.target is None or self.target <= 0):
            raise ScoringError(f"Indicator {self.key}: the target method needs a positive target.")
        if self.weight < 0:
            raise ScoringError(f"Indicator {self.key}: weights cannot be negative.")


@dataclass(frozen=True)
class Band:
    code: str
    minimum: float  # inclusive lower bound on the 0..100 total


@dataclass
class ScoreResult:
    total: float | None
    band: str | None
    groups: dict[str, float | None]
    normalised: dict[str, float | None]
    contributions: dict[str, float]  # points each indicator adds to the total
    coverage: float  # share of the total weight that had data
    missing: list[str] = field(default_factory=list)


def band_for(total: float | None, bands: Sequence[Band]) -> str | None:
    """The highest band whose minimum the total reaches; bands are data (e.g. shallow 0, developing 40, deep 70)."""
    if total is None:
        return None
    chosen = None
    for band in sorted(bands, key=lambda b: b.minimum):
        if total >= band.minimum:
            chosen = band.code
    return chosen


def peer_ranges(
    specs: Iterable[IndicatorSpec], rows: Iterable[Mapping[str, float | None]]
) -> dict[str, tuple[float, float]]:
    """Min and max of each ``minmax`` indicator over the peer rows (None values ignored)."""
    keys = [s.key for s in specs if s.method == "minmax"]
    ranges: dict[str, tuple[float, float]] = {}
    for row in rows:
        for key in keys:
            v = row.get(key)
            if v is None:
                continue
            lo, hi = ranges.get(key, (v, v))
            ranges[key] = (min(lo, v), max(hi, v))
    return ranges


def normalise(spec: IndicatorSpec, value: float | None, peer_range: tuple[float, float] | None = None) -> float | None:
    if value is None:
        return None
    if spec.method == "ratio":
        positive = min(max(float(value), 0.0), 1.0)
    elif spec.method == "target":
        positive = min(max(float(value), 0.0) / float(spec.target), 1.0)
        if spec.direction == "negative":
            return 1.0 - positive
        return positive
    else:  # minmax
        lo, hi = peer_range if peer_range else (value, value)
        if hi > lo:
            positive = (float(value) - lo) / (hi - lo)
        else:
            positive = 1.0 if value > 0 else 0.0
    return 1.0 - positive if spec.direction == "negative" else positive


def score(
    specs: Sequence[IndicatorSpec],
    group_weights: Mapping[str, float],
    values: Mapping[str, float | None],
    bands: Sequence[Band],
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> ScoreResult:
    """Score one subject. ``values`` maps indicator key to its raw value (None = no data)."""
    ranges = ranges or {}
    for s in specs:
        s.check()
    normalised = {s.key: normalise(s, values.get(s.key), ranges.get(s.key)) for s in specs}
    groups: dict[str, float | None] = {}
    group_cover: dict[str, float] = {}
    local_shares: dict[str, float] = {}
    for group in group_weights:
        members = [s for s in specs if s.group == group]
        total_w = sum(s.weight for s in members)
        avail = [s for s in members if normalised[s.key] is not None]
        avail_w = sum(s.weight for s in avail)
        if not members or total_w <= 0 or avail_w <= 0:
            groups[group] = None
            group_cover[group] = 0.0
            continue
        groups[group] = 100.0 * sum(s.weight * normalised[s.key] for s in avail) / avail_w
        group_cover[group] = avail_w / total_w
        for s in avail:
            local_shares[s.key] = s.weight / avail_w
    gw_total = sum(w for w in group_weights.values())
    avail_groups = {g: w for g, w in group_weights.items() if groups.get(g) is not None and w > 0}
    avail_gw = sum(avail_groups.values())
    if avail_gw <= 0 or gw_total <= 0:
        return ScoreResult(None, None, groups, normalised, {}, 0.0, [s.key for s in specs if normalised[s.key] is None])
    total = sum(w * groups[g] for g, w in avail_groups.items()) / avail_gw
    contributions = {}
    for s in specs:
        if s.key in local_shares:
            contributions[s.key] = 100.0 * normalised[s.key] * local_shares[s.key] * group_weights[s.group] / avail_gw
    coverage = sum(group_weights[g] * group_cover[g] for g in group_weights) / gw_total
    return ScoreResult(
        total=total,
        band=band_for(total, bands),
        groups=groups,
        normalised=normalised,
        contributions=contributions,
        coverage=coverage,
        missing=[s.key for s in specs if normalised[s.key] is None],
    )


def mean_of(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None
