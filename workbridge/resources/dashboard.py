from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import Card
from workbridge.core.roles import STAFF_ROLES, Role

from .services import OWNER_ADMIN_ROLES


def cards(actor) -> list[Card]:
    from . import selectors

    if actor.role in (None, Role.STUDENT) or actor.role in STAFF_ROLES:
        return []  # bookings and idle bases are managed by the owners' administrators
    found = []
    if actor.role in OWNER_ADMIN_ROLES:
        pending = selectors.pending_for_owner(actor=actor).count()
        found.append(
            Card(
                _("Booking requests to decide"),
                pending,
                url="/resources/bookings/",
                tone="warn" if pending else "",
                order=50,
            )
        )
    own = (
        actor.organization_id
        if actor.role not in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER)
        else None
    )
    rows = selectors.utilisation_rows(actor=actor, owner_id=own)
    if rows:
        idle = sum(1 for r in rows if r.idle)
        used = sum(r.used_hours for r in rows)
        avail = sum(r.available_hours for r in rows)
        found.append(
            Card(
                _("Idle resources"),
                f"{idle} / {len(rows)}",
                url="/resources/?idle=1",
                tone="bad" if idle else "good",
                hint=_("Utilisation %(p)s over 90 days") % {"p": f"{used / avail * 100:.0f}%" if avail else "—"},
                order=51,
            )
        )
    return found
