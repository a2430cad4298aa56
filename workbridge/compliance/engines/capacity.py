"""How many more interns a host (or one kind of post) may take under a share-of-staff limit.

The rule set states the limit as a violation, ``interns > staff * share`` (cn-2021.yaml, CN-2016-9-enterprise-share
and CN-2016-9-post-share); matching and the mentor of a round need it the other way round, as places still free.
Both readings live here so they cannot drift apart. Pure: no Django."""

from __future__ import annotations

import math

_EPSILON = 1e-9  # 30 staff * 0.1 is 3.0000000000000004 in binary floating point; the limit is 3


def intern_limit(*, staff_count: int | None, share: float) -> int | None:
    """The most interns allowed at once: the whole part of staff * share. None when the staff count is unknown
    (the rule then cannot be checked, and matching leaves the host unlimited)."""
    if not staff_count:
        return None
    return int(math.floor(staff_count * share + _EPSILON))


def intern_capacity(*, staff_count: int | None, share: float, placed: int) -> int | None:
    """Interns the host may still take: the limit minus those already placed, never below zero."""
    limit = intern_limit(staff_count=staff_count, share=share)
    return None if limit is None else max(limit - placed, 0)


def over_limit(*, interns: int, staff_count: int | None, share: float) -> bool:
    """The rule's violation test, read through the same limit."""
    limit = intern_limit(staff_count=staff_count, share=share)
    return limit is not None and interns > limit
