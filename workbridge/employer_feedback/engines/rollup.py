"""Employer feedback roll-up (pure, no Django).

Definitions (issue 13.2, "Employer feedback into teaching"):
- a figure over a set of 1-5 ratings: the count, the mean and the share satisfied (ratings >= ``satisfied_at``);
  mean and share are withheld (None) while the count is below ``min_responses`` so one answer cannot identify a
  student or swing the figure;
- per major and capability: the ratings employers gave that capability to the major's students and graduates;
- per course: every rating of a capability the course teaches (the post -> capability -> course matrix), so a
  course taught into several capabilities pools them;
- a capability needs review when it has at least ``review_min_responses`` ratings and its mean is below
  ``mean_below``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)

SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Figure:
    count: int
    mean: float | None  # None: too few answers to show
    share_satisfied: float | None

    @property
    def shown(self) -> bool:
        return self.mean is not None


def figure(ratings: Iterable[int], *, min_responses: int, satisfied_at: int = 4) -> Figure:
    """Count, mean and share satisfied of 1-5 ratings; withheld below ``min_responses`` answers."""
    values = [int(r) for r in ratings]
    for v in values:
        if v not in SCALE:
            raise ValueError(f"A rating is 1 to 5, not {v}.")
    n = len(values)
    if n == 0 or n < max(1, min_responses):
        return Figure(n, None, None)
    return Figure(n, sum(values) / n, sum(1 for v in values if v >= satisfied_at) / n)


def by_key(ratings: Iterable[tuple[K, int]], *, min_responses: int, satisfied_at: int = 4) -> dict[K, Figure]:
    """(key, rating) pairs -> a Figure per key."""
    grouped: dict[K, list[int]] = defaultdict(list)
    for key, value in ratings:
        grouped[key].append(value)
    return {k: figure(v, min_responses=min_responses, satisfied_at=satisfied_at) for k, v in grouped.items()}


def by_course(
    ratings: Iterable[tuple[Any, Any, int]],
    courses_of: Mapping[Any, Iterable[str]],
    *,
    min_responses: int,
    satisfied_at: int = 4,
) -> dict[str, Figure]:
    """(major, capability, rating) triples -> a Figure per course, through the matrix ``courses_of[(major,
    capability)]`` (the courses teaching that capability to that major)."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for major, capability, value in ratings:
        for course in courses_of.get((major, capability), ()):
            grouped[course].append(value)
    return {c: figure(v, min_responses=min_responses, satisfied_at=satisfied_at) for c, v in grouped.items()}


def below_threshold(figures: Mapping[K, Figure], *, mean_below: float, min_responses: int) -> list[K]:
    """The keys whose figure has enough answers and a mean below the threshold, lowest mean first."""
    out = [
        (f.mean, k)
        for k, f in figures.items()
        if f.mean is not None and f.count >= min_responses and f.mean < mean_below
    ]
    return [k for _mean, k in sorted(out, key=lambda pair: (pair[0], str(pair[1])))]
