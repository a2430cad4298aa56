"""gunicorn.conf.py's worker hooks: a worker freezes the application it loaded - the URLconf's view modules
included - so that Python's full collections stop walking it, and freezes again once later requests have imported
more modules. Run in a child process: freezing changes the interpreter that runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import gc, json, runpy, sys, types
import django
django.setup()
conf = runpy.run_path("gunicorn.conf.py")
worker = types.SimpleNamespace()
seen = {"views_before": "workbridge.placements.apis" in sys.modules}
conf["post_worker_init"](worker)
seen["views_after"] = "workbridge.placements.apis" in sys.modules
seen["frozen_at_start"] = gc.get_freeze_count()
seen["unfrozen_at_start"] = len(gc.get_objects())
conf["post_request"](worker, None, {}, None)
seen["frozen_after_a_request"] = gc.get_freeze_count()
# a later request imports ten modules nothing imported before (a rare page's library)
for n in range(10):
    sys.modules[f"rare_library_{n}"] = types.ModuleType(f"rare_library_{n}")
kept = [[n] for n in range(5000)]  # objects made after the first freeze
conf["post_request"](worker, None, {}, None)
seen["frozen_after_imports"] = gc.get_freeze_count()
seen["modules_when_frozen"] = worker.modules_when_frozen
seen["modules"] = len(sys.modules)
print("RESULT " + json.dumps(seen))
"""


def run_child() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def test_worker_freezes_the_application_its_views_and_later_imports():
    seen = run_child()
    # the URLconf's modules are imported before the freeze, not on the first request after it
    assert not seen["views_before"]
    assert seen["views_after"]
    assert seen["frozen_at_start"] > 50_000
    assert seen["unfrozen_at_start"] < seen["frozen_at_start"] / 20
    # a request that imported nothing does not freeze again (each freeze is a full collection)
    assert seen["frozen_after_a_request"] == seen["frozen_at_start"]
    # one that brought ten modules or more does, and what was made since is frozen with them
    assert seen["frozen_after_imports"] >= seen["frozen_at_start"] + 5000
    assert seen["modules_when_frozen"] == seen["modules"]
