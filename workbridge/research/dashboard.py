from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import Card
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role


def cards(actor) -> list[Card]:
    from . import selectors

    if (
        actor.role in ENTERPRISE_ROLES
        or actor.role in SCHOOL_ROLES
        or actor.role in (Role.AUTHORITY_OFFICER, Role.ASSOCIATION_OFFICER)
    ):
        summary = selectors.school_summary(actor=actor)
        totals = selectors.outcome_totals(actor=actor)
        found = [
            Card(
                _("R&D projects under way"),
                summary["active"],
                url="/research/",
                hint=_("%(n)s in total; outcomes saved %(s)s yuan")
                % {"n": summary["projects"], "s": f"{totals['saved']:,.0f}"},
                order=60,
            )
        ]
        if actor.role in SCHOOL_ROLES:
            found.append(Card(_("Open technical problems"), summary["open_problems"], url="/research/", order=61))
        return found
    return []
