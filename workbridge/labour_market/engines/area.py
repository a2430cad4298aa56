"""Area strings from job boards -> province, city, district.

``parse_area(text) -> AreaParse(province, city, district, ok, raw)``. Real shapes handled:

- ``深圳深圳宝安区宝安`` (city printed twice, then a district and a neighbourhood),
- ``浙江省宁波`` / ``湖北省武汉东湖新技术产业开发区`` (province, city, zone),
- ``北京-朝阳区`` / ``上海上海浦东新区`` (municipalities),
- ``江苏省昆山`` (a county-level city: resolved to its prefecture, 苏州市, with 昆山市 as the district),
- ``湖北省湖北省`` (province only), ``广省惠州惠城区`` (mistyped province: the city decides),
- ``异地招聘`` / ``全国`` / empty: ``ok=False`` with the reason.

- ``郏县`` / ``三原`` / ``桐乡市`` / ``哈尔滨-延寿`` (a county alone, or after its city, with or without its suffix):
  every county-level division of GB/T 2260 (``data/gbt2260_adcodes.csv``) is known by its full name and its
  short form (the suffix 县/区/市/旗 dropped; 大厂回族自治县 -> 大厂); a short form shared by several counties
  resolves only when the province or city before it says which, otherwise it stays unresolved (never guessed).
- ``中甸县`` / ``波阳`` / ``云南迪庆中甸`` (a former name): names a county bore in earlier GB/T 2260 revisions
  (``data/gbt2260_old_names.csv``, derived by rule from the revisions 1980-2019) resolve to today's division and
  code; a current name or short form always wins over a former one.

Names come from ``data/regions_cn.csv`` (provinces and prefecture-level cities) and ``data/districts_cn.csv``
(districts of the big job markets); other districts are taken by their suffix (区/县/市/旗/新区). Province
and city are returned in their full official names (``广东省``, ``深圳市``); ``code`` is the GB/T 2260 code of the
most specific division found (6 digits).
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
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")
_DISTRICT_RE = re.compile(r"^[\u4e00-\u9fff]{1,9}?(?:新区|区|县|旗|市)")


@dataclass(frozen=True)
class AreaParse:
    province: str | None
    city: str | None
    district: str | None
    ok: bool
    raw: str
    reason: str = ""
    code: str | None = None


def strip_suffix(name: str, suffixes) -> str:
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
        # Within a province the short forms of its prefectures are unambiguous even where they clash elsewhere:
        # "青海海南共和县" is 海南藏族自治州, though "海南" alone is the province.
        self.province_city_alias: dict[str, dict[str, str]] = {}
        with open(DATA_DIR / "regions_cn.csv", encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for row in rows:
                prov, city = row["province"], row["city"]
                for alias in {prov, strip_suffix(prov, PROVINCE_SUFFIXES)}:
                    self.province_alias[alias] = prov
                short = strip_suffix(city, _CITY_SUFFIXES)
                self.city_alias.setdefault(city, (prov, city))
                self.city_alias.setdefault(short, (prov, city))
                for alias in filter(None, (row.get("aliases") or "").split("|")):
                    if alias.startswith("="):  # county-level city such as 昆山 -> 苏州市
                        alias = alias[1:]
                        self.county_city[alias] = city
                    self.city_alias.setdefault(alias, (prov, city))
                scoped = self.province_city_alias.setdefault(prov, {})
                cut = nationality_cut(city, _nationalities()) if "自治" in city else ""
                for alias in {city, short, cut, *(a.lstrip("=") for a in (row.get("aliases") or "").split("|"))}:
                    if len(alias) >= 2:
                        scoped.setdefault(alias, city)
        with open(DATA_DIR / "districts_cn.csv", encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for row in rows:
                self.districts[row["city"]] = sorted(row["districts"].split("|"), key=len, reverse=True)
        self._province_keys = sorted(self.province_alias, key=len, reverse=True)
        self._city_keys = sorted(self.city_alias, key=len, reverse=True)
        self._province_city_keys = {
            prov: sorted(aliases, key=len, reverse=True) for prov, aliases in self.province_city_alias.items()
        }

    def match_province(self, s: str) -> tuple[str | None, str]:
        for key in self._province_keys:
            if s.startswith(key):
                return self.province_alias[key], s[len(key) :]
        return None, s

    def match_city(self, s: str, province: str | None) -> tuple[str | None, str | None, str, str]:
        """-> (province, city, rest, key matched)."""
        keys = self._province_city_keys.get(province, ()) if province else self._city_keys
        for key in keys:
            if s.startswith(key):
                prov, city = (province, self.province_city_alias[province][key]) if province else self.city_alias[key]
                if key == city and key.endswith("市"):
                    # "青岛市北区": the 市 belongs to the district 市北区, not to the city.
                    short_rest = s[len(key) - 1 :]
                    if any(short_rest.startswith(d) for d in self.districts.get(city, ())):
                        return prov, city, short_rest, key[:-1]
                return prov, city, s[len(key) :], key
        return None, None, s, ""


@lru_cache(maxsize=1)
def _nationalities() -> list[str]:
    with open(DATA_DIR / "nationalities_cn.txt", encoding="utf-8") as fh:
        return sorted((n.strip() for n in fh if n.strip() and not n.startswith("#")), key=len, reverse=True)


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    return _Gazetteer()


# Taiwan, Hong Kong and Macao appear in GB/T 2260 as provinces only; the code list's finer rows for them are not
# county-level divisions of the standard and are left out.
NOT_IN_GBT2260_COUNTIES = {"71", "81", "82"}
COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")


def nationality_cut(name: str, nationalities: list[str]) -> str:
    """The place name before the first nationality in an autonomous division's name (德宏傣族景颇族自治州 -> 德宏)."""
    found = [i for i in (name.find(n) for n in nationalities) if i >= 2]
    return name[: min(found)] if found else ""


@dataclass(frozen=True)
class County:
    code: str  # 6-digit GB/T 2260
    name: str
    province: str
    city: str  # the prefecture; a county-level city directly under its province (仙桃市) is its own city


class _Counties:
    """Every county-level division with its short forms (GB/T 2260 code list)."""

    def __init__(self):
        names: dict[str, str] = {}
        with open(DATA_DIR / "gbt2260_adcodes.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                names[row["adcode"][:6]] = row["name"]
        nationalities = _nationalities()
        self.codes: dict[str, str] = {}  # province or city full name -> code
        self.by_alias: dict[str, list[County]] = {}
        self.nationalities = nationalities
        for code, name in names.items():
            if code[:2] in NOT_IN_GBT2260_COUNTIES:
                continue
            if code.endswith("00"):
                self.codes.setdefault(name, code)
                continue
            province = names.get(code[:2] + "0000", "")
            city = names.get(code[:4] + "00") or name
            county = County(code, name, province, city)
            for alias in self._aliases(name, nationalities):
                self.by_alias.setdefault(alias, []).append(county)
        by_code = {c.code: c for group in self.by_alias.values() for c in group}
        # Former names (中甸县 -> 香格里拉市), derived from the GB/T 2260 revisions by data/build_old_area_names.py.
        # A current name or short form always wins over a former one.
        self.old_by_alias: dict[str, list[County]] = {}
        with open(DATA_DIR / "gbt2260_old_names.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                county = by_code.get(row["code"])
                if county is None:
                    continue
                for alias in self._aliases(row["old_name"], nationalities):
                    if alias not in self.by_alias and county not in self.old_by_alias.get(alias, ()):
                        self.old_by_alias.setdefault(alias, []).append(county)
        self._keys: dict[str, list[str]] = {}  # first character -> aliases starting with it, longest first
        for key in sorted(self.by_alias.keys() | self.old_by_alias.keys(), key=len, reverse=True):
            self._keys.setdefault(key[0], []).append(key)

    @staticmethod
    def _aliases(name: str, nationalities: list[str]) -> set[str]:
        aliases = {name}
        if "自治" in name:  # 大厂回族自治县 -> 大厂, 长阳土家族自治县 -> 长阳
            cut = nationality_cut(name, nationalities)
            if cut:
                aliases.add(cut)
        for suffix in COUNTY_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                aliases.add(name[: -len(suffix)])
                break
        return aliases

    def match(self, s: str, *, province: str | None = None, city: str | None = None) -> tuple[County | None, str]:
        """(county, alias): the longest alias the string starts with among the counties that fit the province and
        city already known; county is None when that alias is shared by several of them (never guessed)."""
        for key in self._keys.get(s[:1], ()):
            if not s.startswith(key):
                continue
            candidates = [
                c
                for c in self.by_alias.get(key) or self.old_by_alias[key]
                if (not province or c.province == province) and (not city or c.city == city)
            ]
            if len(candidates) == 1:
                return candidates[0], key
            if len(candidates) > 1:
                return None, key  # shared short form and nothing says which: unresolved, never guessed
        return None, ""

    def lookup(self, s: str, *, province: str | None = None, city: str | None = None) -> County | None:
        """The county the string starts with, if exactly one fits the province and city already known."""
        return self.match(s, province=province, city=city)[0]


@lru_cache(maxsize=1)
def county_index() -> _Counties:
    return _Counties()


def _district(rest: str, city: str) -> str | None:
    if not rest:
        return None
    for d in gazetteer().districts.get(city, ()):
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
    g = gazetteer()
    province, rest = g.match_province(s)
    if province is None and len(s) >= 2 and s[1] == "省":
        rest = s[2:]  # mistyped province ("广省惠州"): let the city decide
    city_src = rest
    prov2, city, rest2, key = g.match_city(rest, province)
    if city is None and province is None:
        # A bare city name without province ("深圳南山区").
        city_src = s
        prov2, city, rest2, key = g.match_city(s, None)
    if city is not None:
        counties = county_index()
        # "甘孜县", "阿拉善右旗", "岳阳楼区", "甘肃临夏市": a county whose name begins with its prefecture's short name
        longer, longer_key = counties.match(city_src, province=province)
        if len(longer_key) > len(key) and not _district_is_city_named(rest2, city):
            if longer is None:  # "朝阳区" alone: 北京 or 长春, not 辽宁's 朝阳市
                return AreaParse(None, None, None, False, raw, "several places have this name")
            return AreaParse(longer.province, longer.city, longer.name, True, raw, code=longer.code)
        province = province or prov2
        rest = rest2
        # "承德·承德县", "黄石·黄石港", "阿拉善·阿拉善右": a county named like its city, not the city repeated.
        named_like_city, alias = counties.match(rest, province=province, city=city) if rest else (None, "")
        _p, again, rest3, key3 = g.match_city(rest, province)
        if named_like_city is not None and (
            named_like_city.name == rest[: len(named_like_city.name)] or (again == city and len(alias) > len(key3))
        ):
            return AreaParse(province, city, named_like_city.name, True, raw, code=named_like_city.code)
        # "深圳深圳..." / "上海上海..." / "苏州苏州工业园区": the city repeated.
        if again == city and not _district_is_city_named(rest, city):
            rest, key = rest3, key3
        if key in g.county_city:  # "江苏省昆山": a county-level city under 苏州市
            county = counties.lookup(key, province=province)
            return AreaParse(
                province, city, key + "市", True, raw, code=county.code if county else counties.codes.get(city)
            )
        county = counties.lookup(rest, province=province, city=city) if rest else None
        if county is None and rest and key.endswith("市"):  # "内江市中区": the 市 begins the district 市中区
            county = counties.lookup("市" + rest, province=province, city=city)
        if county is not None:  # "哈尔滨-延寿": the county's short form after its city
            return AreaParse(province, city, county.name, True, raw, code=county.code)
        district = _district(rest, city)
        code = counties.codes.get(city)
        if code is None:  # a county-level city directly under its province (湖北省天门): the city is the county
            itself = counties.lookup(city, province=province)
            code = itself.code if itself else None
        return AreaParse(province, city, district, True, raw, code=code)
    counties = county_index()
    if province is not None:
        longer, longer_key = counties.match(s)
        if longer is not None and len(longer_key) > len(s) - len(rest):  # "海南区" (乌海), not 海南省
            return AreaParse(longer.province, longer.city, longer.name, True, raw, code=longer.code)
        # Municipality: the province is the city.
        if province in {"北京市", "天津市", "上海市", "重庆市"}:
            county = counties.lookup(rest, province=province) if rest else None
            if county is not None:
                return AreaParse(province, province, county.name, True, raw, code=county.code)
            return AreaParse(
                province, province, _district(rest, province), True, raw, code=counties.codes.get(province)
            )
        county = counties.lookup(rest, province=province) if rest else None
        if county is not None:  # "河南郏县": a province, then a county
            return AreaParse(province, county.city, county.name, True, raw, code=county.code)
        county = counties.lookup(rest) if rest else None
        if county is not None and county.city.startswith(s[: len(s) - len(rest)]):
            # "海南·兴海县": 海南藏族自治州 of 青海, not 海南省
            return AreaParse(county.province, county.city, county.name, True, raw, code=county.code)
        return AreaParse(province, None, None, True, raw, code=counties.codes.get(province))
    county = counties.lookup(s)
    if county is not None:  # "郏县", "三原", "桐乡市": a county alone
        return AreaParse(county.province, county.city, county.name, True, raw, code=county.code)
    return AreaParse(None, None, None, False, raw, "unknown place")


def _district_is_city_named(rest: str, city: str) -> bool:
    """'苏州工业园区' starts with the city's short name but is a district, not a repetition."""
    return any(rest.startswith(d) for d in gazetteer().districts.get(city, ()))
