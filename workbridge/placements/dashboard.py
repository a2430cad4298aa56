from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, URGENT, Card, Todo
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
        # Today's check-in is the home page's big button; the figure here is how far the internship has come.
        today = selectors.timezone.localdate()
        weeks = max(1, -(-((placement.end_date - placement.start_date).days + 1) // 7))
        week = min(weeks, max(0, (today - placement.start_date).days // 7 + 1))
        return [
            Card(
                _("Internship progress"),
                _("week %(n)s of %(total)s") % {"n": week, "total": weeks} if week else _("not started"),
                url="/placements/my/",
                hint=str(placement.enterprise),
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


def todos(actor) -> list[Todo]:
    """What waits for this person in internships, each linked to the list where it is done."""
    import datetime as dt

    from django.utils import timezone

    from . import models as m

    if actor.role is None:
        return []
    now = timezone.now()
    today = timezone.localdate()
    out: list[Todo] = []
    if actor.role == Role.STUDENT:
        offers = selectors.application_list(actor=actor, status="offered").count()
        out.append(Todo(_("Offers to answer"), offers, "/placements/applications/?status=offered", URGENT))
        placement = selectors.current_placement(actor=actor)
        if placement is not None and placement.status == "planned":
            agreement = m.TripartiteAgreement.objects.filter(
                placement=placement, student_confirmed_at__isnull=True
            ).exists()
            out.append(Todo(_("Tripartite agreement to confirm"), int(agreement), "/placements/my/", URGENT))
        if placement is not None and placement.status == "active":
            week = selectors.week_start(today)
            written = placement.reports.filter(kind="weekly", period_start=week).exclude(status="draft").exists()
            out.append(Todo(_("This week's report to write"), int(not written), "/placements/my/#report", SOON))
        return out
    reviews = selectors.reports_to_review(actor=actor)
    late = reviews.filter(due_at__lt=now - dt.timedelta(days=3)).count()
    out.append(Todo(_("Weekly reports waiting more than three days for review"), late, "/placements/reviews/", URGENT))
    out.append(Todo(_("Weekly reports to review"), reviews.count() - late, "/placements/reviews/", SOON))
    serious = selectors.alert_list(actor=actor).filter(severity="serious").count()
    out.append(Todo(_("Serious internship alerts"), serious, "/placements/alerts/", URGENT))
    if actor.role == Role.SCHOOL_ADMIN:
        out.append(
            Todo(
                _("Positions to review"),
                selectors.position_list(actor=actor, status="submitted").count(),
                "/placements/positions/?status=submitted",
                SOON,
            )
        )
        planned = selectors.placement_list(actor=actor, status="planned")
        out.append(
            Todo(
                _("Internships due to start but not started"),
                planned.filter(start_date__lte=today).count(),
                "/placements/placements/?status=planned",
                URGENT,
                _("open each one: it lists what still stops the start"),
            )
        )
        out.append(
            Todo(
                _("Internships starting within two weeks"),
                planned.filter(start_date__gt=today, start_date__lte=today + dt.timedelta(days=14)).count(),
                "/placements/placements/?status=planned",
                SOON,
            )
        )
    if actor.role == Role.ENTERPRISE_ADMIN:
        out.append(
            Todo(
                _("Applications to answer"),
                selectors.application_list(actor=actor, status="submitted").count(),
                "/placements/applications/?status=submitted",
                SOON,
            )
        )
        unconfirmed = m.TripartiteAgreement.objects.filter(
            placement__in=selectors.placement_list(actor=actor, status="planned"), enterprise_confirmed_at__isnull=True
        ).count()
        out.append(
            Todo(_("Tripartite agreements to confirm"), unconfirmed, "/placements/placements/?status=planned", URGENT)
        )
    return out
