"""The area resolver (labour_market/engines/area.py) against area strings it was not written from.

    .venv/bin/python bench/bench_areas.py

Prints:
    BENCH areas_generated_test_right <share>       held-out half of WorkBridge's own generated set (target >= 0.97)
    BENCH areas_generated_test_wrong <share>       (target <= 0.01)
    BENCH areas_generated_test_unresolved <share>
    BENCH areas_fresh_{right,wrong,unresolved}      the same shapes drawn with another seed (all 2,849 divisions)
    BENCH areas_old_names_{right,wrong,unresolved}  every former name of data/gbt2260_old_names.csv in three shapes
    BENCH areas_51job_labelled_{right,...}         200 real strings of the 51job file, labelled by hand
    BENCH areas_51job_resolved <share>             the `area` column of the shared 51job file (real strings, no
                                                    labels: the share that resolves to a province at least)
    BENCH areas_per_second <v> strings/s           (CPU time, one core)

The generated set (engines/area_eval.py) is built with a fixed seed from the GB/T 2260 code list in the shapes job
boards print; its development half was looked at while writing the rules, the test half is only scored. The 51job
file is real data from ../shared (absent in a user's clone: that line is then skipped)."""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbridge.labour_market.engines import area_eval  # noqa: E402
from workbridge.labour_market.engines.area import parse_area  # noqa: E402

# ../shared beside the clone (the lead's checkout) or two levels up (a helper's work tree under wt/)
SHARED = next(
    (
        base / "shared" / "data" / "postings" / "51job-2023-2024.csv"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "data" / "postings" / "51job-2023-2024.csv").exists()
    ),
    ROOT.parent / "shared" / "data" / "postings" / "51job-2023-2024.csv",
)
LABELLED = ROOT / "workbridge" / "labour_market" / "tests" / "fixtures" / "areas_51job_labelled.csv"


def main() -> None:
    dev, test = area_eval.split(area_eval.cases())
    for name, part in (("dev", dev), ("test", test)):
        figures = area_eval.score(part)
        print(f"# generated {name}: {figures['n']} strings")
        if name == "test":
            for key in ("right", "wrong", "unresolved"):
                print(f"BENCH areas_generated_test_{key} {figures[key]:.4f} share")
    for name, part in (
        ("fresh", area_eval.cases(seed=7)),  # a second draw of shapes, separators and noise, never looked at
        ("old_names", area_eval.old_name_cases()),
        ("51job_labelled", area_eval.labelled(LABELLED)),
    ):
        figures = area_eval.score(part)
        print(f"# {name}: {figures['n']} strings")
        for key in ("right", "wrong", "unresolved"):
            print(f"BENCH areas_{name}_{key} {figures[key]:.4f} share")
    if SHARED.exists():
        with open(SHARED, encoding="utf-8") as fh:
            areas = [row["area"] for row in csv.DictReader(fh) if row.get("area")]
        resolved = sum(1 for a in areas if parse_area(a).ok)
        print(f"# 51job area column: {len(areas)} strings")
        print(f"BENCH areas_51job_resolved {resolved / len(areas):.4f} share")
        unresolved = sorted({a for a in areas if not parse_area(a).ok})
        print(f"# unresolved 51job strings ({len(unresolved)} distinct): {', '.join(unresolved[:20])}")
    else:
        print("# ../shared not found: the 51job figure is skipped")
    texts = [c.text for c in dev + test] * 5
    parse_area.cache_clear() if hasattr(parse_area, "cache_clear") else None
    start = time.process_time()
    for text in texts:
        parse_area(text)
    seconds = time.process_time() - start
    print(f"BENCH areas_per_second {len(texts) / seconds:.0f} strings/s")


if __name__ == "__main__":
    main()
