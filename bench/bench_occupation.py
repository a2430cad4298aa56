"""Occupation coder throughput (one process = one core), on job titles alone.

    .venv/bin/python bench/bench_occupation.py [--repeat N]

Prints ``BENCH occupation_code_titles_per_second_per_core <v> titles/s`` (target >= 5,000) and the load average.
Titles: the labelled occupation fixtures (real non-IT job-board titles, constructed titles, 51job IT titles) and,
when ../shared/data/postings/51job-2023-2024.csv is there, its ``jobName`` column. Every title is coded from scratch
(no cache), timed with the process's CPU time so the figure is per core on a shared machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbridge.labour_market.engines.occupation import OccupationCoder  # noqa: E402

FIXTURES = ROOT / "workbridge" / "labour_market" / "tests" / "fixtures"
SHARED = Path(os.environ.get("WB_SHARED_POSTINGS", ROOT.parent.parent / "shared" / "data" / "postings"))


def load_titles() -> list[str]:
    titles = []
    for path in sorted(FIXTURES.glob("occupation_titles_*.csv")):
        with path.open(encoding="utf-8") as fh:
            titles += [r["title"] for r in csv.DictReader(fh)]
    job51 = SHARED / "51job-2023-2024.csv"
    if job51.exists():
        with job51.open(encoding="utf-8", errors="replace") as fh:
            titles += [r.get("jobName") or "" for r in csv.DictReader(fh)]
    return [t for t in titles if t]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    titles = load_titles()
    coder = OccupationCoder()
    for _ in range(args.repeat):
        start = time.process_time()
        for t in titles:
            coder.code(t)
        rate = len(titles) / (time.process_time() - start)
        load = os.getloadavg()[0]
        print(
            f"BENCH occupation_code_titles_per_second_per_core {rate:.0f} titles/s "
            f"({len(titles)} titles, load {load:.2f})"
        )


if __name__ == "__main__":
    main()
