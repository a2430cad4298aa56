"""Loads the faculty rule data (practice rule, recognition criteria) from faculty/data/."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .engines.practice import PracticeRule
from .engines.recognition import validate_criteria

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def practice_rule_data() -> dict:
    return json.loads((DATA / "practice_rule.json").read_text(encoding="utf-8"))


def practice_rule() -> PracticeRule:
    return PracticeRule.from_dict(practice_rule_data())


@lru_cache(maxsize=1)
def recognition_criteria() -> dict:
    return validate_criteria(json.loads((DATA / "recognition_criteria.json").read_text(encoding="utf-8")))
