"""Organisation-name normalisation and near-duplicate search. Pure: no Django.

Two registrations of the same company often differ only in punctuation, width (全角/半角), a region prefix
in brackets or the legal-form suffix (有限公司 / 股份有限公司 / 集团 ...). ``normalize_name`` strips those so
that the remaining "trade name" can be compared; ``similar_names`` ranks candidates with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from rapidfuzz import fuzz, process

K = TypeVar("K")  # whatever identifies a candidate (an organisation id in the product)

# Longest first so that 股份有限公司 is removed before 有限公司.
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份有限公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "分公司",
    "公司",
    "集团",
    "厂",
    "co., ltd.",
    "co.,ltd.",
    "co. ltd.",
    "co ltd",
    "company limited",
    "limited",
    "ltd.",
    "ltd",
    "inc.",
    "inc",
    "group",
    "corporation",
    "corp.",
    "corp",
    " co",
)
_SUFFIXES_SORTED = tuple(sorted(set(LEGAL_SUFFIXES), key=len, reverse=True))
_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")
_PUNCT = re.compile(r"[\s·.,，、。\-—_'\"“”‘’/\\&＆]+")

# Threshold (0-100) above which two normalised names are shown to a reviewer as possible duplicates.
SIMILARITY_THRESHOLD = 88.0


def normalize_name(name: str) -> str:
    """Lower-case, half-width, without bracketed parts, punctuation or legal-form suffixes."""
    text = unicodedata.normalize("NFKC", name or "").strip().lower()
    text = _BRACKETS.sub("", text)
    changed = True
    while changed and text:
        changed = False
        stripped = text.rstrip(" .,")
        for suffix in _SUFFIXES_SORTED:
            if stripped.endswith(suffix) and len(stripped) > len(suffix):
                text = stripped[: -len(suffix)]
                changed = True
                break
    return _PUNCT.sub("", text)


def similar_names(
    name: str, candidates: Iterable[tuple[K, str]], *, threshold: float = SIMILARITY_THRESHOLD, limit: int = 10
) -> list[tuple[K, str, float]]:
    """Rank ``(key, normalised_name)`` candidates by similarity to ``name``; return those above threshold.

    Returns ``(key, normalised_name, score)`` best first. An identical normalised name scores 100.
    """
    target = normalize_name(name)
    if not target:
        return []
    pairs = list(candidates)
    choices = {index: norm for index, (_key, norm) in enumerate(pairs) if norm}
    found = process.extract(target, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
    return [(pairs[index][0], norm, float(score)) for norm, score, index in found]
