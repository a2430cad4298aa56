"""Reading the evaluation data files (index systems, integration criteria, incentive rule, ledger lines)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .engines.ledger import LineSpec
from .engines.readiness import Criterion, check_criteria

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_INDEX_FILE = DATA_DIR / "depth_index_v1.toml"


def read_toml(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=4)
def criteria_sets() -> dict[str, dict]:
    raw = read_toml(DATA_DIR / "integration_criteria.toml")
    out = {}
    for s in raw["sets"]:
        criteria = [
            Criterion(
                key=c["key"],
                tier=c["tier"],
                check=c["check"],
                label=c["label"],
                label_zh=c.get("label_zh", ""),
                params=c.get("params", {}),
                source=c.get("source", ""),
                source_zh=c.get("source_zh", ""),
            )
            for c in s["criteria"]
        ]
        check_criteria(criteria)
        out[s["code"]] = {**{k: v for k, v in s.items() if k != "criteria"}, "criteria": criteria}
    return out


DEFAULT_CRITERIA_SET = "jiangsu-2021"


@lru_cache(maxsize=1)
def incentive_rule() -> dict:
    raw = read_toml(DATA_DIR / "incentive.toml")
    return {**raw, "rate": Decimal(raw["rate"])}


@lru_cache(maxsize=1)
def ledger_spec() -> dict:
    raw = read_toml(DATA_DIR / "ledger.toml")
    lines = [LineSpec(key=line["key"], side=line["side"], reference=float(line["reference"])) for line in raw["lines"]]
    return {
        "one_sided_share": float(raw["one_sided_share"]),
        "lines": lines,
        "meta": {line["key"]: line for line in raw["lines"]},
    }


def index_descriptions(data_file: str | None = None) -> dict:
    """What the index and each indicator count, written for people (zh and en), from the index system's file:
    {"about": {"zh": ..., "en": ...}, "indicators": {key: {"zh": ..., "en": ...}}}."""
    path = DATA_DIR / data_file if data_file else DEFAULT_INDEX_FILE
    if not path.is_file():
        return {"about": {}, "indicators": {}}
    raw = read_toml(path)
    return {
        "about": {"zh": raw.get("about_zh", ""), "en": raw.get("about_en", "")},
        "indicators": {
            i["key"]: {"zh": i.get("counts_zh", ""), "en": i.get("counts_en", "")} for i in raw.get("indicators", [])
        },
    }
