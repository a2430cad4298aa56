"""Extraction quality on the hand-labelled postings (docs/annotation-guide.md). Thresholds are the ones the
README states; the figures printed are the measured ones."""

from pathlib import Path

import pytest

from workbridge.labour_market.engines.extract import default_extractor
from workbridge.labour_market.engines.quality import evaluate, load_gold

DEVSET = Path(__file__).resolve().parent.parent / "fixtures" / "devset"

# split -> (min strict F1, min relaxed F1, min postings)
THRESHOLDS = {"dev": (0.92, 0.93, 200), "test": (0.90, 0.91, 120)}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_span_quality(split):
    gold = load_gold(DEVSET / f"skills_{split}.jsonl")
    min_strict, min_relaxed, min_postings = THRESHOLDS[split]
    assert len(gold) >= min_postings
    report = evaluate(default_extractor().extract, gold)
    print(f"\nskill extraction, {split} split\n{report.summary()}")
    assert report.strict.f1 >= min_strict, report.summary()
    assert report.relaxed.f1 >= min_relaxed, report.summary()


def test_gold_spans_are_well_formed():
    seen = set()
    for split in ("dev", "test"):
        for post in load_gold(DEVSET / f"skills_{split}.jsonl"):
            assert post["id"] not in seen  # the splits do not share postings
            seen.add(post["id"])
            assert post["split"] == split and post["source"]
            last_end = -1
            for s in post["spans"]:
                assert post["text"][s["start"] : s["end"]] == s["surface"]
                assert s["start"] >= last_end  # sorted, no overlaps
                last_end = s["end"]
                assert s["type"] in {"knowledge", "skill", "tool", "language", "transversal"}
    assert len(seen) >= 300


def test_scorer_counts():
    gold = [
        {
            "id": "x",
            "text": "熟悉Python和Linux",
            "spans": [{"start": 2, "end": 8, "type": "tool"}, {"start": 9, "end": 14, "type": "tool"}],
        }
    ]

    class M:
        def __init__(self, s, e, t):
            self.start, self.end, self.type = s, e, t

    report = evaluate(lambda text: [M(2, 8, "tool"), M(9, 12, "tool"), M(0, 2, "skill")], gold)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 2, 1)
    assert (report.relaxed.tp, report.relaxed.fp, report.relaxed.fn) == (2, 1, 0)
