"""The check-in load bench merges its alternating rounds (bench/bench_checkin_load.py): counts add up and the
latency percentiles are those of every answer of every round together."""

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import bench_checkin_load as load


def _round(latencies_us, seconds, created, acked):
    return {
        "requests": len(latencies_us),
        "n2xx": len(latencies_us),
        "n201": created,
        "seconds": seconds,
        "p99_us": max(latencies_us),
        "latency_us": dict(Counter(latencies_us)),
        "acked": set(acked),
        "cpu": {"web": seconds / 2},
    }


def test_rounds_merge_into_one_measurement():
    fast = [1_000] * 95 + [2_000] * 5
    slow = [10_000] * 90 + [50_000] * 10
    both = load.merged([_round(fast, 10.0, 90, [(1, "a")]), _round(slow, 10.0, 80, [(2, "b")])])
    assert both["n2xx"] == 200 and both["n201"] == 170 and both["seconds"] == 20.0
    assert both["acked"] == {(1, "a"), (2, "b")} and both["cpu"] == {"web": 10.0}
    everything = sorted(fast + slow)
    assert both["p50_us"] == everything[99]  # the 100th of 200 answers
    assert both["p99_us"] == everything[197] == 50_000  # not the fast round's p99, nor an average of the two
    assert load.merged([_round([3_000], 1.0, 1, [])])["p99_us"] == 3_000
