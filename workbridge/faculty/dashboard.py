import datetime as dt

from django.utils.translation import gettext_lazy as _

from workbridge.core import figures_cache
from workbridge.core.registry import Card
from workbridge.core.roles import ENTERPRISE_ROLES, Role

TONE = {"met": "good", "on_track": "good", "at_risk": "warn", "behind": "bad", "exempt": ""}


def cards(actor) -> list[Card]:
    from . import selectors

    if actor.role == Role.TEACHER and actor.teacher_id:
        row = selectors.teacher_row(actor=actor, teacher_id=actor.teacher_id)
        p = row.progress
        return [
            Card(
                _("My enterprise practice (days in 5 years)"),
                f"{p.credited_days:.0f} / {p.required_days}",
                url="/faculty/me/",
                hint=_("Window %(a)s – %(b)s") % {"a": p.window_start, "b": p.window_end},
                tone=TONE.get(p.status, ""),
                order=40,
            )
        ]
    if actor.role in ENTERPRISE_ROLES:
        pending = selectors.pending_confirmations(actor=actor).count()
        return [
            Card(
                _("Teacher practice to confirm"),
                pending,
                url="/faculty/confirmations/",
                tone="warn" if pending else "",
                order=40,
            )
        ]
    if actor.role in (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER):

        def compute():
            _rows, total = selectors.dual_qualified_share(actor=actor)
            return total.dual, total.professional, total.behind

        # Every teacher's progress through the engines (about 1 s for 6,000 teachers): cached per viewer and day
        # until a record behind it is written (apps.py watches them; issue 14).
        dual, professional, behind = figures_cache.cached(
            "faculty",
            (actor.role, actor.organization_id, actor.is_platform_admin, dt.date.today(), "cards"),
            compute,
        )
        share = "—" if not professional else f"{dual / professional * 100:.0f}%"
        return [
            Card(
                _("Dual-qualified teachers"),
                share,
                url="/faculty/shares/",
                hint=_("%(d)s of %(n)s professional-course teachers") % {"d": dual, "n": professional},
                order=40,
            ),
            Card(
                _("Teachers behind on enterprise practice"),
                behind,
                url="/faculty/alerts/",
                tone="bad" if behind else "good",
                order=41,
            ),
        ]
    return []
