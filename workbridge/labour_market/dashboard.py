from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import LATER, Card, Todo
from workbridge.core.roles import SCHOOL_ROLES, STAFF_ROLES, Role


def cards(actor) -> list[Card]:
    if actor is None or actor.role is None or actor.role == Role.STUDENT:
        return []  # a student's home is their internship; the region's demand figures are for staff
    from .models import Posting, WarningLevel
    from .selectors import warning_list

    out = []
    if actor.role not in STAFF_ROLES:
        analysed = Posting.objects.filter(duplicate_of__isnull=True).count()
        out.append(Card(_("Job postings analysed"), analysed, reverse("labour_market:overview"), order=60))
    if actor.role in SCHOOL_ROLES or actor.role == Role.AUTHORITY_OFFICER or actor.is_platform_admin:
        red = warning_list(actor=actor).filter(level=WarningLevel.RED).values("major").distinct().count()
        out.append(
            Card(
                _("Majors on red warning"),
                red,
                reverse("labour_market:warnings"),
                tone="bad" if red else "good",
                order=61,
            )
        )
    return out


def todos(actor) -> list[Todo]:
    """Majors on red warning in the latest judged year (school leaders and the authority act on them)."""
    from . import selectors

    if not (actor.is_platform_admin or actor.role in (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER)):
        return []
    warnings = selectors.warning_list(actor=actor)
    latest = warnings.order_by("-year").values_list("year", flat=True).first()
    red = warnings.filter(year=latest, level="red").count() if latest else 0
    return [Todo(_("Majors on red warning"), red, "/labour-market/warnings/", LATER)]
