"""End-to-end postings benchmark: ingest (parse + normalise + near-duplicates), extract skills, code
occupations, write postings and skills, then recompute the demand tables.

    .venv/bin/python bench/bench_postings_e2e.py            # 20,000 postings (a minute or two)
    .venv/bin/python bench/bench_postings_e2e.py --n 1000000 # the issue's 1,000,000-posting run

Input is synthesised by resampling the real shared postings (../shared/data/postings when present, else the
sample shipped in workbridge/labour_market/data): titles, companies, salaries and areas from the 51job rows;
texts built from the sentences of two or three real job descriptions, shuffled, so that most synthetic
postings are not near-duplicates of each other (the ones that are get counted once, as in production).

Work is split into chunks processed by a pool of ``--workers`` processes (default 2, one per core) with the
production chunk code (``services.process_chunk``, the same function the Celery task runs). Each chunk is
serialised to JSON Lines and parsed back through the importer, so file parsing is part of the measurement.
Near-duplicates are detected within each worker's chunks and by exact fingerprint across the database (as a
Celery deployment with several workers does).

Database: a fresh PostgreSQL database ``--pg-db`` (default ``wb_bench_postings``) on ``--pg`` (default
postgres://postgres@127.0.0.1:5432), created before the run and dropped after it (``--keep-db`` keeps it).
When that server cannot be reached the run says so and falls back to a fresh SQLite file (``--sqlite`` asks
for SQLite directly; its writers take turns, so two workers gain less there). DATABASE_URL, when set, is
used as it is and never dropped.

Prints ``BENCH postings_e2e_1m_seconds <v> s`` and ``BENCH postings_e2e_1m_postings_per_second <v> postings/s``
for --n 1000000 (other sizes print the projected seconds for a million and ``postings_e2e_postings_per_second``),
and the peak resident memory of the largest worker and of the coordinating process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("WB_SHARED_POSTINGS", ROOT.parent / "shared" / "data" / "postings"))  # as bench_extraction
SHIPPED = ROOT / "workbridge" / "labour_market" / "data"


def _setup_django(db_path: str | None):
    if db_path and not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = db_path if "://" in db_path else f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def load_sources() -> tuple[list[dict], list[str]]:
    rows, texts = [], []
    csv_path = SHARED / "51job-2023-2024.csv"
    if csv_path.exists():
        with csv_path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for name in ("jd-algorithm.txt", "jd-program.txt", "jd-software.txt"):
            texts += [line.strip() for line in (SHARED / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        print(f"note: {SHARED} not found; resampling the sample shipped in {SHIPPED}", file=sys.stderr)
        for path in sorted(SHIPPED.glob("*.jsonl")) + sorted(SHIPPED.glob("**/*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    item = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(item, dict):
                    if item.get("text"):
                        texts.append(item["text"])
                    if item.get("title"):
                        rows.append(
                            {
                                "jobName": item["title"],
                                "companyName": item.get("company", ""),
                                "salary": item.get("salary", ""),
                                "area": item.get("area", ""),
                                "degree": item.get("education", ""),
                                "workYear": item.get("experience", ""),
                                "tags": item.get("tags", ""),
                                "issueDate": item.get("posted", ""),
                            }
                        )
    if not rows or not texts:
        sys.exit("no postings to resample: need ../shared/data/postings or the shipped sample")
    return rows, texts


_SPLIT = re.compile(r"(?<=[。；;！!])|(?=\d[、.．]\s*)")


def split_sentences(texts) -> list[list[str]]:
    return [[s for s in _SPLIT.split(t) if s.strip()] for t in texts]


def synthesise(rows, texts, n: int, seed: int, sentences=None) -> list[dict]:
    """The first ``n`` postings of chunk ``seed`` (the same ones whatever ``n``)."""
    rng = random.Random(seed)
    sentences = sentences if sentences is not None else split_sentences(texts)
    out = []
    for i in range(n):
        row = rng.choice(rows)
        first = sentences[rng.randrange(len(sentences))]
        parts = first + sentences[rng.randrange(len(sentences))]
        rng.shuffle(parts)
        parts = parts[: max(1, len(first))]  # about one real posting's length
        month = rng.randint(1, 24)
        out.append(
            {
                "id": f"s{seed}-{i}",
                "title": row.get("jobName", ""),
                "company": row.get("companyName", ""),
                "salary": row.get("salary", ""),
                "area": row.get("area", ""),
                "education": row.get("degree", ""),
                "experience": row.get("workYear", ""),
                "tags": row.get("tags", ""),
                "posted": f"{2023 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-15",
                "text": "".join(parts),
            }
        )
    return out


_STATE = {}


REPOST_TAIL = "薪资面议，欢迎优秀的你加入我们。"


def _worker_init(db_path, reposts=0.0):
    _setup_django(db_path)
    from django.db import connections

    connections.close_all()
    from workbridge.labour_market.engines import pipeline

    pipeline.warm_up()
    rows, texts = load_sources()
    _STATE.update(rows=rows, texts=texts, sentences=split_sentences(texts), reposts=reposts)
    _time_phases()


PHASES: dict[str, float] = {}


def _time_phases():
    """Wrap the chunk code's steps in wall-clock timers (this worker's ``PHASES``, reported per chunk)."""
    import functools

    from workbridge.labour_market.engines import pipeline
    from workbridge.labour_market.services import ingest

    def timed(owner, name, label=None):
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                key = label(args) if callable(label) else (label or name)
                PHASES[key] = PHASES.get(key, 0.0) + time.perf_counter() - t

        setattr(owner, name, wrapper)

    timed(pipeline, "draft_from_record", "parse")
    timed(pipeline, "analyse", "extract")
    timed(ingest._Chunk, "__init__", "fingerprints+minhash")
    timed(ingest, "_band_holders", "band_read")
    timed(ingest._Chunk, "look_up", "look_up(all)")
    look_up = ingest._Chunk.look_up

    def counted(self, *args, **kwargs):
        look_up(self, *args, **kwargs)
        PHASES["n_holders"] = PHASES.get("n_holders", 0) + len(self.holders) + len(self.dead)
        PHASES["n_keys"] = PHASES.get("n_keys", 0) + len(self.all_keys)

    ingest._Chunk.look_up = counted
    timed(ingest, "_band_insert", "band_claim")
    timed(ingest, "_reserve_posting_pks", "reserve_pks")
    timed(ingest, "_insert_rows", lambda args: "copy_" + args[0].__name__)
    timed(ingest, "_chunk_write", "chunk_write(all)")


def _backend_cpu() -> float:
    """CPU seconds of this worker's PostgreSQL backend (0 on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    pid = _STATE.get("backend_pid")
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = _STATE["backend_pid"] = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run_chunk(args):
    batch_id, chunk_index, size = args
    from workbridge.labour_market import tabular
    from workbridge.labour_market.models import IngestBatch
    from workbridge.labour_market.services import ChunkState, process_chunk

    records = synthesise(_STATE["rows"], _STATE["texts"], size, seed=chunk_index, sentences=_STATE["sentences"])
    if chunk_index and _STATE["reposts"]:
        # reposts of the previous chunk's postings, most often in the other worker's hands at the same moment: the
        # same ad with a sentence added (another fingerprint; only the shared near-duplicate index can tell)
        count = int(size * _STATE["reposts"])
        earlier = synthesise(
            _STATE["rows"], _STATE["texts"], count, seed=chunk_index - 1, sentences=_STATE["sentences"]
        )
        for j, original in enumerate(earlier):
            slot = (j * 7919) % size
            records[slot] = {**original, "id": f"r{slot}:{original['id']}", "text": original["text"] + REPOST_TAIL}
    blob = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    table = tabular.read_table(blob, "jsonl")
    mapping = tabular.validate_mapping(tabular.guess_mapping(table.headers), table.headers)
    state = _STATE.get("chunk_state")
    if state is None:
        state = _STATE["chunk_state"] = ChunkState()
    batch = IngestBatch.objects.get(pk=batch_id)
    PHASES.clear()
    t0, c0, b0 = time.perf_counter(), time.process_time(), _backend_cpu()
    counts = process_chunk(batch=batch, records=list(tabular.mapped_records(table, mapping)), state=state)
    counts["seconds"] = time.perf_counter() - t0
    counts["cpu"] = time.process_time() - c0
    counts["db_cpu"] = _backend_cpu() - b0
    counts["phases"] = dict(PHASES)
    counts["chunk_index"] = chunk_index
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="postings to run (1000000 for the issue's figure)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (no database name)"
    )
    parser.add_argument(
        "--pg-db", default="wb_bench_postings", help="database created for the run and dropped after it"
    )
    parser.add_argument("--sqlite", action="store_true", help="use a fresh SQLite file instead of PostgreSQL")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run a warm-up chunk, then one chunk under cProfile in this process, and stop",
    )
    parser.add_argument(
        "--reposts",
        type=float,
        default=0.01,
        help="share of each chunk replaced by reposts of the previous chunk's postings (recall across workers)",
    )
    args = parser.parse_args()

    tmpdir = tempfile.mkdtemp(prefix="wb-bench-")
    pg_url = None
    if not os.environ.get("DATABASE_URL") and not args.sqlite:
        pg_url = _pg_create(args.pg, args.pg_db)
    db_path = None if os.environ.get("DATABASE_URL") else (pg_url or str(Path(tmpdir) / "bench.sqlite3"))
    _setup_django(db_path)
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    from workbridge.labour_market import services
    from workbridge.labour_market.models import IngestBatch, Posting, PostingSkill, PostingSource

    services.skills_load()
    try:
        services.occupations_load()
    except Exception as exc:  # the coder works without the table; names only
        print(f"note: occupations not loaded ({exc})", file=sys.stderr)
    source = PostingSource.objects.create(
        name="bench-resampled", licence_note="resampled from shared/data/postings (MIT / Apache-2.0)"
    )
    batch = IngestBatch.objects.create(
        source=source, file="bench/none.jsonl", file_name="bench", file_format="jsonl", rows_total=args.n
    )
    print(
        f"setup (migrate, taxonomy) {time.perf_counter() - t:.1f} s; db {db_path or os.environ.get('DATABASE_URL')}",
        file=sys.stderr,
    )

    chunks = []
    left, index = args.n, 0
    while left > 0:
        size = min(args.chunk, left)
        chunks.append((batch.pk, index, size))
        left -= size
        index += 1
    from django.db import connections

    if args.profile:
        import cProfile
        import pstats

        _worker_init(db_path, args.reposts)
        if len(chunks) > 1:  # warm the parsers' and the coder's caches as a long run would have them
            print("warm-up chunk", _run_chunk(chunks[0]), file=sys.stderr)
        profiler = cProfile.Profile()
        profiler.enable()
        print(_run_chunk(chunks[-1]), file=sys.stderr)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        _cleanup(db_path, tmpdir, args.keep_db, args.pg, args.pg_db if pg_url else None)
        return
    connections.close_all()
    start = time.perf_counter()
    totals = {"imported": 0, "duplicates": 0, "flagged": 0, "skipped": 0, "seconds": 0.0, "cpu": 0.0, "db_cpu": 0.0}
    phases: dict[str, float] = {}
    tenths: list[dict[str, float]] = [{} for _ in range(10)]
    load_before = os.getloadavg()[0]
    ctx = get_context("fork")
    with ctx.Pool(args.workers, initializer=_worker_init, initargs=(db_path, args.reposts)) as pool:
        ready = time.perf_counter()
        for done, counts in enumerate(pool.imap_unordered(_run_chunk, chunks), start=1):
            for k in totals:
                totals[k] += counts.get(k, 0)
            tenth = tenths[min(9, counts["chunk_index"] * 10 // len(chunks))]
            for k, v in [*counts["phases"].items(), ("cpu", counts["cpu"]), ("db_cpu", counts["db_cpu"])]:
                phases[k] = phases.get(k, 0.0) + v
                tenth[k] = tenth.get(k, 0.0) + v
            tenth["seconds"] = tenth.get("seconds", 0.0) + counts["seconds"]
            if done % max(1, len(chunks) // 10) == 0:
                print(
                    f"  {done}/{len(chunks)} chunks, {totals['imported']}"
                    f" postings, {time.perf_counter() - start:.0f} s",
                    file=sys.stderr,
                )
    ingest_seconds = time.perf_counter() - start
    t = time.perf_counter()
    cells = services.demand_recompute()
    aggregate_seconds = time.perf_counter() - t
    total = ingest_seconds + aggregate_seconds
    unique = Posting.objects.filter(duplicate_of__isnull=True).count()
    skills = PostingSkill.objects.count()
    print(
        f"postings {totals['imported']} (unique {unique}, near-duplicates"
        f" {totals['duplicates']}, flagged {totals['flagged']}); "
        f"skill spans {skills}; demand cells {cells}",
        file=sys.stderr,
    )
    print(
        f"ingest+extract {ingest_seconds:.1f} s (workers ready after"
        f" {ready - start:.1f} s); aggregate {aggregate_seconds:.1f} s",
        file=sys.stderr,
    )
    rate = args.n / total
    full = args.n == 1_000_000
    engine = "postgresql" if "postgres" in os.environ["DATABASE_URL"] else "sqlite"
    print(
        f"# {args.n} postings, {args.workers} workers, chunks of"
        f" {args.chunk}, {engine}; load average {load_before:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end (2 cores: above 2, other jobs shared them)",
        file=sys.stderr,
    )
    print(
        f"# workers' CPU time in the chunk code {totals['cpu']:.0f}"
        f" s: {args.n / totals['cpu']:.0f} postings/s per core "
        "(parse, dedupe, extract, write; the database server's own CPU not included)",
        file=sys.stderr,
    )
    print(
        f"BENCH {'postings_e2e_1m_seconds' if full else 'postings_e2e_1m_seconds_projected'}"
        f" {total if full else 1_000_000 / rate:.1f} s"
    )
    print(
        f"BENCH {'postings_e2e_1m_postings_per_second' if full else 'postings_e2e_postings_per_second'}"
        f" {rate:.0f} postings/s"
    )
    print(f"BENCH postings_e2e_n {args.n} postings")
    print(
        f"# their PostgreSQL backends' CPU {totals['db_cpu']:.0f} s; chunk wall time by step (both workers, s): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(phases.items())),
        file=sys.stderr,
    )
    steps = ("seconds", "cpu", "db_cpu", "copy_Posting", "copy_PostingSkill", "band_read", "band_claim")
    print(f"# per tenth of the chunks (s): {', '.join(steps)}", file=sys.stderr)
    for i, tenth in enumerate(tenths):
        if tenth:
            print(
                f"#   {i + 1}/10: " + " ".join(f"{tenth.get(k, 0.0):.1f}" for k in steps),
                file=sys.stderr,
            )
    if args.reposts:
        found, alone, planted = _repost_recall(Posting)
        print(
            f"# planted reposts of the previous chunk's postings (on the other worker at the same time): {planted};"
            f" found as duplicates {found}; one process with one in-memory index finds {alone}",
            file=sys.stderr,
        )
        print(f"BENCH postings_e2e_repost_recall {found / max(1, planted):.4f} share")
        print(f"BENCH postings_e2e_repost_recall_one_process {alone / max(1, planted):.4f} share")
    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN reports the largest finished child (a pool worker)
    print(f"BENCH postings_e2e_peak_worker_rss {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    print(f"BENCH postings_e2e_peak_main_rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    connections.close_all()
    _cleanup(db_path, tmpdir, args.keep_db, args.pg, args.pg_db if pg_url else None)


def _repost_recall(Posting) -> tuple[int, int, int]:
    """(pairs found, pairs one process finds, pairs planted). A repost and its original count as found when both
    lead to the same original (either may come first: the two chunks run at the same time on two workers). What
    one process finds: a fresh in-memory index given the original, then the repost (a short ad's added sentence
    can take the pair below the 0.8 threshold; one process misses those too)."""
    from workbridge.labour_market.engines.dedupe import NearDuplicateIndex

    root, ext = {}, {}
    for pk, external_id, dup in Posting.objects.values_list("pk", "external_id", "duplicate_of_id").iterator(
        chunk_size=50_000
    ):
        root[pk] = dup or pk
        ext[external_id] = pk
    pairs = []
    for external_id, pk in ext.items():
        if external_id.startswith("r") and external_id.split(":", 1)[1] in ext:
            pairs.append((pk, ext[external_id.split(":", 1)[1]]))
    texts = {}
    wanted = {pk for pair in pairs for pk in pair}
    for pk, title, company, text in Posting.objects.filter(pk__in=wanted).values_list(
        "pk", "title", "company_name", "text"
    ):
        texts[pk] = f"{title}\n{company}\n{text}"
    found = alone = 0
    for repost, original in pairs:
        found += root[repost] == root[original]
        index = NearDuplicateIndex()
        index.add(original, texts[original])
        alone += index.add(repost, texts[repost]) == original
    return found, alone, len(pairs)


def _pg_admin(server: str):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True, connect_timeout=5)


def _pg_create(server: str, name: str) -> str | None:
    """A fresh database ``name`` on ``server``; None (and a message) when the server is not reachable."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        sys.exit(f"--pg-db {name!r}: use lower-case letters, digits and _")
    try:
        with _pg_admin(server) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    except Exception as exc:
        print(
            f"note: PostgreSQL at {server} not usable ({exc.__class__.__name__}: {exc}); falling back to SQLite",
            file=sys.stderr,
        )
        return None
    return f"{server.rstrip('/')}/{name}"


def _cleanup(db_path, tmpdir, keep, pg_server=None, pg_db=None):
    if pg_db:
        if not keep:
            from django.db import connections

            connections.close_all()
            with _pg_admin(pg_server) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {pg_db}")
        os.rmdir(tmpdir)
        return
    if keep or not db_path:
        return
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(db_path + suffix)
        except FileNotFoundError:
            pass
    os.rmdir(tmpdir)


if __name__ == "__main__":
    main()
