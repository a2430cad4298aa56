"""manage.py backup / restore: a round trip gives back every row and every uploaded file, byte for byte."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from workbridge.academics.models import Department
from workbridge.core.backup import BackupError, backup_create, backup_verify, media_hashes, row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def _put(rel: str, data: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_round_trip_restores_rows_and_files(world, tmp_path):
    Department.objects.create(school=world.school1, name="机电工程系")
    _put("licences/2026/a.pdf", b"%PDF-1.4 licence")
    _put("agreements/2026/b.pdf", b"%PDF-1.4 signed agreement")
    before_rows, before_files = row_counts(), media_hashes()
    assert before_rows["academics_department"] >= 1 and len(before_files) == 2

    out = tmp_path / "b.tar"
    call_command("backup", str(out), stdout=io.StringIO())
    assert out.is_file()

    # Damage the live data after the backup: a row gone, a row added, a file changed, a file added.
    Department.objects.first().delete()
    Department.objects.create(school=world.school1, name="备份之后新建的系")
    _put("licences/2026/a.pdf", b"%PDF-1.4 changed")
    _put("stray.pdf", b"%PDF-1.4 not in the backup")
    assert row_counts() != before_rows or media_hashes() != before_files

    stdout = io.StringIO()
    call_command("restore", str(out), "--yes", stdout=stdout)
    assert "all matching" in stdout.getvalue()
    assert row_counts() == before_rows
    assert media_hashes() == before_files
    assert not Department.objects.filter(name="备份之后新建的系").exists()


def test_restore_needs_confirmation(world, tmp_path):
    out = backup_create(tmp_path / "c.tar").archive
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(out))


def test_a_damaged_archive_is_refused_before_anything_changes(world, tmp_path):
    _put("licences/x.pdf", b"%PDF-1.4 original")
    good = backup_create(tmp_path / "good.tar").archive
    # Rebuild the archive with one uploaded file altered: the manifest's checksum no longer matches.
    bad = tmp_path / "bad.tar"
    with tarfile.open(good) as src, tarfile.open(bad, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/licences/x.pdf":
                data = b"%PDF-1.4 tampered"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    rows = row_counts()
    with pytest.raises(BackupError, match="checksum"):
        backup_verify(bad)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(bad), "--yes")
    assert row_counts() == rows
    assert (Path(settings.MEDIA_ROOT) / "licences/x.pdf").read_bytes() == b"%PDF-1.4 original"


def test_members_outside_the_manifest_are_refused(world, tmp_path):
    good = backup_create(tmp_path / "good.tar").archive
    evil = tmp_path / "evil.tar"
    with tarfile.open(good) as src, tarfile.open(evil, "w") as dst:
        for member in src.getmembers():
            dst.addfile(member, src.extractfile(member))
        extra = tarfile.TarInfo("../../outside.txt")
        extra.size = 3
        dst.addfile(extra, io.BytesIO(b"bad"))
    with pytest.raises(BackupError, match="unlisted"):
        backup_verify(evil)


def test_the_manifest_lists_tables_files_and_migrations(world, tmp_path):
    _put("outputs/r.png", b"\x89PNG\r\n\x1a\n")
    archive = backup_create(tmp_path).archive  # a folder: the archive gets a dated name inside it
    assert archive.parent == tmp_path and archive.name.startswith("workbridge-")
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["tables"]["organizations_organization"] == row_counts()["organizations_organization"]
    assert list(manifest["files"]) == ["outputs/r.png"]
    assert ["academics", "0001_initial"] in manifest["migrations"]
