"""Talent-demand engine throughput on the shared real postings (one process = one core).

    .venv/bin/python bench/bench_extraction.py [--repeat N] [--dedupe-scale N]

Prints:
    BENCH extract_postings_per_second_per_core <v> postings/s   (target >= 5,000)
    BENCH occupation_titles_per_second <v> titles/s             (target >= 5,000)
    BENCH dedupe_postings_per_second <v> postings/s            (--dedupe-scale 1000000 for the 1M run)

Rates use the process's CPU time (time.process_time), so they are per core even when other jobs share the
machine. Texts come from ../shared/data/postings/ (the JD files, one posting per line, plus the 51job list rows as
title + tags), or from $WB_SHARED_POSTINGS (a worktree elsewhere). Without ../shared (a user's clone) it says so and
falls back to the development set shipped in
workbridge/labour_market/tests/fixtures/devset/.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbridge.labour_market.engines.dedupe import NearDuplicateIndex  # noqa: E402
from workbridge.labour_market.engines.extract import default_extractor  # noqa: E402
from workbridge.labour_market.engines.occupation import default_coder  # noqa: E402

SHARED = Path(os.environ.get("WB_SHARED_POSTINGS", ROOT.parent / "shared" / "data" / "postings"))
DEVSET = ROOT / "workbridge" / "labour_market" / "tests" / "fixtures" / "devset"


def load_texts() -> tuple[list[str], list[str], str]:
    if SHARED.is_dir():
        texts: list[str] = []
        for name in ("jd-algorithm.txt", "jd-program.txt", "jd-software.txt"):
            with (SHARED / name).open(encoding="utf-8", errors="replace") as fh:
                texts += [line.strip() for line in fh if line.strip()]
        titles: list[str] = []
        with (SHARED / "51job-2023-2024.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                titles.append(row["jobName"])
                texts.append(f"{row['jobName']}；{row['tags']}")
        return texts, titles, f"shared postings ({SHARED})"
    print(f"SKIP shared postings not found at {SHARED}: using the development set in the repository")
    texts, titles = [], []
    for split in ("dev", "test"):
        for line in (DEVSET / f"skills_{split}.jsonl").read_text(encoding="utf-8").splitlines():
            post = json.loads(line)
            texts.append(post["text"])
            if post.get("title"):
                titles.append(post["title"])
    return texts, titles or ["Python开发工程师"], "repository development set"


def bench_extract(texts: list[str], repeat: int) -> float:
    ex = default_extractor()
    for t in texts[:200]:  # warm caches
        ex.extract(t)
    n = 0
    start = time.process_time()
    for _ in range(repeat):
        for t in texts:
            ex.extract(t)
            n += 1
    return n / (time.process_time() - start)


def bench_occupation(titles: list[str]) -> float:
    coder = default_coder()
    start = time.process_time()
    for t in titles:
        coder.code(t)  # uncached: every title is coded from scratch
    return len(titles) / (time.process_time() - start)


def bench_dedupe(texts: list[str], scale: int) -> tuple[float, int]:
    rng = random.Random(7)
    idx = NearDuplicateIndex()
    dups = 0
    start = time.process_time()
    for i in range(scale):
        base = texts[i % len(texts)]
        if i >= len(texts):
            # beyond the real corpus: a new posting mixing clauses of three real ones (mostly not a near-duplicate
            # of anything, so the index grows), and every 10th one a repost of an earlier real posting
            if i % 10 == 0:
                base = "【急聘】" + base
            else:
                parts = [p for t in rng.sample(texts, 3) for p in t.split("；") if p]
                rng.shuffle(parts)
                base = "；".join(parts[: max(3, len(parts) // 2)])
        if idx.add(i, base) is not None:
            dups += 1
    return scale / (time.process_time() - start), dups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the texts for the extraction timing")
    ap.add_argument("--dedupe-scale", type=int, default=20000, help="postings pushed through the dedupe index")
    args = ap.parse_args()
    texts, titles, origin = load_texts()
    print(f"# {len(texts)} posting texts, {len(titles)} titles from {origin}")
    rate = bench_extract(texts, args.repeat)
    long_texts = [t for t in texts if len(t) >= 150]
    print(f"# full job-description texts only ({len(long_texts)}): {bench_extract(long_texts, 1):.0f} postings/s")
    print(f"BENCH extract_postings_per_second_per_core {rate:.0f} postings/s")
    print(f"BENCH occupation_titles_per_second {bench_occupation(titles):.0f} titles/s")
    drate, dups = bench_dedupe(texts, args.dedupe_scale)
    print(
        f"# dedupe: {args.dedupe_scale} postings, {dups} flagged as near-duplicates (real reposts plus the 1 in 10"
        " synthetic reposts beyond the corpus)"
    )
    print(f"BENCH dedupe_postings_per_second {drate:.0f} postings/s")


if __name__ == "__main__":
    main()
