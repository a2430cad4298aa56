"""Dashboard cards of the partnerships app: the counts each role needs about its cooperation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import LATER, SOON, Card, Todo
from workbridge.core.roles import STAFF_ROLES, Role

from . import selectors
from .navigation import PARTNER_ROLES


def cards(actor) -> list[Card]:
    if not (actor.is_platform_admin or actor.role in PARTNER_ROLES or actor.role == Role.STUDENT):
        return []
    if actor.role == Role.STUDENT:
        count = selectors.project_list(actor=actor).count()
        return [Card(_("My cooperation projects"), count, reverse("partnerships:project-list"), order=30)]
    counts = selectors.dashboard_counts(actor=actor)
    agreements = reverse("partnerships:agreement-list")
    if actor.role in STAFF_ROLES:
        projects = f"{reverse('partnerships:project-list')}?status=running"
        return [Card(_("Running projects"), counts["running_projects"], projects, order=32)]
    result = [
        Card(_("Agreements in force"), counts["active"], f"{agreements}?status=active", order=30, tone="good"),
        Card(
            _("Ending within 60 days"),
            counts["expiring"],
            f"{agreements}?expiring=1",
            hint=_("renew or wind down"),
            tone="warn" if counts["expiring"] else "",
            order=31,
        ),
        Card(
            _("Running projects"),
            counts["running_projects"],
            f"{reverse('partnerships:project-list')}?status=running",
            order=32,
        ),
        Card(_("People trained in projects"), counts["people_trained"], reverse("partnerships:index"), order=33),
    ]
    if actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN) or actor.is_platform_admin:
        result.append(Card(_("Draft agreements"), counts["drafts"], f"{agreements}?status=draft", order=34))
    return result


def todos(actor) -> list[Todo]:
    """Agreements ending soon (renew them) and drafts waiting for their signature."""
    from .permissions import may_write_partnership
    from .services import REMINDER_DAYS

    if actor.role not in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN) and not actor.is_platform_admin:
        return []
    expiring = [
        a
        for a in selectors.agreement_list(actor=actor, expiring_within_days=REMINDER_DAYS)
        if may_write_partnership(actor, a.school_id, a.enterprise_id) and not a.renewals.exists()
    ]
    drafts = selectors.agreement_list(actor=actor, status="draft").count()
    return [
        Todo(
            _("Agreements ending within two months, not yet renewed"),
            len(expiring),
            "/partnerships/agreements/?expiring=1",
            SOON,
        ),
        Todo(_("Draft agreements to sign"), drafts, "/partnerships/agreements/?status=draft", LATER),
    ]
