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

from .area import (
    _COUNTY_SUFFIXES,
    _PROVINCE_SUFFIXES,
    _counties,
    _gazetteer,
    _strip_suffix,
    nationality_cut,
    parse_area,
)


@dataclass(frozen=True)
class Case:
    text: str
    code: str | None  # None: the string names several counties and nothing in it says which (must stay unresolved)
    shape: str
    county: str = ""  # the county the string was built from


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


SEPARATORS = ("-", "·", "/", " ")
NOISE = ("高新园", "开发区", "经济技术开发区", "高新区", "工业园区", "城关镇", "中心街道", "人民路", "街道办")


def cases(seed: int = 20261205) -> list[Case]:
    """One string per county-level division, its shape, separator and trailing noise drawn with a fixed seed."""
    counties = sorted({c for group in _counties().by_alias.values() for c in group}, key=lambda c: c.code)
    rng = random.Random(seed)
    out = []
    for c in counties:
        city = _city_short(c.city) if c.city != c.name else ""
        province = _strip_suffix(c.province, _PROVINCE_SUFFIXES)
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
            for other in _counties().by_alias.get(alias, ())
            if (not scope["province"] or other.province == scope["province"])
            and (not scope["city"] or other.city == scope["city"])
        ]
        out.append(Case(shapes[shape], c.code if len(shared) <= 1 else None, shape, c.name))
    rng.shuffle(out)
    return out


def _names_a_larger_division(alias: str) -> bool:
    g = _gazetteer()
    return alias in g.province_alias or alias in g.city_alias


def split(all_cases: list[Case]) -> tuple[list[Case], list[Case]]:
    """Half for development (looked at while writing the rules), half held out for the reported figure."""
    half = len(all_cases) // 2
    return all_cases[:half], all_cases[half:]


def score(test: list[Case], parse=parse_area) -> dict[str, float]:
    right = wrong = unresolved = 0
    for case in test:
        result = parse(case.text)
        county_code = result.ok and result.code and len(result.code) == 6 and not result.code.endswith("00")
        if case.code is None:  # a shared name: right only when left unresolved
            if county_code:
                wrong += 1
            else:
                right += 1
            continue
        if not result.ok or not result.code or len(result.code) != 6 or result.code.endswith("00"):
            unresolved += 1
        elif result.code == case.code:
            right += 1
        else:
            wrong += 1
    n = len(test) or 1
    return {"n": len(test), "right": right / n, "wrong": wrong / n, "unresolved": unresolved / n}
