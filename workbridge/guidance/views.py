"""Guidance pages: the student's guidance (sessions, counselling, this week's check-in); the staff's sessions with
attendance, counselling requests and flagged wellbeing check-ins."""

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
from workbridge.core.exceptions import DomainError, NotFound
from workbridge.core.forms import apply_domain_error

from . import forms, selectors, services
from . import permissions as perms


def _week_start():
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if perms.may_ask_for_counselling(actor):
        return _student_home(request, actor)
    if not perms.may_run_sessions(actor):
        raise NotFound(_("No such page."))
    from workbridge.academics.models import Cohort

    cohorts = Cohort.objects.filter(major__school_id=actor.organization_id).select_related("major")
    form = forms.SessionForm(request.POST or None, cohorts=cohorts)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                actor=actor, cohort_id=form.cleaned_data.pop("cohort"), **form.cleaned_data
            )
            messages.success(request, _("Session planned; take attendance on its page."))
            return redirect("guidance:session", pk=session.pk)
        except DomainError as exc:
            apply_domain_error(form, exc)
    return render(
        request,
        "guidance/staff_home.html",
        {
            "sessions": selectors.session_list(actor=actor)[:50],
            "form": form,
            "waiting": selectors.counselling_waiting(actor=actor).count(),
            "flagged": selectors.wellbeing_flagged(actor=actor).count(),
        },
    )


def _student_home(request, actor):
    counselling_form = forms.CounsellingForm(prefix="c")
    wellbeing_form = forms.WellbeingForm(prefix="w")
    if request.method == "POST":
        try:
            if "c-kind" in request.POST:
                counselling_form = forms.CounsellingForm(request.POST, prefix="c")
                if counselling_form.is_valid():
                    services.counselling_request(actor=actor, **counselling_form.cleaned_data)
                    messages.success(request, _("Your request is sent; a counsellor will set a time with you."))
                    return redirect("guidance:home")
            else:
                wellbeing_form = forms.WellbeingForm(request.POST, prefix="w")
                if wellbeing_form.is_valid():
                    check = services.wellbeing_submit(actor=actor, **wellbeing_form.cleaned_data)
                    if check.flagged:
                        messages.success(
                            request, _("Thank you. Your school mentor has been told and will get in touch.")
                        )
                    else:
                        messages.success(request, _("Thank you for telling us how your week went."))
                    return redirect("guidance:home")
        except DomainError as exc:
            apply_domain_error(wellbeing_form if "c-kind" not in request.POST else counselling_form, exc)
    return render(
        request,
        "guidance/student_home.html",
        {
            "sessions": selectors.session_list(actor=actor)[:20],
            "attendance": {a.session_id: a.attended for a in _own_attendance(actor)},
            "requests": selectors.counselling_list(actor=actor)[:10],
            "counselling_form": counselling_form,
            "wellbeing_form": wellbeing_form,
            "this_week": selectors.wellbeing_this_week(actor=actor, week_start=_week_start()),
            "today": timezone.localdate(),
        },
    )


def _own_attendance(actor):
    from .models import SessionAttendance

    return SessionAttendance.objects.filter(student_id=actor.student_id)


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.session_get(actor=actor, pk=pk)
    may_manage = perms.may_manage_session(actor, item)
    if request.method == "POST":
        if not may_manage:
            raise NotFound(_("No such page."))
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            n = services.attendance_record(actor=actor, session=item, present_ids=present)
            messages.success(request, _("Attendance saved: %(n)s present.") % {"n": n})
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("guidance:session", pk=item.pk)
    return render(
        request,
        "guidance/session.html",
        {"item": item, "rows": selectors.attendance_of(actor=actor, session=item), "may_manage": may_manage},
    )


@login_required
def counselling(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not perms.may_run_sessions(actor):
        raise NotFound(_("No such page."))
    rows = []
    for item in selectors.counselling_list(actor=actor)[:100]:
        rows.append(
            {
                "item": item,
                "may_counsel": perms.may_counsel(actor, item),
                "reads_note": perms.reads_counselling_note(actor, item),
                "schedule_form": forms.ScheduleForm(prefix=f"s{item.pk}"),
                "held_form": forms.HeldForm(prefix=f"h{item.pk}"),
            }
        )
    return render(request, "guidance/counselling.html", {"rows": rows})


@login_required
@require_POST
def counselling_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.counselling_get(actor=actor, pk=pk)
    back = "guidance:home" if perms.may_ask_for_counselling(actor) else "guidance:counselling"
    try:
        if action == "schedule":
            form = forms.ScheduleForm(request.POST, prefix=f"s{item.pk}")
            if not form.is_valid():
                messages.error(request, _("Choose the time of the talk."))
                return redirect(back)
            services.counselling_schedule(actor=actor, request=item, **form.cleaned_data)
            messages.success(request, _("The talk is scheduled; the student has been told."))
        elif action == "held":
            form = forms.HeldForm(request.POST, prefix=f"h{item.pk}")
            form.is_valid()
            services.counselling_hold(actor=actor, request=item, private_note=form.cleaned_data.get("private_note", ""))
            messages.success(request, _("The talk is recorded."))
        elif action == "cancel":
            services.counselling_cancel(actor=actor, request=item)
            messages.success(request, _("The talk is cancelled."))
        else:
            raise NotFound(_("No such page."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@login_required
def wellbeing(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not perms.may_run_sessions(actor):
        raise NotFound(_("No such page."))
    rows = [
        {"check": c, "may_acknowledge": perms.may_acknowledge_wellbeing(actor, c)}
        for c in selectors.wellbeing_list(actor=actor).filter(flagged=True)[:100]
    ]
    return render(request, "guidance/wellbeing.html", {"rows": rows})


@login_required
@require_POST
def wellbeing_seen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    check = selectors.wellbeing_get(actor=actor, pk=pk)
    try:
        services.wellbeing_acknowledge(actor=actor, check=check)
        messages.success(request, _("Marked as followed up."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("guidance:wellbeing")
