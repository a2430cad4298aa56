"""Area strings in the shapes job boards print, generated from the GB/T 2260 code list, to measure the area
resolver (bench/bench_areas.py and its test). Pure: no Django.

The set is WorkBridge's own, built with a fixed seed from every county-level division: "<city>-<county>",
"<city>·<county>", "<province><city><county>高新园", "<province><county short>" and the county's short form alone.
Expected answer: the county's code. It measures coverage and the handling of shared short forms; it is not
independent of the resolver's name list (both come from the same code list), so the real-data figure is the
share of the 51job area column that resolves (bench prints both)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .area import _COUNTY_SUFFIXES, _PROVINCE_SUFFIXES, _counties, _strip_suffix, nationality_cut, parse_area


@dataclass(frozen=True)
class Case:
    text: str
    code: str
    shape: str


def _short(name: str) -> str:
    if "自治" in name and nationality_cut(name, _counties().nationalities):
        return nationality_cut(name, _counties().nationalities)
    for suffix in _COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _city_short(name: str) -> str:
    for suffix in ("特别行政区", "自治州", "地区", "林区", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return nationality_cut(short, _counties().nationalities) or short  # 大理白族自治州 -> 大理
    return name


def cases(seed: int = 20261205) -> list[Case]:
    counties = sorted({c for group in _counties().by_alias.values() for c in group}, key=lambda c: c.code)
    rng = random.Random(seed)
    out = []
    for c in counties:
        city = _city_short(c.city) if c.city != c.name else ""
        province = _strip_suffix(c.province, _PROVINCE_SUFFIXES)
        shapes = {
            "city-county": f"{city}-{c.name}" if city else c.name,
            "city·county": f"{city}·{c.name}" if city else c.name,
            "province city county zone": f"{province}{city}{c.name}高新园",
            "province county-short": f"{c.province}{_short(c.name)}",
            "county-short": _short(c.name),
        }
        shape = rng.choice(sorted(shapes))
        out.append(Case(shapes[shape], c.code, shape))
    rng.shuffle(out)
    return out


def split(all_cases: list[Case]) -> tuple[list[Case], list[Case]]:
    """Half for development (looked at while writing the rules), half held out for the reported figure."""
    half = len(all_cases) // 2
    return all_cases[:half], all_cases[half:]


def score(test: list[Case]) -> dict[str, float]:
    right = wrong = unresolved = 0
    for case in test:
        result = parse_area(case.text)
        if not result.ok or not result.code or len(result.code) != 6 or result.code.endswith("00"):
            unresolved += 1
        elif result.code == case.code:
            right += 1
        else:
            wrong += 1
    n = len(test) or 1
    return {"n": len(test), "right": right / n, "wrong": wrong / n, "unresolved": unresolved / n}
