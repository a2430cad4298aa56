"""Dashboard card: open rule violations the role can see."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import Card

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
