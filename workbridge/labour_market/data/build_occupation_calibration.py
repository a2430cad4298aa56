"""Writes ``occupation_calibration.json``: the confidence the occupation coder (``engines/occupation.py``) gives
each way it finds a code, measured on the development titles only.

For each method (``exact``, ``head``, ``rule``, ``suffix``, ``head_in``, ``infix``, ``group``, ``vague``) it codes the
development titles (``tests/fixtures/occupation_titles_diverse_dev.csv``, the real non-IT development split
``tests/fixtures/occupation_titles_real_dev.csv`` and the IT refinement set
``tests/fixtures/occupation_titles_gold.csv``) with the default confidences and stores the share of titles that
method coded right. Rules and head words were refined on those same titles, so that share is optimistic; it is
scaled by the optimism ratio r = (share right on a calibration split) / (share right on the development titles),
both over coded titles, where the calibration split is the older IT title set
``tests/fixtures/occupation_titles_heldout.csv`` (60 real 51job titles no rule or head word of this coder was
written from; only this one ratio is taken from it). Confidence = (right x r + 1) / (titles + 2), smoothed so a
method seen on few titles is not over-trusted. The held-out fixtures (``occupation_titles_diverse_heldout.csv``,
``occupation_titles_real_heldout.csv``) are never read here. Run from the repository root after changing the rules
or the head words: ``python workbridge/labour_market/data/build_occupation_calibration.py``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from workbridge.labour_market.engines.occupation import (  # noqa: E402
    CALIBRATION_PATH,
    DEFAULT_CONFIDENCE,
    OccupationCoder,
)
from workbridge.labour_market.engines.occupation_eval import load_set  # noqa: E402

FIXTURES = ROOT / "workbridge" / "labour_market" / "tests" / "fixtures"
DEV_SETS = ("occupation_titles_diverse_dev.csv", "occupation_titles_gold.csv", "occupation_titles_real_dev.csv")
CALIBRATION_SET = "occupation_titles_heldout.csv"


def _count(coder: OccupationCoder, names) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in names:
        for row in load_set(FIXTURES / name):
            r = coder.code(row["title"])
            if r.code is None:
                continue
            counts[r.method][0] += int(r.code in row["gold_codes"].split("|"))
            counts[r.method][1] += 1
    return counts


def _share(counts: dict[str, list[int]]) -> float:
    right = sum(k for k, _n in counts.values())
    titles = sum(n for _k, n in counts.values())
    return right / titles if titles else 1.0


def measure() -> tuple[float, dict[str, dict[str, float]]]:
    coder = OccupationCoder(calibration=dict(DEFAULT_CONFIDENCE))
    counts = _count(coder, DEV_SETS)
    ratio = min(1.0, _share(_count(coder, [CALIBRATION_SET])) / _share(counts))
    return round(ratio, 3), {
        m: {"right": k, "titles": n, "confidence": round((k * ratio + 1) / (n + 2), 3)}
        for m, (k, n) in sorted(counts.items())
    }


def main() -> None:
    ratio, methods = measure()
    data = {
        "about": "confidence per coding method = (right x r + 1) / (titles + 2) on the development titles "
        f"({', '.join(DEV_SETS)}), r = optimism ratio from {CALIBRATION_SET}; "
        "written by build_occupation_calibration.py",
        "optimism_ratio": ratio,
        "methods": methods,
        "confidence": {m: v["confidence"] for m, v in methods.items()},
    }
    CALIBRATION_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"optimism ratio {ratio}")
    for m, v in methods.items():
        print(f"{m:8} {v['right']:4}/{v['titles']:<4} -> {v['confidence']}")


if __name__ == "__main__":
    main()
