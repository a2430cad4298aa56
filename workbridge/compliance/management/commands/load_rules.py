"""python manage.py load_rules [FILE ...] [--dir DIR]

Loads the versioned rule data files (compliance/data/rules/<jurisdiction>-<year>.yaml) into the RuleSet
and Rule tables, where administrators may edit them. Re-running updates the rows; a rule removed from its
file is disabled. With no arguments every file in the rules directory is loaded.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from workbridge.compliance import services
from workbridge.core.exceptions import ValidationFailed


class Command(BaseCommand):
    help = "Load the regulation rule data files into the database."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="rules files (default: every file in the rules directory)")
        parser.add_argument("--dir", default=None, help="rules directory (default: compliance/data/rules)")

    def handle(self, *args, **opts):
        try:
            if opts["files"]:
                loaded = [services.ruleset_load_file(path=path) for path in opts["files"]]
            else:
                loaded = services.rulesets_load_all(rules_dir=opts["dir"])
        except ValidationFailed as exc:
            raise CommandError(str(exc.message))
        except FileNotFoundError as exc:
            raise CommandError(f"{exc.filename}: no such file")
        for ruleset in loaded:
            count = ruleset.rules.filter(enabled=True).count()
            self.stdout.write(f"{ruleset.jurisdiction} {ruleset.year}: {count} rules ({ruleset.loaded_from})")
