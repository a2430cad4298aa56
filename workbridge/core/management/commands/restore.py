"""``manage.py restore ARCHIVE --yes``: replace the database and the uploaded files with a backup's.

The archive is verified against its manifest first; nothing is touched when it is damaged or was made on
another database engine. After the restore the row counts and file hashes are compared with the manifest.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from workbridge.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces all current data)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="confirm that the current data may be replaced")

    def handle(self, *args, archive, yes, **options):
        if not yes:
            raise CommandError("restore replaces every record and uploaded file: run again with --yes to confirm")
        try:
            report = backup_restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if report.mismatches:
            raise CommandError("restored, but the result differs from the backup:\n  " + "\n  ".join(report.mismatches))
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {archive}: {len(report.tables)} tables, {sum(report.tables.values())} rows, "
                f"{len(report.files)} files, all matching the backup's manifest"
            )
        )
