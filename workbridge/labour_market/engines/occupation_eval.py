"""Measures the occupation coder (``engines/occupation.py``) on a labelled title set. Pure: no Django.

A set is a CSV with ``title, gold_codes`` (``|``-separated acceptable codes, ``NONE`` for a title that names no
occupation) and optionally ``source``. Figures:

- ``exact``: share of titles whose code is one of the gold codes (a title whose gold is ``NONE`` counts as right
  only when no code is given);
- ``two_level``: share whose code agrees with a gold code on the first two levels (``2-02``-xx-xx: major group and
  middle group), the level most demand tables are read at;
- ``coverage``: share given any code;
- ``reliability``: per confidence bin, titles, mean confidence and observed exact accuracy (a coded title scores 1
  when exact, an uncoded one is not in the table), and ``ece``, the expected calibration error over the bins
  (sum over bins of n_bin / n_coded x |mean confidence - accuracy|).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

BINS: tuple[float, ...] = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0001)


def load_set(path: str | Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def two_level(code: str | None) -> str:
    return (code or "")[:4]


@dataclass
class Evaluation:
    n: int
    exact: float
    two_level: float
    coverage: float
    ece: float
    reliability: list[tuple[str, int, float, float]] = field(default_factory=list)
    misses: list[tuple[str, str, str, float, str]] = field(default_factory=list)

    def table(self) -> str:
        lines = ["| confidence | titles | mean confidence | observed accuracy |", "| --- | --- | --- | --- |"]
        for label, n, conf, acc in self.reliability:
            lines.append(f"| {label} | {n} | {conf:.2f} | {acc:.2f} |")
        return "\n".join(lines)


def evaluate(coder, rows: list[dict]) -> Evaluation:
    exact = two = covered = 0
    binned: list[list[tuple[float, int]]] = [[] for _ in BINS[:-1]]
    misses = []
    for row in rows:
        gold = [g.strip() for g in row["gold_codes"].split("|") if g.strip()]
        r = coder.code(row["title"])
        code = r.code or "NONE"
        ok = code in gold
        exact += ok
        two += ok or (r.code is not None and two_level(r.code) in {two_level(g) for g in gold if g != "NONE"})
        if r.code is not None:
            covered += 1
            for i in range(len(BINS) - 1):
                if BINS[i] <= r.confidence < BINS[i + 1]:
                    binned[i].append((r.confidence, int(ok)))
                    break
        if not ok:
            misses.append((row["title"], row["gold_codes"], code, r.confidence, r.method))
    n = len(rows) or 1
    reliability = []
    ece = 0.0
    for i, items in enumerate(binned):
        if not items:
            continue
        conf = sum(c for c, _ in items) / len(items)
        acc = sum(o for _, o in items) / len(items)
        reliability.append((f"{BINS[i]:.1f}-{min(BINS[i + 1], 1.0):.1f}", len(items), conf, acc))
        ece += len(items) / max(covered, 1) * abs(conf - acc)
    return Evaluation(len(rows), exact / n, two / n, covered / n, ece, reliability, misses)
