"""Area strings from job boards -> province, city, district.

``parse_area(text) -> AreaParse(province, city, district, ok, raw)``. Real shapes handled:

- ``深圳深圳宝安区宝安`` (city printed twice, then a district and a neighbourhood),
- ``浙江省宁波`` / ``湖北省武汉东湖新技术产业开发区`` (province, city, zone),
- ``北京-朝阳区`` / ``上海上海浦东新区`` (municipalities),
- ``江苏省昆山`` (a county-level city: resolved to its prefecture, 苏州市, with 昆山市 as the district),
- ``湖北省湖北省`` (province only), ``广省惠州惠城区`` (mistyped province: the city decides),
- ``异地招聘`` / ``全国`` / empty: ``ok=False`` with the reason.

Names come from ``data/regions_cn.csv`` (provinces and prefecture-level cities) and ``data/districts_cn.csv``
(districts of the big job markets); other districts are taken by their suffix (区/县/市/旗/新区). Province
and city are returned in their full official names (``广东省``, ``深圳市``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from . import DATA_DIR

_NOT_A_PLACE = {"异地招聘", "全国", "不限", "远程", "远程办公", "海外", "国外", "多地", "若干"}
_SEPARATORS = re.compile(r"[\s\-—–·/|,，、()（）]+")
_CITY_SUFFIXES = ("特别行政区", "自治州", "地区", "林区", "市", "盟")
_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")
_DISTRICT_RE = re.compile(r"^[\u4e00-\u9fff]{1,9}?(?:新区|区|县|旗|市)")


@dataclass(frozen=True)
class AreaParse:
    province: str | None
    city: str | None
    district: str | None
    ok: bool
    raw: str
    reason: str = ""


def _strip_suffix(name: str, suffixes) -> str:
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf) + 1:
            return name[: -len(suf)]
    return name


class _Gazetteer:
    def __init__(self):
        self.province_alias: dict[str, str] = {}
        self.city_alias: dict[str, tuple[str, str]] = {}  # alias -> (province, city)
        self.county_city: dict[str, str] = {}  # county-level alias -> city full name
        self.districts: dict[str, list[str]] = {}
        with open(DATA_DIR / "regions_cn.csv", encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for row in rows:
                prov, city = row["province"], row["city"]
                for alias in {prov, _strip_suffix(prov, _PROVINCE_SUFFIXES)}:
                    self.province_alias[alias] = prov
                short = _strip_suffix(city, _CITY_SUFFIXES)
                self.city_alias.setdefault(city, (prov, city))
                self.city_alias.setdefault(short, (prov, city))
                for alias in filter(None, (row.get("aliases") or "").split("|")):
                    if alias.startswith("="):  # county-level city such as 昆山 -> 苏州市
                        alias = alias[1:]
                        self.county_city[alias] = city
                    self.city_alias.setdefault(alias, (prov, city))
        with open(DATA_DIR / "districts_cn.csv", encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for row in rows:
                self.districts[row["city"]] = sorted(row["districts"].split("|"), key=len, reverse=True)
        self._province_keys = sorted(self.province_alias, key=len, reverse=True)
        self._city_keys = sorted(self.city_alias, key=len, reverse=True)

    def match_province(self, s: str) -> tuple[str | None, str]:
        for key in self._province_keys:
            if s.startswith(key):
                return self.province_alias[key], s[len(key) :]
        return None, s

    def match_city(self, s: str, province: str | None) -> tuple[str | None, str | None, str, str]:
        """-> (province, city, rest, key matched)."""
        for key in self._city_keys:
            if s.startswith(key):
                prov, city = self.city_alias[key]
                if province and prov != province:
                    continue
                if key == city and key.endswith("市"):
                    # "青岛市北区": the 市 belongs to the district 市北区, not to the city.
                    short_rest = s[len(key) - 1 :]
                    if any(short_rest.startswith(d) for d in self.districts.get(city, ())):
                        return prov, city, short_rest, key[:-1]
                return prov, city, s[len(key) :], key
        return None, None, s, ""


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def _district(rest: str, city: str) -> str | None:
    if not rest:
        return None
    for d in _gazetteer().districts.get(city, ()):
        if rest.startswith(d):
            return d
        short = d[:-1] if d.endswith(("区", "县")) and len(d) > 2 else None
        if short and rest.startswith(short) and not rest.startswith(short + "市"):
            return d
    m = _DISTRICT_RE.match(rest)
    return m.group(0) if m else None


def parse_area(text: str | None) -> AreaParse:
    raw = "" if text is None else str(text)
    s = _SEPARATORS.sub("", raw.strip())
    if not s:
        return AreaParse(None, None, None, False, raw, "empty")
    if s in _NOT_A_PLACE:
        return AreaParse(None, None, None, False, raw, "not a place")
    g = _gazetteer()
    province, rest = g.match_province(s)
    if province is None and len(s) >= 2 and s[1] == "省":
        rest = s[2:]  # mistyped province ("广省惠州"): let the city decide
    prov2, city, rest2, key = g.match_city(rest, province)
    if city is None and province is None:
        # A bare city name without province ("深圳南山区").
        prov2, city, rest2, key = g.match_city(s, None)
    if city is not None:
        province = province or prov2
        rest = rest2
        # "深圳深圳..." / "上海上海..." / "苏州苏州工业园区": the city repeated.
        _p, again, rest3, key3 = g.match_city(rest, province)
        if again == city and not _district_is_city_named(rest, city):
            rest, key = rest3, key3
        if key in g.county_city:  # "江苏省昆山": a county-level city under 苏州市
            return AreaParse(province, city, key + "市", True, raw)
        return AreaParse(province, city, _district(rest, city), True, raw)
    if province is not None:
        # Municipality: the province is the city.
        if province in {"北京市", "天津市", "上海市", "重庆市"}:
            return AreaParse(province, province, _district(rest, province), True, raw)
        return AreaParse(province, None, None, True, raw)
    return AreaParse(None, None, None, False, raw, "unknown place")


def _district_is_city_named(rest: str, city: str) -> bool:
    """'苏州工业园区' starts with the city's short name but is a district, not a repetition."""
    return any(rest.startswith(d) for d in _gazetteer().districts.get(city, ()))
