from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, URGENT, Todo

from . import permissions as perms


def todos(actor) -> list[Todo]:
    if not perms.may_run_sessions(actor):
        return []
    from .selectors import counselling_waiting, wellbeing_flagged

    return [
        Todo(
            _("Students having a hard week, not yet followed up"),
            wellbeing_flagged(actor=actor).count(),
            "/guidance/wellbeing/",
            URGENT,
        ),
        Todo(
            _("Counselling requests waiting for a time"),
            counselling_waiting(actor=actor).count(),
            "/guidance/counselling/",
            SOON,
        ),
    ]
