"""Reference data: the skills taxonomy and the occupation classification, loaded from data/."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.core.exceptions import (
    NotFound,
)

from ..models import (
    Occupation,
    Skill,
)

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@transaction.atomic
def skills_load(*, path: Path | None = None) -> int:
    """Upsert the Skill table from the shipped taxonomy (h3's engines.taxonomy). Returns the row count."""
    from ..engines.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(path) if path else load_taxonomy()
    existing = {s.skill_id: s for s in Skill.objects.all()}
    create, update = [], []
    for entry in _taxonomy_entries(taxonomy):
        values = {
            "name_zh": (entry.name_zh or entry.name_en or entry.id)[:120],
            "name_en": (entry.name_en or "")[:160],
            "aliases": list(entry.aliases or []),
            "skill_type": _skill_type(getattr(entry, "type", "skill")),
            "group": (getattr(entry, "group_zh", "") or getattr(entry, "group", "") or "")[:80],
            "source": (getattr(entry, "source", "") or "")[:200],
        }
        row = existing.get(entry.id)
        if row is None:
            create.append(Skill(skill_id=entry.id, **values))
        else:
            for k, v in values.items():
                setattr(row, k, v)
            update.append(row)
    Skill.objects.bulk_create(create, batch_size=1000)
    if update:
        Skill.objects.bulk_update(
            update, ["name_zh", "name_en", "aliases", "skill_type", "group", "source"], batch_size=1000
        )
    return len(create) + len(update)


def _taxonomy_entries(taxonomy):
    skills = getattr(taxonomy, "skills", taxonomy)
    if isinstance(skills, dict):
        return list(skills.values())
    return list(skills)


def _skill_type(value: str) -> str:
    value = (value or "skill").lower()
    aliases = {
        "tool/technology": "tool",
        "technology": "tool",
        "soft": "transversal",
        "transversal/soft": "transversal",
    }
    value = aliases.get(value, value)
    return value if value in {"knowledge", "skill", "tool", "language", "transversal"} else "skill"


def _occupation_file() -> Path:
    for candidate in sorted(DATA_DIR.glob("csco*.csv")):
        return candidate
    raise NotFound(_("The occupation classification file (labour_market/data/csco*.csv) is missing."))


@transaction.atomic
def occupations_load(*, path: Path | None = None) -> int:
    import csv

    path = path or _occupation_file()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    existing = set(Occupation.objects.values_list("code", flat=True))
    create = []
    for row in rows:
        code = (row.get("code") or "").strip()
        if not code or code in existing:
            continue
        existing.add(code)
        create.append(
            Occupation(
                code=code,
                name=(row.get("name") or "").strip()[:200],
                level=int(row.get("level") or 4),
                definition=(row.get("definition") or "").strip(),
            )
        )
    Occupation.objects.bulk_create(create, batch_size=1000)
    return Occupation.objects.count()


def ensure_reference_data() -> None:
    if not Skill.objects.exists():
        skills_load()
    if not Occupation.objects.exists():
        try:
            occupations_load()
        except NotFound:
            log.warning("occupation file missing; occupation names will show as codes")
