"""Loads the resources rule data (idle threshold) from resources/data/."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .engines.booking import IdleRule

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def idle_rule() -> IdleRule:
    return IdleRule.from_dict(json.loads((DATA / "utilisation.json").read_text(encoding="utf-8")))
