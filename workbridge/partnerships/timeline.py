"""The partnership timeline: everything that happened between one school and one enterprise.

Other apps contribute events without this app knowing them: in their ``AppConfig.ready()`` they call
``register_timeline_provider(provider)`` where ``provider(actor, school_id, enterprise_id)`` returns an
iterable of ``TimelineEvent``. Providers must read through ``core.access.visible`` so the actor only ever
sees rows in their scope. See docs/DEVELOPING.md, "Partnership timeline".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    kind: str  # a machine key, e.g. "agreement.signed", "placement.started"
    title: str
    detail: str = ""
    url: str = ""
    source: str = ""  # the contributing app label
    tone: str = ""  # "", "good", "warn", "bad"


Provider = Callable[[object, int, int], Iterable[TimelineEvent]]
_PROVIDERS: list[Provider] = []


def register_timeline_provider(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def timeline_providers() -> list[Provider]:
    return list(_PROVIDERS)


def collect_timeline(actor, school_id: int, enterprise_id: int) -> list[TimelineEvent]:
    """All events of the pair from every registered provider, newest first (stable for equal dates)."""
    events: list[TimelineEvent] = []
    for provider in _PROVIDERS:
        events.extend(provider(actor, school_id, enterprise_id))
    return sorted(events, key=lambda e: (e.date, e.kind, e.title), reverse=True)


def partnerships_events(actor, school_id: int, enterprise_id: int) -> Iterable[TimelineEvent]:
    """This app's own contribution: agreements, projects, milestones and outputs of the pair."""
    from workbridge.core.access import visible

    from .models import Agreement, AgreementStatus, Milestone, Project, ProjectOutput, ProjectStatus

    agreements = visible(actor, Agreement.objects.filter(school_id=school_id, enterprise_id=enterprise_id))
    for a in agreements:
        url = reverse("partnerships:agreement-detail", args=[a.pk])
        if a.status == AgreementStatus.DRAFT:
            yield TimelineEvent(
                a.created_at.date(),
                "agreement.drafted",
                _("Agreement drafted: %(t)s") % {"t": a.title},
                url=url,
                source="partnerships",
            )
        if a.signed_on:
            yield TimelineEvent(
                a.signed_on,
                "agreement.signed",
                _("Agreement signed: %(t)s") % {"t": a.title},
                _("Term %(s)s to %(e)s") % {"s": a.start_date, "e": a.end_date},
                url,
                "partnerships",
                "good",
            )
        if a.status in (AgreementStatus.ACTIVE, AgreementStatus.EXPIRED) or (
            a.status == AgreementStatus.TERMINATED and a.signed_on
        ):
            yield TimelineEvent(
                a.start_date,
                "agreement.started",
                _("Agreement in force: %(t)s") % {"t": a.title},
                url=url,
                source="partnerships",
            )
        if a.status == AgreementStatus.EXPIRED:
            yield TimelineEvent(
                a.end_date,
                "agreement.expired",
                _("Agreement expired: %(t)s") % {"t": a.title},
                url=url,
                source="partnerships",
                tone="warn",
            )
        if a.status == AgreementStatus.TERMINATED:
            yield TimelineEvent(
                a.updated_at.date(),
                "agreement.terminated",
                _("Agreement terminated: %(t)s") % {"t": a.title},
                a.termination_reason,
                url,
                "partnerships",
                "bad",
            )
    projects = visible(actor, Project.objects.filter(school_id=school_id, enterprise_id=enterprise_id))
    for p in projects:
        url = reverse("partnerships:project-detail", args=[p.pk])
        yield TimelineEvent(
            p.start_date,
            "project.started",
            _("%(type)s started: %(t)s") % {"type": p.get_project_type_display(), "t": p.title},
            url=url,
            source="partnerships",
        )
        if p.status == ProjectStatus.COMPLETED and p.end_date:
            yield TimelineEvent(
                p.end_date,
                "project.completed",
                _("Project completed: %(t)s") % {"t": p.title},
                url=url,
                source="partnerships",
                tone="good",
            )
        elif p.status == ProjectStatus.CANCELLED:
            yield TimelineEvent(
                p.updated_at.date(),
                "project.cancelled",
                _("Project cancelled: %(t)s") % {"t": p.title},
                url=url,
                source="partnerships",
                tone="bad",
            )
    milestones = visible(
        actor, Milestone.objects.filter(project__school_id=school_id, project__enterprise_id=enterprise_id)
    ).select_related("project")
    for m in milestones:
        url = reverse("partnerships:project-detail", args=[m.project_id])
        if m.done_on:
            yield TimelineEvent(
                m.done_on,
                "milestone.done",
                _("Milestone reached: %(t)s") % {"t": m.title},
                m.project.title,
                url,
                "partnerships",
                "good",
            )
        else:
            yield TimelineEvent(
                m.due_date,
                "milestone.due",
                _("Milestone due: %(t)s") % {"t": m.title},
                m.project.title,
                url,
                "partnerships",
            )
    outputs = visible(
        actor, ProjectOutput.objects.filter(project__school_id=school_id, project__enterprise_id=enterprise_id)
    ).select_related("project")
    for o in outputs:
        quantity = o.quantity.normalize() if o.quantity == o.quantity.to_integral() else o.quantity
        yield TimelineEvent(
            o.recorded_on,
            "output.recorded",
            f"{o.get_kind_display()}: {quantity:f}",
            o.note or o.project.title,
            reverse("partnerships:project-detail", args=[o.project_id]),
            "partnerships",
        )
