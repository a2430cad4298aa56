"""Dashboard card: open rule violations the role can see."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import LATER, URGENT, Card, Todo

from . import selectors
from .navigation import INBOX_ROLES


def cards(actor) -> list[Card]:
    if not (actor.is_platform_admin or actor.role in INBOX_ROLES):
        return []
    counts = selectors.violation_counts(actor=actor)
    tone = "bad" if counts["critical"] else ("warn" if counts["open"] else "good")
    return [
        Card(
            _("Open rule violations"),
            counts["open"],
            reverse("compliance:inbox"),
            hint=_("%(n)s critical") % {"n": counts["critical"]},
            tone=tone,
            order=60,
        )
    ]


def todos(actor) -> list[Todo]:
    if not (actor.is_platform_admin or actor.role in INBOX_ROLES):
        return []
    counts = selectors.violation_counts(actor=actor)
    return [
        Todo(
            _("Critical rule violations open"),
            counts["critical"],
            reverse("compliance:inbox") + "?severity=critical",
            URGENT,
        ),
        Todo(_("Other rule violations open"), counts["open"] - counts["critical"], reverse("compliance:inbox"), LATER),
    ]
