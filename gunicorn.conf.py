"""gunicorn's settings for every way WorkBridge is served (make serve, the Dockerfile, compose, the systemd unit,
scripts/stack.py): gunicorn reads this file from the working directory; a command-line option still wins.

Threaded workers: a request spends part of its time waiting for PostgreSQL (a check-in's commit waits for the log
flush), and threads let those waits overlap. Measured with bench/bench_checkin_load.py at 50 connections on
2 cores (2026-12-05, issue 14): sync workers 74-84 check-ins/s, 4 workers x 2 threads 131/s, 4 x 8 threads
258-290/s. Since the check-in became one statement (a request now waits about 0.5 ms for the database against
1.5 ms of Python), 4 threads serve as many requests as 8 and keep each one shorter: alternated runs of the
same code on 2026-12-07 (08:05-08:48 UTC) gave a check-in p99 of 131-211 ms at 50 connections with 4 threads
against 179-268 with 8 (the ping's 87-113 against 122-146), 563-586 ms against 575-657 at 200 connections,
and as many check-ins per second (see bench/README.md). Each thread keeps its own database connection
(CONN_MAX_AGE), so workers x threads must stay below PostgreSQL's max_connections (100 by default) with room
for Celery and administration.
"""

import gc
import os
import sys
import threading

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("WEB_THREADS", "4"))

# How long a thread may keep Python's interpreter lock while another wants it (Python's default, 5 ms). 1 ms was
# tried when the load bench's connections sat mostly on one worker (its eight threads contending); with them spread
# over the workers (bench --reuse-port), 5 ms is better on both counts. bench/bench_checkin_load.py at 50
# connections (2026-12-06, issue 14; four runs alternated): check-in p99 247 and 268 ms at 5 ms against 277 and
# 287 ms at 1 ms; web CPU per check-in 2.48-2.51 ms against 2.71-2.85 (per ping 1.53-1.54 against 1.73-1.78).
switch_interval = float(os.environ.get("WEB_SWITCH_INTERVAL", "0.005"))


def post_worker_init(worker):
    sys.setswitchinterval(switch_interval)
    # Django imports the URLconf - every view module, and what they import - on a worker's first request, after
    # this hook: imported now, it is frozen with the rest (it was not: 95,000 objects of 650 modules stayed in the
    # collector's oldest generation, and each full collection walked them).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - read to import them
    _freeze(worker)


# The application is loaded: its modules, classes and caches live as long as the worker. Frozen, Python's full
# collections stop walking them again and again (each one holds the interpreter lock, so every thread of the worker
# waits). Measured with bench/bench_checkin_load.py at 50 connections (2026-12-06, issue 14; the GC's own CPU time
# per collection): the longest full collection 157 ms before, 72 ms frozen; the GC's total time the same.
def _freeze(worker):
    gc.collect()
    gc.freeze()
    worker.modules_when_frozen = len(sys.modules)


# A worker that has imported this many modules since it last froze freezes again: what only some requests import,
# when they first come (the task queue's client on the first check-in, say), is frozen too. Modules are only ever
# added, so a worker freezes a handful of times in its life, each time one full collection (the cyclic garbage of
# the requests then in progress, a few hundred objects, is frozen with it and never collected).
FREEZE_AGAIN_AFTER_MODULES = 10
_freezing = threading.Lock()


def post_request(worker, req, environ, resp):
    if len(sys.modules) - getattr(worker, "modules_when_frozen", 0) < FREEZE_AGAIN_AFTER_MODULES:
        return
    if _freezing.acquire(blocking=False):  # one thread freezes; the others go on serving
        try:
            if len(sys.modules) - worker.modules_when_frozen >= FREEZE_AGAIN_AFTER_MODULES:
                _freeze(worker)
        finally:
            _freezing.release()
