"""The test suite builds its database from the models (``--no-migrations``); this test applies every migration,
data migrations included, to an empty database the way ``make run`` and a deployment do, and checks the result
matches the models."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_migration_applies_to_an_empty_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrated.sqlite3'}",
    }
    env.pop("WB_TEST_SQLITE_FILE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrated = subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, capture_output=True, text=True)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    pending = subprocess.run([*manage, "migrate", "--check"], env=env, capture_output=True, text=True)
    assert pending.returncode == 0, pending.stdout[-2000:] + pending.stderr[-2000:]
    # The data migration loaded the 1+X catalogue.
    count = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from workbridge.certificates.models import Certificate;"
            " print('CERTIFICATES', Certificate.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    from workbridge.certificates.catalogue import catalogue_entries

    counted = [line.split()[1] for line in count.stdout.splitlines() if line.startswith("CERTIFICATES ")]
    assert counted == [str(len(catalogue_entries()))], count.stdout + count.stderr
