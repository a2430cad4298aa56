"""Pages for R&D and technical services: problems, suggestions, proposals, projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.academics.models import Teacher
from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError
from workbridge.core.listing import export_if_asked, export_links

from . import permissions as perms
from . import selectors, services
from .forms import AcceptForm, MilestoneForm, OutcomeForm, ProblemForm, ProposalForm, StudentForm
from .listing import PROBLEM_COLUMNS, PROJECT_COLUMNS


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}" for k, v in form.errors.items()
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = ProblemForm(request.POST or None) if perms.may_post_problems(actor) else None
    if form is not None and request.method == "POST":
        if form.is_valid():
            try:
                item = services.problem_post(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Problem posted."))
                return redirect("research:problem", pk=item.pk)
    what = request.GET.get("what", "projects")
    if exported := export_if_asked(
        request,
        name="technical-problems" if what == "problems" else "rnd-projects",
        title=_("Technical problems") if what == "problems" else _("R&D projects"),
        columns=PROBLEM_COLUMNS if what == "problems" else PROJECT_COLUMNS,
        rows=selectors.problems(actor=actor).select_related("enterprise")
        if what == "problems"
        else selectors.projects(actor=actor).select_related("school", "enterprise"),
    ):
        return exported
    return render(
        request,
        "research/index.html",
        {
            "export_links": export_links(request),
            "problems": selectors.problems(actor=actor)[:100],
            "projects": selectors.projects(actor=actor)[:100],
            "form": form,
            "totals": selectors.outcome_totals(actor=actor),
        },
    )


@login_required
def problem(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.problem(actor=actor, pk=pk)
    context = {"p": item, "proposals": selectors.proposals(actor=actor, problem_id=pk)}
    if perms.may_propose(actor):
        context["suggest"] = selectors.suggestions(actor=actor, problem=item)
        teachers = Teacher.objects.filter(school_id=actor.organization_id).order_by("name")
        team = [c.teacher_id for c in context["suggest"]["team"].members]
        context["form"] = ProposalForm(teachers=teachers, initial={"lead": team[0] if team else None, "team": team})
    if perms.may_accept_proposals(actor, item):
        context["accept_form"] = AcceptForm()
    return render(request, "research/problem.html", context)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    selectors.problem(actor=actor, pk=pk)  # 404 for a problem out of the actor's sight, before reading the form
    teachers = Teacher.objects.filter(school_id=actor.organization_id)
    form = ProposalForm(request.POST, teachers=teachers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_submit(
                actor=actor,
                problem_id=pk,
                lead_id=data["lead"].pk,
                team_ids=[t.pk for t in data["team"]],
                approach=data["approach"],
                price_yuan=data["price_yuan"],
                duration_days=data["duration_days"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Proposal sent to the enterprise."))
    else:
        messages.error(request, _errors(form))
    return redirect("research:problem", pk=pk)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("research:problem", pk=proposal.problem_id)
    try:
        project = services.proposal_accept(actor=actor, proposal=proposal, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("research:problem", pk=proposal.problem_id)
    messages.success(request, _("Contract recorded."))
    return redirect("research:project", pk=project.pk)


@login_required
def project(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.project(actor=actor, pk=pk)
    party = perms.is_project_party(actor, item)
    context = {"pr": item, **selectors.project_parts(item), "party": party}
    if party:
        context.update(milestone_form=MilestoneForm(), outcome_form=OutcomeForm())
        if perms.may_add_students(actor, item):
            context["student_form"] = StudentForm(
                students=selectors.student_choices(actor=actor, school_id=item.school_id)[:500]
            )
    return render(request, "research/project.html", context)


@login_required
@require_POST
def project_add(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    actor = actor_for(request.user)
    selectors.project(actor=actor, pk=pk)  # 404 for a project out of the actor's sight, before reading the form
    try:
        if what == "milestone":
            form = MilestoneForm(request.POST)
            if form.is_valid():
                services.milestone_add(actor=actor, project_id=pk, **form.cleaned_data)
        elif what == "outcome":
            form = OutcomeForm(request.POST)
            if form.is_valid():
                services.outcome_record(actor=actor, project_id=pk, **form.cleaned_data)
        elif what == "student":
            form = StudentForm(request.POST, students=selectors.student_choices(actor=actor))
            if form.is_valid():
                services.student_add(
                    actor=actor,
                    project_id=pk,
                    student_id=form.cleaned_data["student"].pk,
                    duty=form.cleaned_data["duty"],
                )
        elif what == "complete":
            form = None
            services.project_complete(actor=actor, project_id=pk)
        else:
            return redirect("research:project", pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if form is not None and not form.is_valid():
            messages.error(request, _errors(form))
        else:
            messages.success(request, _("Saved."))
    return redirect("research:project", pk=pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.milestone_get(actor=actor, pk=pk)
    try:
        services.milestone_done(actor=actor, milestone=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("research:project", pk=item.project_id)
