"""``manage.py backup [DESTINATION]``: the database and every uploaded file in one verified archive.

DESTINATION is a folder (default ``var/backups``; the archive is named by date and time) or a ``.tar`` path.
``--verify ARCHIVE`` checks an existing archive against its manifest without restoring it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from workbridge.core.backup import BackupError, backup_create, backup_verify


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (see README, Operations)."

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", default=None, help="folder or .tar file (default var/backups)")
        parser.add_argument("--verify", metavar="ARCHIVE", help="only check an existing archive")

    def handle(self, *args, destination, verify, **options):
        try:
            if verify:
                manifest = backup_verify(verify)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{verify}: intact ({len(manifest['tables'])} tables, "
                        f"{sum(manifest['tables'].values())} rows,"
                        f" {len(manifest['files'])} files, made {manifest['created_at']})"
                    )
                )
                return
            report = backup_create(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.archive}: {len(report.tables)} tables,"
                f" {sum(report.tables.values())} rows, {len(report.files)} files"
            )
        )
