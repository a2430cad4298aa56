"""Major review pages: the reviews of the school (or the region's open ones for the authority); one review with
its warning, evidence, options, decision and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied
from workbridge.core.forms import apply_domain_error, errors_in_words

from . import forms, selectors, services
from . import permissions as perms
from .models import ReviewStatus

TONES = {
    ReviewStatus.OPEN: "bad",
    ReviewStatus.DISCUSSING: "warn",
    ReviewStatus.DECIDED: "info",
    ReviewStatus.CLOSED: "good",
}


def _refuse_outsiders(actor) -> None:
    if not perms.may_see_reviews(actor):
        raise PermissionDenied(_("Major reviews are for the school's staff and the education authority."))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    _refuse_outsiders(actor)
    regional = perms.may_see_region(actor)
    reviews = selectors.review_list(actor=actor, open_only=regional)
    open_form = None
    majors = selectors.reviewable_majors(actor=actor) if not regional else []
    majors = [(m, level) for m, level in majors if perms.may_open_review(actor, m)]
    if majors:
        open_form = forms.OpenForm(request.POST if request.method == "POST" else None, majors=majors, prefix="o")
    if request.method == "POST":
        if open_form is None:
            raise PermissionDenied(_("The school's admin opens a review of its majors."))
        if open_form.is_valid():
            try:
                major = selectors.major_for_review(actor=actor, pk=open_form.cleaned_data["major_id"])
                review = services.review_open(actor=actor, major=major, note=open_form.cleaned_data["note"])
                messages.success(request, _("Review opened: gather the options next."))
                return redirect("major_reviews:review", pk=review.pk)
            except DomainError as exc:
                apply_domain_error(open_form, exc)
    rows = [{"review": r, "tone": TONES.get(r.status, "")} for r in reviews[:200]]
    return render(
        request,
        "major_reviews/home.html",
        {"rows": rows, "regional": regional, "open_form": open_form, "counts": selectors.review_counts(actor=actor)},
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    _refuse_outsiders(actor)
    item = selectors.review_get(actor=actor, pk=pk)
    options = list(selectors.option_list(review=item))
    can = {
        "propose": perms.may_propose_option(actor, item),
        "decide": perms.may_decide(actor, item) and bool(options),
        "follow_up": perms.may_follow_up(actor, item),
    }
    context = {
        "item": item,
        "tone": TONES.get(item.status, ""),
        "reasons": selectors.reason_words(item.reasons),
        "evidence": selectors.evidence_words(item),
        "options": options,
        "steps": list(selectors.step_list(review=item)),
        "teach_out": selectors.teach_out_cohorts(item.major),
        "can": can,
    }
    if can["propose"]:
        context["option_form"] = forms.OptionForm(majors=selectors.merge_choices(review=item), prefix="p")
    if can["decide"]:
        context["decide_form"] = forms.DecideForm(
            options=options, prefix="d", initial={"decided_on": timezone.localdate()}
        )
    if can["follow_up"]:
        context["step_form"] = forms.StepForm(prefix="s")
    return render(request, "major_reviews/review.html", context)


@login_required
@require_POST
def review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    _refuse_outsiders(actor)
    item = selectors.review_get(actor=actor, pk=pk)
    if action == "option":
        form = forms.OptionForm(request.POST, majors=selectors.merge_choices(review=item), prefix="p")
    elif action == "decide":
        form = forms.DecideForm(request.POST, options=selectors.option_list(review=item), prefix="d")
    elif action == "step":
        form = forms.StepForm(request.POST, prefix="s")
    else:
        raise NotFound(_("No such page."))
    if not form.is_valid():
        messages.error(request, errors_in_words(form))
        return redirect("major_reviews:review", pk=item.pk)
    data = form.cleaned_data
    try:
        if action == "option":
            services.option_propose(actor=actor, review=item, **data)
            messages.success(request, _("Option proposed."))
        elif action == "decide":
            services.review_decide(actor=actor, review=item, **data)
            messages.success(request, _("Decision recorded; the follow-up steps are listed below."))
        else:
            services.step_add(actor=actor, review=item, **data)
            messages.success(request, _("Step added."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("major_reviews:review", pk=item.pk)


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    _refuse_outsiders(actor)
    step = selectors.step_get(actor=actor, pk=pk)
    try:
        services.step_done(actor=actor, step=step)
        messages.success(request, _("Step done."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("major_reviews:review", pk=step.review_id)
