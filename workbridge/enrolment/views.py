"""Joint enrolment pages: the plans (students see those open to them on a phone), a plan with its approvals,
applications, selection, class, waiting list and history, and each apprenticeship agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, NotFound
from workbridge.core.forms import apply_domain_error, errors_in_words

from . import forms, selectors, services
from . import permissions as perms
from .pdfs import agreement_pdf as render_agreement_pdf


def _plan_form(actor, data=None):
    agreements = list(selectors.partner_choices(actor=actor))
    majors = selectors.major_choices(actor=actor, school_ids={a.school_id for a in agreements})
    today = timezone.localdate()
    return forms.PlanForm(
        data,
        agreements=agreements,
        majors=majors,
        initial={"year": today.year, "opens_on": today, "quota": 30, "kind": "order_class"},
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = _plan_form(actor, request.POST or None) if perms.may_draft_plans(actor) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            plan = services.plan_create(actor=actor, **form.cleaned_data)
            messages.success(request, _("Plan drafted; both parties approve it to publish it."))
            return redirect("enrolment:plan", pk=plan.pk)
        except DomainError as exc:
            apply_domain_error(form, exc)
    return render(
        request,
        "enrolment/home.html",
        {"plans": selectors.plan_list(actor=actor)[:200], "summary": selectors.summary(actor=actor), "form": form},
    )


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.plan_get(actor=actor, pk=pk)
    mine = selectors.own_application(actor=actor, plan=item)
    side = perms.side_of(actor, item)
    applications = selectors.application_list(actor=actor, plan=item) if side or actor.is_platform_admin else None
    members = list(selectors.members(actor=actor, plan=item))
    waiting = list(selectors.waiting_list(actor=actor, plan=item)) if applications is not None else []
    can = {
        "approve": perms.may_approve_plan(actor, item),
        "select": perms.may_start_selection(actor, item),
        "form": perms.may_form_class(actor, item),
        "close": perms.may_close_plan(actor, item),
        "fill": perms.may_fill_place(actor, item) and len(members) < item.quota and bool(waiting),
        "apply": perms.may_apply(actor, item, applied=mine is not None),
        "withdraw": mine is not None and perms.may_withdraw(actor, mine),
        "see_applications": applications is not None,
    }
    decide_form = forms.DecideForm() if side else None
    rows = []
    if applications is not None:
        for a in applications:
            rows.append({"a": a, "decide": perms.may_decide(actor, a), "leave": perms.may_record_leave(actor, a)})
    return render(
        request,
        "enrolment/plan.html",
        {
            "item": item,
            "majors": item.majors.all(),
            "mine": mine,
            "side": side,
            "can": can,
            "rows": rows,
            "members": members,
            "waiting": waiting,
            "history": selectors.history(actor=actor, plan=item)[:100],
            "apply_form": forms.ApplyForm() if can["apply"] else None,
            "decide_form": decide_form,
            "leave_form": forms.LeaveForm(),
            "window_open": perms.application_window_open(item),
        },
    )


PLAN_ACTIONS = {
    "approve": (services.plan_approve, gettext_lazy("Approved.")),
    "selection": (services.plan_start_selection, gettext_lazy("Applications closed; selection under way.")),
    "form": (services.plan_form_class, gettext_lazy("The class is formed; each member has an agreement to confirm.")),
    "close": (services.plan_close, gettext_lazy("Plan closed.")),
    "fill": (services.place_fill, gettext_lazy("The first student on the waiting list has the place.")),
}


@login_required
@require_POST
def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.plan_get(actor=actor, pk=pk)
    try:
        if action == "apply":
            form = forms.ApplyForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say in a few words why you apply."))
                return redirect("enrolment:plan", pk=item.pk)
            services.application_submit(actor=actor, plan=item, **form.cleaned_data)
            messages.success(request, _("Application sent. You can withdraw it until the selection starts."))
        elif action in PLAN_ACTIONS:
            service, done = PLAN_ACTIONS[action]
            service(actor=actor, plan=item)
            messages.success(request, done)
        else:
            raise NotFound(_("No such page."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("enrolment:plan", pk=item.pk)


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    try:
        if action == "withdraw":
            services.application_withdraw(actor=actor, application=application)
            messages.success(request, _("Application withdrawn."))
        elif action in ("decide", "leave"):
            form = forms.DecideForm(request.POST) if action == "decide" else forms.LeaveForm(request.POST)
            if not form.is_valid():
                messages.error(request, errors_in_words(form))
                return redirect("enrolment:plan", pk=application.plan_id)
            if action == "decide":
                services.application_decide(actor=actor, application=application, **form.cleaned_data)
                messages.success(request, _("Decision recorded."))
            else:
                services.member_leave(actor=actor, application=application, **form.cleaned_data)
                messages.success(request, _("Recorded that the student left the class."))
        else:
            raise NotFound(_("No such page."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("enrolment:plan", pk=application.plan_id)


@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.agreement_get(actor=actor, pk=pk)
    party = perms.confirming_party(actor, item)
    return render(
        request,
        "enrolment/agreement.html",
        {
            "item": item,
            "terms": item.terms,
            "party": party,
            "may_confirm": perms.may_confirm_agreement(actor, item),
            "form": forms.ConfirmForm(initial={"version": item.version}),
        },
    )


@login_required
@require_POST
def agreement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.agreement_get(actor=actor, pk=pk)
    form = forms.ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_in_words(form) or _("Read the agreement again and confirm."))
        return redirect("enrolment:agreement", pk=item.pk)
    try:
        services.agreement_confirm(actor=actor, agreement=item, **form.cleaned_data)
        messages.success(request, _("Confirmed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("enrolment:agreement", pk=item.pk)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.agreement_get(actor=actor, pk=pk)
    response = HttpResponse(render_agreement_pdf(item), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="apprenticeship-{item.pk}-v{item.version}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
