"""Area strings in the shapes job boards print, generated from the GB/T 2260 code list, to measure the area
resolver (bench/bench_areas.py and its test). Pure: no Django.

The set is WorkBridge's own, built with a fixed seed from every county-level division: "<city>-<county>",
"<city>·<county>", "<province><city><county>高新园", "<province><county short>" and the county's short form alone.
Expected answer: the county's code. It measures coverage and the handling of shared short forms; it is not
independent of the resolver's name list (both come from the same code list), so the real-data figure is the
share of the 51job area column that resolves (bench prints both)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from . import DATA_DIR
from .area import (
    COUNTY_SUFFIXES,
    PROVINCE_SUFFIXES,
    county_index,
    gazetteer,
    nationality_cut,
    parse_area,
    strip_suffix,
)


@dataclass(frozen=True)
class Case:
    text: str
    code: str | None  # None: the string names several counties and nothing in it says which (must stay unresolved)
    shape: str
    county: str = ""  # the county the string was built from


def _short(name: str) -> str:
    if "自治" in name and nationality_cut(name, county_index().nationalities):
        return nationality_cut(name, county_index().nationalities)
    for suffix in COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _city_short(name: str) -> str:
    for suffix in ("特别行政区", "自治州", "地区", "林区", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return nationality_cut(short, county_index().nationalities) or short  # 大理白族自治州 -> 大理
    return name


SEPARATORS = ("-", "·", "/", " ")
NOISE = ("高新园", "开发区", "经济技术开发区", "高新区", "工业园区", "城关镇", "中心街道", "人民路", "街道办")


def cases(seed: int = 20261205) -> list[Case]:
    """One string per county-level division, its shape, separator and trailing noise drawn with a fixed seed."""
    counties = sorted({c for group in county_index().by_alias.values() for c in group}, key=lambda c: c.code)
    rng = random.Random(seed)
    out = []
    for c in counties:
        city = _city_short(c.city) if c.city != c.name else ""
        province = strip_suffix(c.province, PROVINCE_SUFFIXES)
        province_short = _city_short(province) if province.endswith("自治区") else province
        sep, noise = rng.choice(SEPARATORS), rng.choice(NOISE)
        short = _short(c.name)
        if _names_a_larger_division(short) or (city and short == city):
            short = c.name  # "岳阳" alone is the prefecture, "通化/通化" the city repeated: write 岳阳县, 通化县
        shapes = {
            "county-short": short,  # 桐乡
            "county": c.name,  # 桐乡市
            "county noise": f"{c.name}{noise}",  # 桐乡市开发区
            "city sep county": f"{city}{sep}{c.name}" if city else c.name,  # 忻州·河曲县
            "city sep county-short": f"{city}{sep}{short}" if city else short,  # 哈尔滨-延寿
            "province city county noise": f"{province_short}{city}{c.name}{noise}",  # 云南大理云龙县高新园
            "province county-short": f"{c.province}{short}",  # 河南省郏县
            "province sep county-short noise": f"{province_short}{sep}{short}{noise}",  # 浙江 海宁高新区
        }
        shape = rng.choice(sorted(shapes))
        name = shapes[shape].removesuffix(noise) if "noise" in shape else shapes[shape]
        alias = name[len(name) - len(short) :] if name.endswith(short) else c.name
        scope = {
            "province": c.province if "province" in shape else None,
            "city": c.city if "city" in shape and city else None,
        }
        shared = [
            other
            for other in county_index().by_alias.get(alias, ())
            if (not scope["province"] or other.province == scope["province"])
            and (not scope["city"] or other.city == scope["city"])
        ]
        out.append(Case(shapes[shape], c.code if len(shared) <= 1 else None, shape, c.name))
    rng.shuffle(out)
    return out


def _names_a_larger_division(alias: str) -> bool:
    g = gazetteer()
    return alias in g.province_alias or alias in g.city_alias


def split(all_cases: list[Case]) -> tuple[list[Case], list[Case]]:
    """Half for development (looked at while writing the rules), half held out for the reported figure."""
    half = len(all_cases) // 2
    return all_cases[:half], all_cases[half:]


def _outcome(predicted: str | None, expected: str | None) -> str:
    """right / wrong / unresolved. A less specific answer on the same branch (the city's code for one of its
    counties) is unresolved; an answer on another branch is wrong; a shared name (expected None) is right only
    when no county is claimed."""
    if expected is None:
        return "wrong" if predicted and not predicted.endswith("00") else "right"
    if predicted == expected:
        return "right"
    if not predicted:
        return "unresolved"
    if predicted.endswith("0000") and expected[:2] == predicted[:2]:
        return "unresolved"
    if predicted.endswith("00") and expected[:4] == predicted[:4]:
        return "unresolved"
    return "wrong"


def score(test: list[Case], parse=parse_area) -> dict[str, float]:
    counts = {"right": 0, "wrong": 0, "unresolved": 0}
    for case in test:
        result = parse(case.text)
        counts[_outcome(result.code if result.ok else None, case.code)] += 1
    n = len(test) or 1
    return {"n": len(test), **{k: v / n for k, v in counts.items()}}


def old_name_cases(seed: int = 20261205) -> list[Case]:
    """Every former name of data/gbt2260_old_names.csv, in one of three shapes (alone, after its city, after its
    province with noise). It checks the former-name path end to end; the names come from the same file as the
    resolver's, so the hand-checked examples in the tests are the independent check."""
    counties = county_index()
    by_code = {c.code: c for group in counties.by_alias.values() for c in group}
    rng = random.Random(seed)
    out = []
    with open(DATA_DIR / "gbt2260_old_names.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for row in rows:
        c = by_code.get(row["code"])
        if c is None:
            continue
        name = row["old_name"]
        city = _city_short(c.city) if c.city != c.name else ""
        province = strip_suffix(c.province, PROVINCE_SUFFIXES)
        sep, noise = rng.choice(SEPARATORS), rng.choice(NOISE)
        shapes = {
            "old": (name, {}),
            "city sep old": (f"{city}{sep}{name}", {"city": c.city}) if city else (name, {}),
            "province old noise": (f"{province}{name}{noise}", {"province": c.province}),
        }
        shape = rng.choice(sorted(shapes))
        text, scope = shapes[shape]
        shared = {
            other.code
            for other in counties.old_by_alias.get(name, ())
            if all(getattr(other, k) == v for k, v in scope.items())
        }
        out.append(Case(text, c.code if len(shared) <= 1 else None, shape, name))
    return out


def labelled(path) -> list[Case]:
    """Hand-labelled real strings (tests/fixtures/areas_51job_labelled.csv): expected code per string."""
    with open(path, encoding="utf-8") as fh:
        return [
            Case(row["area"], row["code"] or None, "real", row["county"])
            for row in csv.DictReader(line for line in fh if not line.startswith("#"))
        ]
