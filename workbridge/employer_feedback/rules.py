"""The rules as data: review thresholds and display minimums (data/thresholds.toml, a school may set its own review
threshold) and the generic capabilities asked when a major has no matrix (data/capabilities.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data"


@cache
def _toml(name: str) -> dict:
    with open(DATA / name, "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Thresholds:
    mean_below: float
    review_min_responses: int
    display_min_responses: int
    satisfied_at: int
    source: str
    own: bool = False  # the school set its own review threshold


def _pick(entry: dict) -> str:
    zh = (get_language() or "zh-hans").startswith("zh")
    return (entry.get("source_zh") if zh else entry.get("source_en")) or entry.get("source_zh", "")


def defaults() -> Thresholds:
    data = _toml("thresholds.toml")
    review, display = data["review"], data["display"]
    return Thresholds(
        mean_below=float(review["mean_below"]),
        review_min_responses=int(review["min_responses"]),
        display_min_responses=int(display["min_responses"]),
        satisfied_at=int(display["satisfied_at"]),
        source=_pick(review),
    )


def display_source() -> str:
    return _pick(_toml("thresholds.toml")["display"])


def thresholds_for(school_id: int | None) -> Thresholds:
    """The school's own review threshold when it set one (with its reason), else the data file's."""
    from .models import ThresholdSetting

    base = defaults()
    own = ThresholdSetting.objects.filter(school_id=school_id).first() if school_id else None
    if own is None:
        return base
    return Thresholds(
        mean_below=float(own.mean_below),
        review_min_responses=own.min_responses,
        display_min_responses=base.display_min_responses,
        satisfied_at=base.satisfied_at,
        source=own.reason,
        own=True,
    )


def generic_capabilities() -> list[dict]:
    return list(_toml("capabilities.toml")["capability"])


def generic_source() -> str:
    return _pick(_toml("capabilities.toml"))
