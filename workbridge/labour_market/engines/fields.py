"""A major's field and the skill domains that belong to it (pure, no Django).

The agreement table is data (``data/major_fields.toml``, with its sources); this module matches a national
major code to its field (longest prefix; vocational codes of the secondary and undergraduate catalogues read as
the higher-vocational category they share) and gives each skill its relevance to that field, by the skill's
domain: the first part of its taxonomy id (``man.plc_automation.plc`` -> ``man`` -> manufacturing_automation).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
GENERAL_DOMAIN = "transversal"


@dataclass(frozen=True)
class Field:
    code: str
    name_zh: str
    name_en: str
    domains: frozenset[str]
    groups: frozenset[str] = frozenset()  # single taxonomy groups of another domain that belong too

    def covers(self, domain: str, group: str) -> bool:
        return domain in self.domains or group in self.groups


@dataclass(frozen=True)
class FieldTable:
    fields: dict[str, Field]
    prefixes: dict[str, str]  # skill-id prefix -> domain
    in_field: float
    general: float
    out_of_field: float
    min_evidence: float

    def field_for(self, major_code: str) -> Field | None:
        code = _vocational_as_higher(major_code.strip())
        for length in (4, 2):
            found = self.fields.get(code[:length])
            if found is not None and len(code) >= length:
                return found
        return None

    def domain_of(self, skill_id: str) -> str:
        return self.prefixes.get(skill_id.split(".", 1)[0], "")

    @staticmethod
    def group_of(skill_id: str) -> str:
        parts = skill_id.split(".")
        return parts[1] if len(parts) > 2 else ""

    def relevance(self, skill_id: str, field: Field | None) -> float:
        """1 for the field's own skills, `general` for transversal ones, `out_of_field` for the rest; 1 when the
        major's field is unknown (nothing to weigh against)."""
        if field is None:
            return 1.0
        domain = self.domain_of(skill_id)
        if field.covers(domain, self.group_of(skill_id)):
            return self.in_field
        if domain == GENERAL_DOMAIN:
            return self.general
        return self.out_of_field

    def belongs(self, skill_id: str, field: Field) -> bool:
        """The agreement check: a skill of the field's domains or a transversal one."""
        domain = self.domain_of(skill_id)
        return domain == GENERAL_DOMAIN or field.covers(domain, self.group_of(skill_id))


def _vocational_as_higher(code: str) -> str:
    """Secondary vocational (61-79) and vocational undergraduate (21-39) categories are the higher-vocational
    ones (41-59) of the same 2021 catalogue; six-digit codes only (undergraduate codes such as 080202 stay)."""
    if len(code) >= 6 and code[:2].isdigit():
        head = int(code[:2])
        if 61 <= head <= 79:
            return f"{head - 20}{code[2:]}"
        if 21 <= head <= 39:
            return f"{head + 20}{code[2:]}"
    return code


def load(fields_path: Path, skills_path: Path) -> FieldTable:
    raw = tomllib.loads(fields_path.read_text(encoding="utf-8"))
    fields = {
        f["code"]: Field(f["code"], f["name_zh"], f["name_en"], frozenset(f["domains"]), frozenset(f.get("groups", [])))
        for f in raw.get("field", [])
    }
    prefixes: dict[str, str] = {}
    for line in skills_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            prefixes.setdefault(item["id"].split(".", 1)[0], item["domain"])
    rel = raw["relevance"]
    for key in ("in_field", "general", "out_of_field"):
        if not 0 <= rel[key] <= 1:
            raise ValueError(f"relevance {key} must lie in [0, 1]")
    return FieldTable(fields, prefixes, rel["in_field"], rel["general"], rel["out_of_field"], rel["min_evidence"])


@lru_cache(maxsize=1)
def table() -> FieldTable:
    return load(DATA / "major_fields.toml", DATA / "skills.jsonl")
