"""``python manage.py code_occupations TITLES.txt --out OUT.csv``: job titles -> occupation codes.

Reads one job title per line (UTF-8 or GBK) and writes a CSV with the header ``title,code,name,confidence``
(code and name empty, confidence 0, when no occupation fits). Uses ``labour_market.engines.occupation``
(China's occupation classification 2022, shipped in ``labour_market/data/csco-2022.csv``); no database.
"""

import csv
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workbridge.core.spreadsheets import SpreadsheetError, decode_text
from workbridge.labour_market.engines.occupation import default_coder


class Command(BaseCommand):
    help = "Code job titles (one per line) to occupation codes of the 2022 occupation classification."

    def add_arguments(self, parser):
        parser.add_argument("titles", help="text file with one job title per line")
        parser.add_argument("--out", required=True, help="output CSV file (title,code,name,confidence)")

    def handle(self, *args, **opts):
        src = Path(opts["titles"])
        out_path = Path(opts["out"])
        if not src.exists():
            raise CommandError(f"{src}: no such file")
        if not out_path.parent.exists():
            raise CommandError(f"output folder {out_path.parent} does not exist")
        try:
            text, _encoding = decode_text(src.read_bytes())
        except SpreadsheetError as exc:
            raise CommandError(f"{src}: {exc}") from exc
        titles = [line.strip() for line in text.split("\n") if line.strip()]
        coder = default_coder()
        coded = 0
        fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=".code_occupations.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["title", "code", "name", "confidence"])
                for title, result in zip(titles, coder.code_many(titles), strict=True):
                    writer.writerow([title, result.code or "", result.name, f"{result.confidence:.3f}"])
                    coded += result.code is not None
            os.replace(tmp, out_path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self.stdout.write(f"{len(titles)} titles, {coded} coded -> {out_path}")
