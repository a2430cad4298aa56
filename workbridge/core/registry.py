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


URGENT, SOON, LATER = 0, 1, 2


@dataclass(frozen=True)
class Todo:
    """Something waiting for this person: how many, where it is done (a filtered list), how urgent."""

    label: str
    count: int
    url: str
    urgency: int = SOON  # URGENT (today, blocking, past due), SOON, LATER
    hint: str = ""


def _collect(module_name: str, function: str, actor) -> list:
    found = []
    for app in settings.WORKBRIDGE_APPS:
        try:
            module = import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{module_name}":
                raise
            continue
        if hasattr(module, function):
            found.extend(getattr(module, function)(actor))
    return sorted(found, key=lambda item: getattr(item, "order", 0))


def dashboard_todos(actor) -> list[Todo]:
    """Each app's dashboard.todos(actor): what waits for this person, most urgent first, only what is there."""
    items = [t for t in _collect("dashboard", "todos", actor) if t.count]
    return sorted(items, key=lambda t: (t.urgency, -t.count))


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
    ("cooperation", _("Cooperation"), ("partnerships", "enrolment", "evaluation", "innovation")),
    ("internships", _("Internships"), ("placements", "compliance", "conversations", "guidance")),
    ("demand", _("Talent demand"), ("labour_market", "major_reviews")),
    ("teachers", _("Teachers & resources"), ("faculty", "resources", "teaching_resources", "research", "certificates")),
    ("reports", _("Reports"), ("insights",)),
)


def _per_app(module_name: str, function: str, actor) -> dict[str, list]:
    """Each app's ``<app>.<module_name>.<function>(actor)``, by the app's short name (apps without it skipped)."""
    by_app: dict[str, list] = {}
    for app in settings.WORKBRIDGE_APPS:
        try:
            module = import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{module_name}":
                raise
            continue
        if hasattr(module, function):
            by_app[app.rsplit(".", 1)[-1]] = list(getattr(module, function)(actor))
    return by_app


def _grouped(by_app: dict[str, list]) -> list[tuple[str, str, tuple]]:
    """The items under the menu's headings, in each heading's order; empty headings left out."""
    out = []
    for key, label, apps in NAV_GROUPS:
        items = sorted((item for app in apps for item in by_app.get(app, [])), key=lambda item: item.order)
        if items:
            out.append((key, label, tuple(items)))
    return out


def nav_groups(actor) -> list[NavGroup]:
    return [NavGroup(key, label, items) for key, label, items in _grouped(_per_app("navigation", "items", actor))]


@dataclass(frozen=True)
class CardGroup:
    key: str
    label: str
    cards: tuple[Card, ...]


def dashboard_card_groups(actor, todos=()) -> list[CardGroup]:
    """The key figures under the same headings as the menu, each once: a figure that is already a to-do above
    (the same list behind it) is not repeated, and two apps counting the same thing show it once."""
    done_elsewhere = {t.url for t in todos}
    seen: set[str] = set()
    by_app: dict[str, list] = {}
    for app, cards in _per_app("dashboard", "cards", actor).items():
        for card in cards:
            if str(card.label) in seen or (card.url and card.url in done_elsewhere):
                continue
            seen.add(str(card.label))
            by_app.setdefault(app, []).append(card)
    return [CardGroup(key, label, cards) for key, label, cards in _grouped(by_app)]


def dashboard_cards(actor) -> list[Card]:
    """Key figures; one card per label (two apps counting the same thing show it once)."""
    seen: set[str] = set()
    cards = []
    for card in _collect("dashboard", "cards", actor):
        if str(card.label) in seen:
            continue
        seen.add(str(card.label))
        cards.append(card)
    return cards
