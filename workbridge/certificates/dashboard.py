from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import Card
from workbridge.core.roles import SCHOOL_ROLES, Role


def cards(actor) -> list[Card]:
    from . import selectors

    if actor.role == Role.STUDENT:
        passed = selectors.registrations(actor=actor, result="passed").count()
        return [Card(_("1+X certificates passed"), passed, url="/certificates/mine/", order=70)]
    if actor.role in SCHOOL_ROLES or actor.role in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER):
        year = timezone.localdate().year
        _rows, total = selectors.pass_rates(actor=actor, by="school", year=year)
        if total.sat == 0:
            _rows, total = selectors.pass_rates(actor=actor, by="school", year=year - 1)
            year -= 1
        return [
            Card(
                _("1+X pass rate %(y)s") % {"y": year},
                total.percent,
                url="/certificates/pass-rates/",
                hint=_("%(p)s of %(s)s candidates") % {"p": total.passed, "s": total.sat},
                order=70,
            )
        ]
    return []
