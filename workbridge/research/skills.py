"""Adapter to the labour-market skills taxonomy and extractor (owned by labour_market; read-only here)."""

from __future__ import annotations

from collections import defaultdict

# How firmly the problem text asks for a skill -> its weight in the team suggestion.
STRENGTH_WEIGHT = {None: 1.0, "expert": 1.0, "proficient": 1.0, "familiar": 0.8, "aware": 0.6, "preferred": 0.5}


def _extractor():
    from workbridge.labour_market.engines.extract import default_extractor

    return default_extractor()


def problem_skills(text: str) -> dict[str, tuple[str, float]]:
    """skill_id -> (name, weight) for every skill the text names (the strongest mention wins)."""
    found: dict[str, tuple[str, float]] = {}
    for match in _extractor().extract(text or ""):
        weight = STRENGTH_WEIGHT.get(match.strength, 1.0)
        if match.skill_id not in found or found[match.skill_id][1] < weight:
            found[match.skill_id] = (match.name, weight)
    return found


def skills_by_source(sources: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """[(label, text)] -> skill_id -> labels of the texts that name it."""
    extractor = _extractor()
    found: dict[str, list[str]] = defaultdict(list)
    for label, text in sources:
        if not text:
            continue
        for skill_id in {m.skill_id for m in extractor.extract(text)}:
            if label not in found[skill_id]:
                found[skill_id].append(label)
    return {k: tuple(v) for k, v in found.items()}
