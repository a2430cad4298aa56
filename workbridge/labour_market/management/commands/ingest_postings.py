"""python manage.py ingest_postings FILE [--format csv|xlsx|jsonl|txt] [--source NAME] [--map field=column ...]"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workbridge.core.access import Actor
from workbridge.core.exceptions import DomainError
from workbridge.core.roles import Role


class Command(BaseCommand):
    help = "Import job postings (CSV, XLSX, JSON Lines or one posting per line) into the demand tables."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--format", dest="fmt", choices=["csv", "xlsx", "jsonl", "txt"], help="default: from the file name"
        )
        parser.add_argument(
            "--source", default="", help="source name shown beside the demand figures (default: the file name)"
        )
        parser.add_argument("--licence", default="", help="where the data comes from and its licence")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="column mapping, e.g. --map title=jobName (default: guessed from the headers)",
        )
        parser.add_argument("--month", help="YYYY-MM for rows without a date (e.g. plain-text files)")

    def handle(self, *args, **opts):
        from workbridge.labour_market.services import postings_ingest

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        mapping = {}
        for item in opts["map"]:
            field, sep, column = item.partition("=")
            if not sep:
                raise CommandError(f"--map needs FIELD=COLUMN, got {item!r}")
            mapping[field.strip()] = column.strip()
        month = None
        if opts["month"]:
            try:
                month = dt.datetime.strptime(opts["month"], "%Y-%m").date()
            except ValueError:
                raise CommandError("--month must look like 2024-03") from None
        actor = Actor(user=None, role=Role.PLATFORM_ADMIN, organization_id=None, org_kind=None)
        try:
            with path.open("rb") as handle:
                batch = postings_ingest(
                    actor=actor,
                    file=handle,
                    fmt=opts["fmt"],
                    source=opts["source"],
                    mapping=mapping or None,
                    default_month=month,
                    licence_note=opts["licence"],
                )
        except DomainError as exc:
            details = "".join(
                f"\n  row {e.get('row')}: {e.get('reason')}" for e in (exc.errors or [])[:20] if isinstance(e, dict)
            )
            raise CommandError(f"{exc.message}{details}") from None
        self.stdout.write(
            f"{batch.file_name}: {batch.status}; {batch.imported}"
            f" postings ({batch.duplicates} near-duplicates counted once, "
            f"{batch.flagged} with unparseable values kept raw,"
            f" {batch.skipped} empty rows skipped); encoding {batch.encoding}"
        )
        if batch.status == "failed":
            raise CommandError("; ".join(e.get("reason", "") for e in batch.errors))
