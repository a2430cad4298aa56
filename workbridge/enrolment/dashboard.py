"""What joint enrolment asks of this person today (dashboard to-dos)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, URGENT, Todo

from .selectors import waiting_for


def todos(actor) -> list[Todo]:
    counts = waiting_for(actor=actor)
    return [
        Todo(_("Joint enrolment plans waiting for your approval"), counts["approvals"], "/enrolment/", SOON),
        Todo(_("Enrolment applications waiting for your decision"), counts["decisions"], "/enrolment/", SOON),
        Todo(_("Apprenticeship agreements to confirm"), counts["agreements"], "/enrolment/", URGENT),
    ]
