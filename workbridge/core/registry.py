"""Navigation entries and dashboard cards contributed by each app (``navigation.py`` / ``dashboard.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    icon: str = ""


@dataclass(frozen=True)
class Card:
    label: str
    value: object
    url: str = ""
    hint: str = ""
    tone: str = ""  # "", "good", "warn", "bad"
    order: int = 100


def _collect(module_name: str, function: str, actor) -> list:
    found = []
    for app in settings.WORKBRIDGE_APPS:
        try:
            module = import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{module_name}":
                raise
            continue
        found.extend(getattr(module, function)(actor))
    return sorted(found, key=lambda item: item.order)


def nav_items(actor) -> list[NavItem]:
    return _collect("navigation", "items", actor)


def dashboard_cards(actor) -> list[Card]:
    return _collect("dashboard", "cards", actor)
