"""Reads every placement sub-domain shares: the platform defaults (data/defaults.json), a school's settings
as read, the competency items a student is assessed on, the Monday of a week."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from .. import models as m

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((DATA_DIR / "defaults.json").read_text(encoding="utf-8"))


def student_host_items() -> list[dict]:
    return defaults()["student_host_items"]


class _Item:
    def __init__(self, code, name, weight):
        self.code, self.name, self.weight = code, name, weight


def competency_items_for(student) -> list:
    """The major's items, else the school's defaults, else the platform defaults (data/defaults.json)."""
    items = list(m.CompetencyItem.objects.filter(school_id=student.school_id, major_id=student.major_id))
    if not items:
        items = list(m.CompetencyItem.objects.filter(school_id=student.school_id, major__isnull=True))
    if items:
        return items
    from django.utils.translation import get_language

    zh = (get_language() or "").startswith("zh")
    return [_Item(i["code"], i["name_zh"] if zh else i["name"], i["weight"]) for i in defaults()["competency_items"]]


def school_settings(school_id: int) -> m.PlacementSettings:
    """The school's placement settings for reading: its saved row, or the defaults when it has none yet (a
    selector never writes; services.common.settings_for creates the row when a service needs it)."""
    saved = m.PlacementSettings.objects.filter(school_id=school_id).first()
    return saved or m.PlacementSettings(school_id=school_id, grade_weights=defaults()["grade_weights"])


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@lru_cache(maxsize=1)
def _catalogues() -> dict:
    return json.loads((DATA_DIR / "catalogues.json").read_text(encoding="utf-8"))


def _in_language(items: list[list[str]]) -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    zh = not (get_language() or "").startswith("en")
    return [(code, zh_name if zh else en_name) for code, zh_name, en_name in items]


def major_category_choices() -> list[tuple[str, str]]:
    """The vocational major categories (专业大类) by code, as the 2021 catalogue names them."""
    return [(code, f"{code} {name}") for code, name in _in_language(_catalogues()["major_categories"]["items"])]


def venue_choices() -> list[tuple[str, str]]:
    """Kinds of workplace, including those the internship rules forbid (choosing one is refused with the rule)."""
    return _in_language(_catalogues()["venue_types"]["items"])
