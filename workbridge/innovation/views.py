"""Innovation pages: the school's bases and ventures with their outcomes; a venture with its team, milestones,
awards and company."""

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
from workbridge.core.forms import apply_domain_error

from . import forms, selectors, services
from . import permissions as perms


def _choices(actor):
    from workbridge.academics.selectors import student_list, teacher_list

    return student_list(actor=actor), teacher_list(actor=actor)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    bases = selectors.base_list(actor=actor)
    may_open = perms.may_open_bases(actor)
    own_bases = [b for b in bases if perms.may_run_ventures(actor, b)]
    base_form = venture_form = None
    if may_open:
        from workbridge.partnerships.selectors import enterprise_choices

        base_form = forms.BaseForm(
            request.POST if request.POST.get("form") == "base" else None,
            sponsors=enterprise_choices(actor=actor),
            prefix="b",
        )
    if own_bases:
        _students, teachers = _choices(actor)
        venture_form = forms.VentureForm(
            request.POST if request.POST.get("form") == "venture" else None,
            bases=own_bases,
            teachers=teachers,
            prefix="v",
            initial={"started_on": timezone.localdate()},
        )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "base" and base_form is not None and base_form.is_valid():
                services.base_create(actor=actor, **base_form.cleaned_data)
                messages.success(request, _("Base opened."))
                return redirect("innovation:home")
            if request.POST.get("form") == "venture" and venture_form is not None and venture_form.is_valid():
                data = dict(venture_form.cleaned_data)
                base = selectors.base_get(actor=actor, pk=data.pop("base"))
                venture = services.venture_create(actor=actor, base=base, **data)
                messages.success(request, _("Venture started; add its team on its page."))
                return redirect("innovation:venture", pk=venture.pk)
        except DomainError as exc:
            apply_domain_error(base_form if request.POST.get("form") == "base" else venture_form, exc)
    return render(
        request,
        "innovation/home.html",
        {
            "bases": bases,
            "ventures": selectors.venture_list(actor=actor)[:100],
            "outcomes": selectors.outcomes(actor=actor),
            "base_form": base_form,
            "venture_form": venture_form,
        },
    )


@login_required
def venture(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.venture_get(actor=actor, pk=pk)
    may_update = perms.may_update_venture(actor, item)
    context = {"item": item, "may_update": may_update, "members": item.members.select_related("student")}
    if may_update:
        students, _teachers = _choices(actor)
        context |= {
            "member_form": forms.MemberForm(students=students.filter(school_id=item.base.school_id)[:500]),
            "milestone_form": forms.MilestoneForm(),
            "award_form": forms.AwardForm(initial={"year": timezone.localdate().year}),
            "stage_form": forms.StageForm(
                initial={
                    "stage": item.stage,
                    "company_name": item.company_name,
                    "company_registered_on": item.company_registered_on,
                    "jobs_created": item.jobs_created,
                }
            ),
        }
    return render(request, "innovation/venture.html", context)


ACTIONS = {
    "member": (forms.MemberForm, services.venture_member_add, gettext_lazy("Added to the team.")),
    "milestone": (forms.MilestoneForm, services.milestone_add, gettext_lazy("Milestone added.")),
    "award": (forms.AwardForm, services.award_record, gettext_lazy("Award recorded.")),
    "stage": (forms.StageForm, services.venture_stage_set, gettext_lazy("Stage saved.")),
}


@login_required
@require_POST
def venture_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.venture_get(actor=actor, pk=pk)
    if action not in ACTIONS:
        raise NotFound(_("No such page."))
    form_class, service, done = ACTIONS[action]
    kwargs = {"students": item.base.school.students.all()} if action == "member" else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items() if f in form.fields),
        )
        return redirect("innovation:venture", pk=item.pk)
    try:
        service(actor=actor, venture=item, **form.cleaned_data)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("innovation:venture", pk=item.pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    milestone = selectors.milestone_get(actor=actor, pk=pk)
    try:
        services.milestone_done(actor=actor, milestone=milestone)
        messages.success(request, _("Milestone done."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("innovation:venture", pk=milestone.venture_id)
