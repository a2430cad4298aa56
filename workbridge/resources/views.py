"""Pages for shared resources: list, week calendar with booking (htmx), approvals, usage, utilisation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.archiving import wants_archived
from workbridge.core.exceptions import DomainError
from workbridge.core.listing import export_if_asked, export_links
from workbridge.organizations.models import Organization

from . import permissions as perms
from . import selectors, services
from .forms import BaseForm, BookingForm, DecisionForm, ResourceForm, UsageForm
from .listing import RESOURCE_COLUMNS
from .models import Booking, BookingStatus, Resource


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    archived = wants_archived(request.GET)
    rows = selectors.utilisation_rows(actor=actor, archived=archived)
    kind = request.GET.get("kind", "")
    if kind:
        rows = [r for r in rows if r.resource.kind == kind]
    if request.GET.get("idle"):
        rows = [r for r in rows if r.idle]
    if exported := export_if_asked(
        request, name="resources", title=_("Shared resources"), columns=RESOURCE_COLUMNS, rows=rows
    ):
        return exported
    return render(
        request,
        "resources/index.html",
        {
            "export_links": export_links(request),
            "rows": rows,
            "kind": kind,
            "kinds": Resource._meta.get_field("kind").choices,
            "may_add": perms.manages_own_resources(actor),
            "idle_only": bool(request.GET.get("idle")),
            "showing_archived": archived,
        },
    )


@login_required
def resource_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    owner = Organization.objects.filter(pk=actor.organization_id).first()
    bases = selectors.bases(actor=actor).filter(owner_id=actor.organization_id)
    form = ResourceForm(request.POST or None, bases=bases)
    base_form = BaseForm(prefix="base")
    if request.method == "POST" and form.is_valid():
        try:
            res = services.resource_create(actor=actor, owner=owner, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Resource added."))
            return redirect("resources:detail", pk=res.pk)
    return render(request, "resources/resource_form.html", {"form": form, "base_form": base_form})


@login_required
@require_POST
def base_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    owner = Organization.objects.filter(pk=actor.organization_id).first()
    form = BaseForm(request.POST, prefix="base")
    if form.is_valid():
        services.base_create(actor=actor, owner=owner, **form.cleaned_data)
        messages.success(request, _("Training base added."))
    else:
        messages.error(request, _("Give the base a name and kind."))
    return redirect("resources:new")


def _week_start(request) -> dt.date:
    raw = request.GET.get("week") or request.POST.get("week")
    try:
        return selectors.monday_of(dt.date.fromisoformat(raw)) if raw else selectors.monday_of(timezone.localdate())
    except ValueError:
        return selectors.monday_of(timezone.localdate())


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    res = selectors.resource(actor=actor, pk=pk)
    grid = selectors.week_grid(actor=actor, res=res, monday=_week_start(request))
    usage = selectors.usage_records(actor=actor, resource_id=res.pk)[:20]
    util = next(
        (r for r in selectors.utilisation_rows(actor=actor, owner_id=res.owner_id) if r.resource.pk == res.pk), None
    )
    return render(
        request,
        "resources/detail.html",
        {
            "res": res,
            "grid": grid,
            "usage": usage,
            "util": util,
            "can_book": perms.may_book(actor) and res.is_active,
            "form": BookingForm(),
        },
    )


@login_required
def week(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    res = selectors.resource(actor=actor, pk=pk)
    grid = selectors.week_grid(actor=actor, res=res, monday=_week_start(request))
    return render(
        request, "resources/_week.html", {"res": res, "grid": grid, "can_book": perms.may_book(actor) and res.is_active}
    )


@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the booking form for a clicked slot; POST: create the booking and refresh the calendar."""
    actor = actor_for(request.user)
    res = selectors.resource(actor=actor, pk=pk)
    if request.method == "GET":
        initial = {"expected_users": 1}
        try:
            start = dt.datetime.fromisoformat(request.GET.get("start", ""))
            initial.update(date=start.date(), start=start.time(), end=(start + dt.timedelta(hours=1)).time())
        except ValueError:
            pass
        return render(request, "resources/_booking_form.html", {"res": res, "form": BookingForm(initial=initial)})
    form = BookingForm(request.POST)
    error = None
    if form.is_valid():
        tz = timezone.get_current_timezone()
        data = form.cleaned_data
        try:
            booking = services.booking_request(
                actor=actor,
                resource_id=res.pk,
                starts_at=dt.datetime.combine(data["date"], data["start"], tzinfo=tz),
                ends_at=dt.datetime.combine(data["date"], data["end"], tzinfo=tz),
                purpose=data["purpose"],
                expected_users=data["expected_users"],
            )
        except DomainError as exc:
            error = exc
        else:
            grid = selectors.week_grid(actor=actor, res=res, monday=data["date"])
            notice = (
                _("Booked and approved.")
                if booking.status == BookingStatus.APPROVED
                else _("Request sent to the owner for approval.")
            )
            return render(
                request,
                "resources/_booked.html",
                {
                    "res": res,
                    "grid": grid,
                    "booking": booking,
                    "notice": notice,
                    "can_book": True,
                    "form": BookingForm(),
                },
            )
    # htmx swaps only 2xx responses: the form comes back with its errors and a 200.
    return render(request, "resources/_booking_form.html", {"res": res, "form": form, "error": error})


@login_required
def bookings(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    pending = selectors.pending_for_owner(actor=actor) if perms.manages_own_resources(actor) else Booking.objects.none()
    now = timezone.now()
    mine = selectors.bookings(actor=actor).select_related("usage").order_by("-starts_at")[:100]
    return render(
        request, "resources/bookings.html", {"pending": pending, "mine": mine, "now": now, "form": DecisionForm()}
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    actor = actor_for(request.user)
    booking = selectors.booking_get(actor=actor, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    booking = services.booking_decide(
        actor=actor, booking=booking, approve=decision == "approve", note=form.cleaned_data.get("note", "")
    )
    if request.htmx:
        return render(request, "resources/_decided.html", {"b": booking})
    messages.success(request, _("Decision saved."))
    return redirect("resources:bookings")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    booking = selectors.booking_get(actor=actor, pk=pk)
    services.booking_cancel(actor=actor, booking=booking)
    messages.success(request, _("Booking cancelled."))
    return redirect("resources:bookings")


@login_required
def usage(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    booking = selectors.booking_get(actor=actor, pk=pk)
    form = UsageForm(
        request.POST or None,
        initial={"hours": round(booking.hours, 2), "users_count": booking.expected_users, "purpose": booking.purpose},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_record(actor=actor, booking=booking, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Use recorded."))
            return redirect("resources:detail", pk=booking.resource_id)
    return render(request, "resources/usage_form.html", {"form": form, "b": booking})


@login_required
def utilisation(request: HttpRequest) -> HttpResponse:
    from .rules import idle_rule

    actor = actor_for(request.user)
    return render(
        request,
        "resources/utilisation.html",
        {
            "bases": selectors.base_utilisation(actor=actor),
            "rows": selectors.utilisation_rows(actor=actor),
            "rule": idle_rule(),
        },
    )
