"""The WorkBridge skills taxonomy (``data/skills.jsonl``; see docs/skills-taxonomy.md).

``load_taxonomy(path=None) -> SkillTaxonomy``. Each ``Skill`` has ``id``, ``name_zh``, ``name_en``,
``aliases`` (Chinese, English and abbreviations), ``ambiguous_aliases`` (forms such as ``C``, ``R``, ``Go``,
``PS`` that only count in a skills context), ``type`` (one of ``SKILL_TYPES``), ``group`` (with zh/en labels),
``domain`` (the vocational field, with zh/en labels) and ``source``. ``taxonomy.get(id)`` / ``taxonomy[id]``
look a skill up; ``by_group`` / ``by_domain`` list them. ``default_taxonomy()`` is the cached shipped one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import DATA_DIR

SKILL_TYPES = ("knowledge", "skill", "tool", "language", "transversal")
DEFAULT_PATH = DATA_DIR / "skills.jsonl"


@dataclass(frozen=True)
class Skill:
    id: str
    name_zh: str
    name_en: str
    type: str
    group: str
    domain: str
    source: str
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    group_zh: str = ""
    group_en: str = ""
    domain_zh: str = ""
    domain_en: str = ""

    def name(self, language: str = "zh") -> str:
        return self.name_en if language.startswith("en") else self.name_zh

    def surface_forms(self) -> list[str]:
        forms = [self.name_zh, self.name_en, *self.aliases]
        seen, out = set(), []
        for f in forms:
            if f and f.lower() not in seen:
                seen.add(f.lower())
                out.append(f)
        return out


@dataclass
class SkillTaxonomy:
    skills: list[Skill]
    path: Path | None = None
    _by_id: dict[str, Skill] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_id = {}
        for s in self.skills:
            if s.id in self._by_id:
                raise ValueError(f"duplicate skill id {s.id}")
            if s.type not in SKILL_TYPES:
                raise ValueError(f"skill {s.id}: unknown type {s.type!r}")
            self._by_id[s.id] = s

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self):
        return iter(self.skills)

    def __contains__(self, skill_id: str) -> bool:
        return skill_id in self._by_id

    def __getitem__(self, skill_id: str) -> Skill:
        return self._by_id[skill_id]

    def get(self, skill_id: str) -> Skill | None:
        return self._by_id.get(skill_id)

    def by_group(self, group: str) -> list[Skill]:
        return [s for s in self.skills if s.group == group]

    def by_domain(self, domain: str) -> list[Skill]:
        return [s for s in self.skills if s.domain == domain]

    def groups(self) -> dict[str, tuple[str, str]]:
        return {s.group: (s.group_zh, s.group_en) for s in self.skills}


def load_taxonomy(path: str | Path | None = None) -> SkillTaxonomy:
    p = Path(path) if path else DEFAULT_PATH
    skills = []
    with p.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
                skills.append(
                    Skill(
                        id=d["id"],
                        name_zh=d["name_zh"],
                        name_en=d["name_en"],
                        type=d["type"],
                        group=d["group"],
                        domain=d.get("domain", ""),
                        source=d["source"],
                        aliases=tuple(d.get("aliases", ())),
                        ambiguous_aliases=tuple(d.get("ambiguous_aliases", ())),
                        group_zh=d.get("group_zh", ""),
                        group_en=d.get("group_en", ""),
                        domain_zh=d.get("domain_zh", ""),
                        domain_en=d.get("domain_en", ""),
                    )
                )
            except (KeyError, json.JSONDecodeError) as exc:
                raise ValueError(f"{p}:{lineno}: bad skill record ({exc})") from exc
    return SkillTaxonomy(skills, p)


@lru_cache(maxsize=1)
def default_taxonomy() -> SkillTaxonomy:
    return load_taxonomy()
