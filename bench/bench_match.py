"""Benchmark of the placement matcher (issue 5).

Default run: the issue's scale for deferred acceptance, 200,000 students x 10,000 positions x 20 choices
each, positions ranking all their applicants, 2,500 enterprises of which half have a binding intern cap;
then the "maximise placed students" (min-cost flow) variant at a smaller scale.

    .venv/bin/python bench/bench_match.py                # full DA scale + maxflow at 10,000 x 500 x 10
    .venv/bin/python bench/bench_match.py --students 20000 --positions 1000   # quicker
    .venv/bin/python bench/bench_match.py --maxflow-students 20000 --maxflow-positions 1000

Wall time and the process's CPU time are both printed (the CPU time is the honest figure when other jobs
share the machine), as the minimum and the median of --repeat runs, with the load average before each run;
the CPU time is also split into validation/compilation and the deferred-acceptance rounds. The time is
measured from the JSON-shaped instance (Python lists and dicts, as the CLI and the app hand it over) to the
finished assignment and statistics, on one core, i.e. it includes validation and compilation. The command is
run --command-repeat times; its "engine" figures are the matching call inside the command, wall and CPU.
Explanations for every student are built lazily; their cost is printed separately. Memory: the process's
peak resident set (ru_maxrss, which also contains the instance itself and the interpreter) and the
tracemalloc peak of the matching call alone.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from workbridge.placements.engines.matching import compile_instance, deferred_acceptance, max_placement, small_pages


def make_instance(n: int, m: int, choices: int, n_ent: int, seed: int = 7) -> dict:
    """A province-like random instance: popular positions, correlated position rankings, shared caps."""
    rng = np.random.default_rng(seed)
    choices = min(choices, m)
    weight = 1.0 / np.arange(1, m + 1) ** 0.6
    weight = weight[rng.permutation(m)]
    weight /= weight.sum()
    prefs = rng.choice(m, size=(n, choices), p=weight)
    # Remove repeated positions in a row by redrawing them uniformly until every row is distinct.
    while True:
        srt = np.sort(prefs, axis=1)
        dup_rows = np.flatnonzero((srt[:, 1:] == srt[:, :-1]).any(axis=1))
        if dup_rows.size == 0:
            break
        for r in dup_rows.tolist():
            row = list(dict.fromkeys(prefs[r].tolist()))
            while len(row) < choices:
                cand = int(rng.integers(m))
                if cand not in row:
                    row.append(cand)
            prefs[r] = row
    score = rng.normal(size=n)
    stud = np.repeat(np.arange(n), choices)
    pos = prefs.ravel()
    noisy = score[stud] + rng.normal(scale=0.5, size=stud.size)
    order = np.lexsort((-noisy, pos))
    pos_sorted = pos[order]
    stud_sorted = stud[order]
    bounds = np.searchsorted(pos_sorted, np.arange(m + 1))
    capacity = rng.integers(max(1, (n // m) // 4), max(2, (n // m) * 7 // 4) + 1, size=m)
    ent_of_pos = rng.integers(n_ent, size=m)
    places = np.bincount(ent_of_pos, weights=capacity, minlength=n_ent)
    ent_cap = [int(p * 0.8) if i % 2 == 0 else None for i, p in enumerate(places.tolist())]
    stud_lists = stud_sorted.tolist()
    b = bounds.tolist()
    return {
        "students": [{"id": s, "prefs": row} for s, row in enumerate(prefs.tolist())],
        "positions": [
            {
                "id": p,
                "capacity": int(capacity[p]),
                "enterprise": int(ent_of_pos[p]),
                "prefs": stud_lists[b[p] : b[p + 1]],
            }
            for p in range(m)
        ],
        "enterprises": [{"id": e, "capacity": ent_cap[e]} for e in range(n_ent)],
    }


def _load() -> str:
    """The 1-minute load average, printed with every figure (the machine is shared)."""
    path = Path("/proc/loadavg")
    return path.read_text().split()[0] if path.exists() else "?"


def _min_median(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[0], ordered[len(ordered) // 2]


def bench_da(args) -> None:
    print(f"# building instance {args.students} x {args.positions} x {args.choices} ...", flush=True)
    inst = make_instance(args.students, args.positions, args.choices, args.enterprises)
    gc.collect()
    gc.disable()
    walls, cpus, compiles, das, loads = [], [], [], [], []
    for _ in range(args.repeat):
        loads.append(_load())
        t0, c0 = time.perf_counter(), time.process_time()
        result = deferred_acceptance(inst, seed=args.seed)
        stats = result.stats
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        # The same run in its two halves: validation and compilation, then the deferred-acceptance rounds.
        c0 = time.process_time()
        with small_pages():
            compiled = compile_instance(inst, seed=args.seed)
        c1 = time.process_time()
        deferred_acceptance(compiled)
        compiles.append(c1 - c0)
        das.append(time.process_time() - c1)
        del compiled
    gc.enable()
    t0 = time.perf_counter()
    result.explanations  # noqa: B018
    dt_explain = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    deferred_acceptance(inst, seed=args.seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    label = "match_200k" if args.students == 200_000 else f"match_{args.students // 1000}k"
    print(
        f"# placed {stats['placed']} of {stats['students']} ({stats['placement_rate']:.1%}), rounds {stats['rounds']}, "
        f"proposals {stats['proposals']}, first choice {stats['first_choice']}, "
        f"enterprises at cap {stats.get('enterprises_at_cap')}"
    )
    print(f"# {args.repeat} run(s), load average (1 min) before each: {' '.join(loads)}; figures are min (median)")
    for name, values in (("seconds", walls), ("cpu_seconds", cpus), ("compile_cpu_seconds", compiles)):
        low, mid = _min_median(values)
        print(f"BENCH {label}_{name} {low:.3f} s (median {mid:.3f})")
    low, mid = _min_median(das)
    print(f"BENCH {label}_da_cpu_seconds {low:.3f} s (median {mid:.3f})")
    print(f"BENCH {label}_peak_mb {rss_mb:.0f} MB")
    print(f"BENCH {label}_tracemalloc_peak_mb {peak / 2**20:.0f} MB")
    print(f"BENCH {label}_explanations_seconds {dt_explain:.3f} s")
    del inst, result


def bench_flow(args) -> None:
    n, m = args.maxflow_students, args.maxflow_positions
    inst = make_instance(n, m, args.maxflow_choices, max(1, m // 4), seed=11)
    t0, c0 = time.perf_counter(), time.process_time()
    result = max_placement(inst, seed=args.seed)
    stats = result.stats
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    da = deferred_acceptance(inst, seed=args.seed).stats
    label = f"maxflow_{n // 1000}k"
    print(
        f"# maxflow {n} x {m} x {args.maxflow_choices}: placed {stats['placed']} (DA placed {da['placed']}), "
        f"mean choice {stats['mean_choice']} (DA {da['mean_choice']}), phases {stats['flow_phases']}"
    )
    print(f"BENCH {label}_seconds {dt:.3f} s")
    print(f"BENCH {label}_cpu_seconds {dc:.3f} s")


def bench_command(args) -> None:
    """The operator's path end to end: `manage.py match_round IN.json OUT.json` in its own process."""
    import json
    import subprocess
    import tempfile

    inst = make_instance(args.students, args.positions, args.choices, args.enterprises)
    root = Path(__file__).resolve().parent.parent
    walls, engines, engine_cpus, peaks, loads = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "instance.json", Path(tmp) / "result.json"
        src.write_text(json.dumps(inst, separators=(",", ":")), encoding="utf-8")
        del inst
        gc.collect()
        for _ in range(args.command_repeat):
            loads.append(_load())
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, str(root / "manage.py"), "match_round", str(src), str(out), "--seed", str(args.seed)],
                check=True,
                cwd=root,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
                },
            )
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            stats = json.loads(out.read_text(encoding="utf-8"))["stats"]
            engines.append(stats["seconds"])
            engine_cpus.append(stats.get("cpu_seconds", float("nan")))
            peaks.append(after.ru_maxrss / 1024)
            size_mb = out.stat().st_size / 2**20
            print(
                f"# run: {walls[-1]:.2f} s, engine {engines[-1]:.3f} s (CPU {engine_cpus[-1]:.3f} s), child CPU "
                f"{after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime:.1f} s, load {loads[-1]}",
                flush=True,
            )
    label = "match_command_200k" if args.students == 200_000 else f"match_command_{args.students // 1000}k"
    print(f"# output {size_mb:.0f} MB; {args.command_repeat} run(s); figures are min (median)")
    for name, values in (("seconds", walls), ("engine_seconds", engines), ("engine_cpu_seconds", engine_cpus)):
        low, mid = _min_median(values)
        print(f"BENCH {label}_{name} {low:.3f} s (median {mid:.3f})")
    print(f"BENCH {label}_peak_mb {max(peaks):.0f} MB")


def main() -> None:
    if Path("/proc/loadavg").exists():
        print(f"# load average at start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}", flush=True)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=200_000)
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--choices", type=int, default=20)
    parser.add_argument("--enterprises", type=int, default=2_500)
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs (min and median reported)")
    parser.add_argument("--command-repeat", type=int, default=3, help="manage.py match_round runs")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--maxflow-students", type=int, default=10_000)
    parser.add_argument("--maxflow-positions", type=int, default=500)
    parser.add_argument("--maxflow-choices", type=int, default=10)
    parser.add_argument("--skip-maxflow", action="store_true")
    parser.add_argument("--skip-command", action="store_true", help="skip the manage.py match_round run")
    args = parser.parse_args()
    bench_da(args)
    if not args.skip_command:
        bench_command(args)
    if not args.skip_maxflow:
        bench_flow(args)


if __name__ == "__main__":
    main()
