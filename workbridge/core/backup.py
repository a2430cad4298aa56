"""Backups and restores of the whole platform: the database and the uploaded files, in one archive.

An archive is a tar file holding
- ``manifest.json``: format, creation time, database engine, the applied migrations, the row count of every
  table and the SHA-256 of every uploaded file;
- ``database.sqlite3`` (SQLite, copied through SQLite's online backup API, so a running server keeps serving) or
  ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media/...``: every file under MEDIA_ROOT.

A restore checks the archive against its manifest before it touches anything, replaces the database
(SQLite's backup API into the live connection; ``pg_restore --clean --if-exists --single-transaction`` on
PostgreSQL), puts the files back, and then compares the restored row counts and file hashes with the manifest.
Archives are written to a temporary name and renamed when complete, so a killed backup leaves no archive that
looks finished.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT = "workbridge-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.dump"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """The archive is unusable or a step failed; the message says which and why."""


@dataclass
class Report:
    archive: Path
    tables: dict[str, int]
    files: dict[str, str]
    mismatches: list[str] = field(default_factory=list)


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def row_counts() -> dict[str, int]:
    """Rows per table, for every installed model that owns a table (and every many-to-many table)."""
    counts: dict[str, int] = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.proxy or not model._meta.managed or table in counts or table not in existing:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_hashes(root: Path | None = None) -> dict[str, str]:
    root = Path(root or settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _applied_migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--dbname", connection.settings_dict["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line, where `ps` would show it
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()[:2000]}")


def _dump_database(workdir: Path) -> Path:
    if _engine() == "sqlite":
        target = workdir / SQLITE_MEMBER
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    target = workdir / PG_MEMBER
    args, env = _pg_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    return target


def backup_create(destination: Path | str | None = None) -> Report:
    """Write a complete archive; ``destination`` is a directory (a dated name is chosen) or a file path."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    destination = Path(destination or Path(settings.VAR_DIR) / "backups")
    if destination.suffix != ".tar":
        destination.mkdir(parents=True, exist_ok=True)
        destination = destination / f"workbridge-{stamp}.tar"
    destination.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="wb-backup-") as tmp:
        workdir = Path(tmp)
        dump = _dump_database(workdir)
        files = media_hashes(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": _engine(),
            "database_member": dump.name,
            "database_sha256": _sha256(dump),
            "migrations": _applied_migrations(),
            "tables": row_counts(),
            "files": files,
        }
        fd, partial = tempfile.mkstemp(dir=destination.parent, prefix=".partial-", suffix=".tar")
        os.close(fd)
        try:
            with tarfile.open(partial, "w") as tar:
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump, arcname=dump.name)
                for rel in files:
                    tar.add(media_root / rel, arcname=MEDIA_PREFIX + rel)
            os.replace(partial, destination)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return Report(destination, manifest["tables"], files)


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError("not a WorkBridge backup: manifest.json is missing") from None
    manifest = json.loads(tar.extractfile(member).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} (this version reads {FORMAT})")
    return manifest


def backup_verify(archive: Path | str) -> dict:
    """Check every member of the archive against the manifest without restoring anything; returns the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    try:
        with tarfile.open(archive, "r") as tar:
            manifest = _read_manifest(tar)
            names = set(tar.getnames())
            expected = {manifest["database_member"], MANIFEST, *(MEDIA_PREFIX + rel for rel in manifest["files"])}
            if missing := sorted(expected - names):
                raise BackupError(f"the archive lacks {len(missing)} member(s), first {missing[0]}")
            if unexpected := sorted(names - expected):
                raise BackupError(f"the archive holds unlisted member {unexpected[0]}")
            for member in tar.getmembers():
                if not member.isfile():
                    raise BackupError(f"member {member.name} is not a regular file")
                if member.name == MANIFEST:
                    continue
                digest = hashlib.sha256(tar.extractfile(member).read()).hexdigest()
                want = (
                    manifest["database_sha256"]
                    if member.name == manifest["database_member"]
                    else manifest["files"][member.name[len(MEDIA_PREFIX) :]]
                )
                if digest != want:
                    raise BackupError(f"member {member.name} does not match its checksum")
    except tarfile.TarError as exc:
        raise BackupError(f"{archive}: not a readable tar archive ({exc})") from None
    return manifest


def backup_restore(archive: Path | str) -> Report:
    """Replace the database and the uploaded files with the archive's, then compare them with its manifest."""
    archive = Path(archive)
    manifest = backup_verify(archive)
    if manifest["engine"] != _engine():
        raise BackupError(f"the archive holds a {manifest['engine']} database; this server runs {_engine()}")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="wb-restore-") as tmp:
        workdir = Path(tmp)
        with tarfile.open(archive, "r") as tar:
            # Members were checked against the manifest (regular files, listed names); the data filter also
            # refuses absolute paths and "..", so nothing lands outside the working folder.
            tar.extractall(workdir, filter="data")
        dump = workdir / manifest["database_member"]
        if manifest["engine"] == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as source:
                source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            args, env = _pg_env()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(dump),
                ],
                env,
            )
        staged = workdir / "media"
        staged.mkdir(exist_ok=True)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        old = media_root.with_name(media_root.name + ".before-restore")
        if old.exists():
            shutil.rmtree(old)
        if media_root.exists():
            media_root.rename(old)
        shutil.copytree(staged, media_root)
        if old.exists():
            shutil.rmtree(old)
    tables, files = row_counts(), media_hashes(media_root)
    mismatches = [
        f"{table}: {manifest['tables'][table]} rows in the backup, {tables.get(table)} after restore"
        for table in manifest["tables"]
        if tables.get(table) != manifest["tables"][table]
    ]
    if files != manifest["files"]:
        mismatches.append("uploaded files differ from the backup after restore")
    return Report(archive, tables, files, mismatches)
