"""Navigation entries and dashboard cards contributed by each app (``navigation.py`` / ``dashboard.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    items: tuple[NavItem, ...]

    @property
    def active_urls(self) -> tuple[str, ...]:
        return tuple(item.url for item in self.items)


# The menu is grouped by domain so a school admin's thirty-odd pages stay findable on a phone.
NAV_GROUPS = (
    ("people", _("Schools & people"), ("core", "organizations", "academics", "messaging", "operations")),
    ("cooperation", _("Cooperation"), ("partnerships", "evaluation")),
    ("internships", _("Internships"), ("placements", "compliance")),
    ("demand", _("Talent demand"), ("labour_market",)),
    ("teachers", _("Teachers & resources"), ("faculty", "resources", "research", "certificates")),
    ("reports", _("Reports"), ("insights",)),
)


def nav_groups(actor) -> list[NavGroup]:
    by_app: dict[str, list[NavItem]] = {}
    for app in settings.WORKBRIDGE_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.navigation":
                raise
            continue
        by_app[app.rsplit(".", 1)[-1]] = list(module.items(actor))
    groups = []
    for key, label, apps in NAV_GROUPS:
        items = sorted((item for app in apps for item in by_app.get(app, [])), key=lambda item: item.order)
        if items:
            groups.append(NavGroup(key, label, tuple(items)))
    return groups


def dashboard_cards(actor) -> list[Card]:
    return _collect("dashboard", "cards", actor)
