from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import Card
from workbridge.core.roles import Role

from . import selectors


def cards(actor) -> list[Card]:
    if actor.role is None:
        return []
    if actor.role == Role.STUDENT:
        placement = selectors.current_placement(actor=actor)
        if placement is None:
            return [
                Card(_("Internship"), _("none yet"), url="/placements/positions/", hint=_("Browse positions"), order=20)
            ]
        done = placement.checkins.filter(work_date=selectors.timezone.localdate()).exists()
        return [
            Card(
                _("Today's check-in"),
                _("done") if done else _("open"),
                url="/placements/my/",
                tone="good" if done else "warn",
                order=20,
            )
        ]
    alerts = selectors.alert_list(actor=actor).count()
    out = [
        Card(_("Open internship alerts"), alerts, url="/placements/alerts/", tone="bad" if alerts else "good", order=20)
    ]
    if actor.role in (Role.TEACHER, Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN, Role.SCHOOL_ADMIN):
        out.append(
            Card(
                _("Reports to review"),
                selectors.reports_to_review(actor=actor).count(),
                url="/placements/reviews/",
                order=21,
            )
        )
    if actor.role != Role.AUTHORITY_OFFICER:
        out.append(
            Card(
                _("Active placements"),
                selectors.placement_list(actor=actor, status="active").count(),
                url="/placements/placements/",
                order=22,
            )
        )
    return out
