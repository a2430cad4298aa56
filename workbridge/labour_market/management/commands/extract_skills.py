"""``python manage.py extract_skills FILE --out OUT.jsonl``: skills, occupation, salary and area per posting.

Reads FILE with the product's one reader (``labour_market.tabular``) and analyses each posting with the pure
engines (``labour_market.engines.postings``); touches no database. FILE is .csv,
.xlsx, .jsonl or .txt (one posting per line). Each output line is one JSON object
``{"id", "title", "occupation_code", "occupation_confidence", "skills": [...], "salary_min", "salary_max",
"salary_months", "province", "city", "education_band"}``; ``--with-text`` adds the analysed ``text`` that the
spans index.
"""

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workbridge.labour_market.engines.postings import analyse_posting
from workbridge.labour_market.tabular import FileProblem, posting_rows


class Command(BaseCommand):
    help = "Extract skills (with spans), occupation codes, salary and area from a file of job postings."

    def add_arguments(self, parser):
        parser.add_argument("file", help="postings file: .csv, .xlsx, .jsonl or .txt (one posting per line)")
        parser.add_argument("--out", required=True, help="output JSON Lines file")
        parser.add_argument("--format", choices=["csv", "xlsx", "jsonl", "txt"], help="override the file type")
        parser.add_argument("--with-text", action="store_true", help="include the analysed text in each object")

    def handle(self, *args, **opts):
        out_path = Path(opts["out"])
        src = Path(opts["file"])
        if not src.exists():
            raise CommandError(f"{src}: no such file")
        if not out_path.parent.exists():
            raise CommandError(f"output folder {out_path.parent} does not exist")
        count = 0
        skills = 0
        # write to a temporary file first: a bad row leaves no half-written output behind
        fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=".extract_skills.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for row in posting_rows(src.read_bytes(), name=src.name, fmt=opts.get("format")):
                    result = analyse_posting(row, include_text=opts["with_text"])
                    fh.write(json.dumps(result, ensure_ascii=False) + "\n")
                    count += 1
                    skills += len(result["skills"])
            os.replace(tmp, out_path)
        except FileProblem as exc:
            os.unlink(tmp)
            raise CommandError(f"{src}: {exc}") from exc
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self.stdout.write(f"{count} postings, {skills} skill mentions -> {out_path}")
