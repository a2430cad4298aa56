"""Loads the shipped 1+X catalogue (certificates/data/catalogue_1x.json) into Certificate rows, idempotently."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "catalogue_1x.json"


def catalogue_entries() -> list[dict]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    rows = []
    for entry in data["certificates"]:
        for level in entry["levels"]:
            rows.append(
                {
                    "code": f"1X-{entry['code']}-{level[0].upper()}",
                    "name": entry["name"],
                    "level": level,
                    "issuer": entry["issuer"],
                    "batch": entry.get("batch"),
                    "field": entry.get("field", ""),
                    "source": "certificates/data/catalogue_1x.json",
                }
            )
    return rows


def load_catalogue(certificate_model) -> int:
    """Create or update every shipped entry; returns how many rows were created."""
    created = 0
    for row in catalogue_entries():
        code = row.pop("code")
        _obj, was_created = certificate_model.objects.update_or_create(code=code, defaults=row)
        created += int(was_created)
    return created
