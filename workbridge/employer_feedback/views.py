"""Employer feedback pages: the school's rounds and figures, the enterprise's forms (phone first), the review
tasks, the threshold and the majors' leaders; the authority reads its region's figures."""

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
from workbridge.core.exceptions import DomainError
from workbridge.core.forms import apply_domain_error

from . import forms, rules, selectors, services
from . import permissions as perms


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    may_run = perms.may_run_rounds(actor)
    which = request.POST.get("form")
    round_form = threshold_form = leader_form = None
    limits = rules.thresholds_for(actor.organization_id if actor.is_school_side else None)
    if may_run:
        round_form = forms.RoundForm(
            request.POST if which == "round" else None,
            prefix="r",
            initial={"closes_on": timezone.localdate() + dt.timedelta(days=21)},
        )
        threshold_form = forms.ThresholdForm(
            request.POST if which == "threshold" else None,
            prefix="t",
            initial={
                "mean_below": limits.mean_below,
                "min_responses": limits.review_min_responses,
                "reason": limits.source if limits.own else "",
            },
        )
        leader_form = forms.LeaderForm(
            request.POST if which == "leader" else None,
            prefix="l",
            majors=selectors.major_choices(actor=actor),
            teachers=selectors.teacher_choices(actor=actor),
        )
    if request.method == "POST" and may_run:
        target = {"round": round_form, "threshold": threshold_form, "leader": leader_form}.get(which)
        try:
            if target is not None and target.is_valid():
                if which == "round":
                    made = services.round_open(actor=actor, **target.cleaned_data)
                    messages.success(request, _("Round opened; the enterprises were told."))
                    return redirect("employer_feedback:round", pk=made.pk)
                if which == "threshold":
                    services.threshold_set(actor=actor, **target.cleaned_data)
                    messages.success(request, _("Threshold saved."))
                    return redirect("employer_feedback:home")
                if which == "leader":
                    services.leader_set(actor=actor, **target.cleaned_data)
                    messages.success(request, _("Leader saved."))
                    return redirect("employer_feedback:home")
        except DomainError as exc:
            apply_domain_error(target, exc)
    answering = perms.is_answering_side(actor)
    context = {
        "may_run": may_run,
        "answering": answering,
        "rounds": [] if answering else selectors.round_list(actor=actor)[:50],
        "forms_waiting": selectors.waiting_forms(actor=actor)[:200] if answering else [],
        "forms_answered": selectors.form_list(actor=actor).filter(status="submitted")[:200] if answering else [],
        "tasks": selectors.my_open_tasks(actor=actor)[:50],
        "region": selectors.region_rollup(actor=actor) if not actor.is_school_side and not answering else [],
        "reads_figures": perms.may_read_figures(actor),
        "limits": limits,
        "display_source": rules.display_source(),
        "leaders": selectors.leader_list(actor=actor) if may_run else [],
        "round_form": round_form,
        "threshold_form": threshold_form,
        "leader_form": leader_form,
    }
    return render(request, "employer_feedback/home.html", context)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.round_get(actor=actor, pk=pk)
    answering = perms.is_answering_side(actor)
    forms_qs = selectors.form_list(actor=actor, feedback_round=item)
    tasks = selectors.task_list(actor=actor).filter(round=item)
    context = {
        "item": item,
        "answering": answering,
        "forms": forms_qs[:500],
        "rollup": selectors.round_rollup(actor=actor, feedback_round=item) if not answering else [],
        "tasks": tasks,
        "may_close": perms.may_close_round(actor, item),
        "limits": rules.thresholds_for(item.school_id),
        "task_form": forms.TaskForm(),
        "finishable": {t.pk for t in tasks if perms.may_finish_task(actor, t)},
    }
    return render(request, "employer_feedback/round.html", context)


@login_required
@require_POST
def round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.round_get(actor=actor, pk=pk)
    try:
        if action == "close":
            services.round_close(actor=actor, feedback_round=item)
            messages.success(request, _("Round closed; the figures are final."))
        elif action == "remind":
            n = services.round_remind(actor=actor, feedback_round=item)
            messages.success(request, _("%(n)s enterprises reminded.") % {"n": n})
        else:
            messages.error(request, _("No such action."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("employer_feedback:round", pk=item.pk)


@login_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.form_get(actor=actor, pk=pk)
    questions = selectors.form_questions(item)
    may_answer = perms.may_answer(actor, item)
    form = None
    if may_answer:
        initial = {"overall": item.overall, "comment": item.comment}
        form = forms.AnswerForm(request.POST or None, questions=questions, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.form_submit(
                    actor=actor,
                    form=item,
                    ratings=form.ratings(),
                    overall=form.cleaned_data["overall"],
                    comment=form.cleaned_data["comment"],
                )
                messages.success(
                    request, _("Thank you: your feedback is saved. You may change it until the round closes.")
                )
                return redirect("employer_feedback:home")
            except DomainError as exc:
                apply_domain_error(form, exc)
    return render(
        request,
        "employer_feedback/form.html",
        {"item": item, "questions": questions, "form": form, "may_answer": may_answer},
    )


@login_required
@require_POST
def task_finish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    task = selectors.task_get(actor=actor, pk=pk)
    form = forms.TaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the review decided."))
    else:
        try:
            services.task_finish(actor=actor, task=task, **form.cleaned_data)
            messages.success(request, _("Review recorded."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("employer_feedback:round", pk=task.round_id)
