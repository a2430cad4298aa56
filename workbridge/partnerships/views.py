"""Pages (htmx) of the partnerships app. Views parse input, call selectors/services and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.archiving import wants_archived
from workbridge.core.exceptions import DomainError, PermissionDenied, ValidationFailed
from workbridge.core.listing import export_if_asked, export_links
from workbridge.core.roles import OrgKind
from workbridge.core.uploads import serve_upload
from workbridge.organizations.models import Organization

from . import permissions as perms
from . import selectors, services
from .forms import (
    AgreementForm,
    MilestoneForm,
    OutputForm,
    ParticipantForm,
    ProjectEditForm,
    ProjectForm,
    SignForm,
    StatusForm,
    TerminateForm,
    detail_fields,
    details_from_post,
    display_details,
)
from .listing import AGREEMENT_COLUMNS, PROJECT_COLUMNS
from .models import (
    AgreementStatus,
    ClauseKind,
    ClauseParty,
    OutputKind,
    ProjectStatus,
    ProjectType,
)
from .permissions import may_write_partnership, may_write_school_people
from .services import AGREEMENT_TRANSITIONS, PROJECT_TRANSITIONS
from .timeline import collect_timeline

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    try:
        size = max(10, min(100, int(request.GET.get("page_size", size))))
    except ValueError:
        size = PAGE_SIZE
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _query(request) -> str:
    """The current filters as a query string without the page number (for pagination links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _apply_errors(form, exc: ValidationFailed) -> None:
    """Show a service's ValidationFailed on the form: field errors where the field exists, else on top."""
    placed = False
    for field, problems in (exc.errors or {}).items() if isinstance(exc.errors, dict) else []:
        if field in form.fields:
            for problem in problems if isinstance(problems, list) else [problems]:
                form.add_error(field, str(problem))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- partnerships (pairs) and timeline


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    q = request.GET.get("q", "").strip()
    page = _page(request, selectors.partnership_pairs(actor=actor, q=q or None))
    template = "partnerships/_pair_rows.html" if request.htmx else "partnerships/pair_list.html"
    return render(request, template, {"page": page, "q": q, "query": _query(request)})


@login_required
def partnership_detail(request: HttpRequest, school_id: int, enterprise_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    pair = selectors.partnership_pair(actor=actor, school_id=school_id, enterprise_id=enterprise_id)
    events = collect_timeline(actor, school_id, enterprise_id)
    totals = [(OutputKind(kind).label, value) for kind, value in pair["totals"].items()]
    return render(
        request,
        "partnerships/pair_detail.html",
        {
            **pair,
            "events": events,
            "totals": totals,
            "may_write": may_write_partnership(actor, school_id, enterprise_id),
        },
    )


# ---------------------------------------------------------------- agreements


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    expiring = request.GET.get("expiring") == "1"
    qs = selectors.agreement_list(
        actor=actor,
        status=status if status in AgreementStatus.values else None,
        q=q or None,
        expiring_within_days=services.REMINDER_DAYS if expiring else None,
        archived=wants_archived(request.GET),
    )
    if exported := export_if_asked(
        request,
        name="agreements",
        title=_("Agreements"),
        columns=AGREEMENT_COLUMNS,
        rows=qs.select_related("school", "enterprise"),
    ):
        return exported
    page = _page(request, qs)
    context = {
        "page": page,
        "status": status,
        "q": q,
        "expiring": expiring,
        "showing_archived": wants_archived(request.GET),
        "statuses": AgreementStatus.choices,
        "may_create": perms.may_draft(actor),
        "query": _query(request),
        "export_links": export_links(request),
    }
    template = "partnerships/_agreement_rows.html" if request.htmx else "partnerships/agreement_list.html"
    return render(request, template, context)


def _party_choices(actor):
    schools = enterprises = None
    if perms.chooses_school(actor):
        schools = selectors.school_choices(actor=actor)
    if perms.chooses_enterprise(actor):
        enterprises = selectors.enterprise_choices(actor=actor)
    return schools, enterprises


def _clauses_from_post(data) -> list[dict]:
    return [
        {"party": p, "kind": k, "text": t}
        for p, k, t in zip(
            data.getlist("clause_party"), data.getlist("clause_kind"), data.getlist("clause_text"), strict=False
        )
    ]


def _clause_context(clauses):
    return {"clauses": clauses, "parties": ClauseParty.choices, "kinds": ClauseKind.choices}


@login_required
def clause_row(request: HttpRequest) -> HttpResponse:
    return render(request, "partnerships/_clause_row.html", {"clause": {}, **_clause_context([])})


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_drafter(actor, _("Only school and enterprise admins draft agreements."))
    schools, enterprises = _party_choices(actor)
    form = AgreementForm(request.POST or None, schools=schools, enterprises=enterprises)
    clauses = _clauses_from_post(request.POST) if request.method == "POST" else _default_clauses()
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        school = v.get("school") or Organization.objects.filter(pk=actor.organization_id, kind=OrgKind.SCHOOL).first()
        enterprise = (
            v.get("enterprise")
            or Organization.objects.filter(pk=actor.organization_id, kind=OrgKind.ENTERPRISE).first()
        )
        try:
            agreement = services.agreement_create(
                actor=actor,
                school=school,
                enterprise=enterprise,
                title=v["title"],
                scope=v["scope"],
                start_date=v["start_date"],
                end_date=v["end_date"],
                clauses=clauses,
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Draft agreement saved."))
            return redirect("partnerships:agreement-detail", pk=agreement.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, **_clause_context(clauses), "editing": None},
        status=status,
    )


def _default_clauses():
    return [
        {"party": "school", "kind": "obligation", "text": ""},
        {"party": "enterprise", "kind": "obligation", "text": ""},
        {"party": "both", "kind": "right", "text": ""},
    ]


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    if not may_write_partnership(actor, agreement.school_id, agreement.enterprise_id):
        raise PermissionDenied(_("Only the admins of the two parties may change this partnership."))
    initial = {k: getattr(agreement, k) for k in ("title", "start_date", "end_date", "scope")}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST":
        clauses = _clauses_from_post(request.POST)
    else:
        clauses = list(agreement.clauses.values("party", "kind", "text"))
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        try:
            services.agreement_update(
                actor=actor,
                agreement=agreement,
                title=v["title"],
                scope=v["scope"],
                start_date=v["start_date"],
                end_date=v["end_date"],
                clauses=clauses,
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement updated."))
            return redirect("partnerships:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, **_clause_context(clauses), "editing": agreement},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    return _render_agreement(request, actor, agreement)


def _render_agreement(request, actor, agreement, sign_form=None, terminate_form=None, status=200):
    may_write = may_write_partnership(actor, agreement.school_id, agreement.enterprise_id)
    allowed = AGREEMENT_TRANSITIONS.get(agreement.status, set())
    clauses = list(agreement.clauses.all())
    grouped = [(label, [c for c in clauses if c.party == party]) for party, label in ClauseParty.choices]
    context = {
        "agreement": agreement,
        "grouped_clauses": [(label, items) for label, items in grouped if items],
        "projects": selectors.project_list(actor=actor, agreement_id=agreement.pk),
        "may_write": may_write,
        "can_edit": may_write and agreement.status == AgreementStatus.DRAFT,
        "can_sign": may_write and AgreementStatus.SIGNED in allowed,
        "can_activate": may_write and agreement.status == AgreementStatus.SIGNED,
        "can_terminate": may_write and AgreementStatus.TERMINATED in allowed,
        "can_add_project": may_write and agreement.status in services.PROJECT_HOST_STATUSES,
        "can_renew": perms.may_renew(actor, agreement),
        "can_discuss": _is_party(actor, agreement.school_id, agreement.enterprise_id),
        "successor": selectors.renewal_successor(agreement),
        "sign_form": sign_form or SignForm(),
        "terminate_form": terminate_form or TerminateForm(),
    }
    return render(request, "partnerships/agreement_detail.html", context, status=status)


@login_required
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Renew an agreement: new dates, the running projects that continue; the clauses and parties carry over."""
    import datetime as dt

    from workbridge.core.forms import apply_domain_error

    from .forms import RenewForm

    actor = actor_for(request.user)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    if not may_write_partnership(actor, agreement.school_id, agreement.enterprise_id):
        raise PermissionDenied(_("Only the parties' admins renew an agreement."))
    projects = list(agreement.projects.filter(status__in=["planned", "running"]))
    start = max(agreement.end_date + dt.timedelta(days=1), timezone.localdate())
    initial = {
        "title": agreement.title,
        "start_date": start,
        "end_date": start + (agreement.end_date - agreement.start_date),
        "carry": [str(p.pk) for p in projects],
    }
    form = RenewForm(request.POST or None, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            successor = services.agreement_renew(
                actor=actor,
                agreement=agreement,
                start_date=d["start_date"],
                end_date=d["end_date"],
                carry_project_ids=[int(i) for i in d["carry"]],
                title=d["title"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The renewed agreement is drafted: check it, then record its signature."))
            return redirect("partnerships:agreement-detail", pk=successor.pk)
    return render(
        request,
        "partnerships/agreement_renew.html",
        {
            "agreement": agreement,
            "form": form,
            "can_renew": perms.may_renew(actor, agreement),
            "successor": selectors.renewal_successor(agreement),
            "window": perms.RENEWAL_WINDOW_DAYS,
            "submit_label": _("Draft the renewed agreement"),
        },
    )


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_sign(
                actor=actor,
                agreement=agreement,
                signed_on=form.cleaned_data["signed_on"],
                signed_file=form.cleaned_data.get("signed_file"),
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The agreement is signed."))
            return redirect("partnerships:agreement-detail", pk=pk)
    return _render_agreement(request, actor, agreement, sign_form=form, status=400)


@login_required
@require_POST
def agreement_activate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    services.agreement_activate(actor=actor, agreement=agreement)
    messages.success(request, _("The agreement is in force."))
    return redirect("partnerships:agreement-detail", pk=pk)


@login_required
@require_POST
def agreement_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    form = TerminateForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_terminate(actor=actor, agreement=agreement, reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The agreement is terminated."))
            return redirect("partnerships:agreement-detail", pk=pk)
    return _render_agreement(request, actor, agreement, terminate_form=form, status=400)


def _serve(field_file, download_name: str = "file"):
    return serve_upload(field_file, download_name=download_name)


@login_required
def agreement_signed_copy(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(actor=actor_for(request.user), pk=pk)
    return _serve(agreement.signed_file, f"agreement-{agreement.pk}")


# ---------------------------------------------------------------- projects


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    project_type = request.GET.get("type", "")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.project_list(
        actor=actor,
        project_type=project_type if project_type in ProjectType.values else None,
        status=status if status in ProjectStatus.values else None,
        q=q or None,
        archived=wants_archived(request.GET),
    )
    if exported := export_if_asked(
        request,
        name="projects",
        title=_("Cooperation projects"),
        columns=PROJECT_COLUMNS,
        rows=qs.select_related("school", "enterprise", "agreement"),
    ):
        return exported
    context = {
        "export_links": export_links(request),
        "page": _page(request, qs),
        "type": project_type,
        "status": status,
        "q": q,
        "types": ProjectType.choices,
        "statuses": ProjectStatus.choices,
        "showing_archived": wants_archived(request.GET),
        "query": _query(request),
    }
    template = "partnerships/_project_rows.html" if request.htmx else "partnerships/project_list.html"
    return render(request, template, context)


@login_required
def project_details_fields(request: HttpRequest) -> HttpResponse:
    project_type = request.GET.get("project_type", "")
    return render(request, "partnerships/_detail_fields.html", {"detail_fields": detail_fields(project_type)})


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_drafter(actor, _("Only school and enterprise admins start projects."))
    agreements = selectors.writable_agreements(actor=actor)
    majors = selectors.project_major_choices(actor=actor, agreements=agreements)
    initial = {}
    agreement_id = _int(request.GET.get("agreement"))
    if agreement_id:
        initial["agreement"] = agreement_id
    form = ProjectForm(request.POST or None, agreements=agreements, majors=majors, initial=initial)
    project_type = request.POST.get("project_type") or request.GET.get("project_type") or ProjectType.ORDER_CLASS
    details = details_from_post(project_type, request.POST) if request.method == "POST" else {}
    errors = {}
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        try:
            project = services.project_create(
                actor=actor,
                agreement=v["agreement"],
                project_type=v["project_type"],
                title=v["title"],
                start_date=v["start_date"],
                end_date=v["end_date"],
                description=v["description"],
                details=details,
                majors=v["majors"],
            )
        except ValidationFailed as exc:
            errors = exc.errors or {}
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Project created."))
            return redirect("partnerships:project-detail", pk=project.pk)
    return render(
        request,
        "partnerships/project_form.html",
        {"form": form, "detail_fields": detail_fields(project_type, details, errors), "editing": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    project = selectors.project_get(actor=actor, pk=pk)
    if not may_write_partnership(actor, project.school_id, project.enterprise_id):
        raise PermissionDenied(_("Only the admins of the two parties may change this partnership."))
    initial = {k: getattr(project, k) for k in ("title", "start_date", "end_date", "description")}
    form = ProjectEditForm(request.POST or None, initial=initial)
    details = details_from_post(project.project_type, request.POST) if request.method == "POST" else project.details
    errors = {}
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        try:
            services.project_update(
                actor=actor,
                project=project,
                title=v["title"],
                start_date=v["start_date"],
                end_date=v["end_date"],
                description=v["description"],
                details=details,
            )
        except ValidationFailed as exc:
            errors = exc.errors or {}
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Project updated."))
            return redirect("partnerships:project-detail", pk=pk)
    return render(
        request,
        "partnerships/project_form.html",
        {"form": form, "detail_fields": detail_fields(project.project_type, details, errors), "editing": project},
        status=400 if request.method == "POST" else 200,
    )


def _is_party(actor, school_id, enterprise_id) -> bool:
    from workbridge.conversations.services import is_party

    return is_party(actor, school_id=school_id, enterprise_id=enterprise_id, student_id=None)


def _project_context(actor, project):
    may_write = may_write_partnership(actor, project.school_id, project.enterprise_id)
    school_people = may_write and may_write_school_people(actor, project)
    students, teachers = selectors.school_people_choices(actor=actor, project=project)
    return {
        "project": project,
        "details": display_details(project.project_type, project.details),
        "participants": selectors.project_participants(actor=actor, project=project),
        "milestones": project.milestones.all(),
        "outputs": project.outputs.all(),
        "may_write": may_write,
        "is_open": project.status in services.OPEN_PROJECT_STATUSES,
        "next_statuses": [
            (s, ProjectStatus(s).label) for s in ProjectStatus.values if s in PROJECT_TRANSITIONS[project.status]
        ],
        "participant_form": ParticipantForm(students=students[:2000], teachers=teachers[:2000]),
        "school_people": school_people,
        "can_discuss": _is_party(actor, project.school_id, project.enterprise_id),
        "milestone_form": MilestoneForm(),
        "output_form": OutputForm(),
    }


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    project = selectors.project_get(actor=actor, pk=pk)
    return render(request, "partnerships/project_detail.html", _project_context(actor, project))


@login_required
@require_POST
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    project = selectors.project_get(actor=actor, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Unknown status."))
    services.project_transition(actor=actor, project=project, to_status=form.cleaned_data["status"])
    messages.success(request, _("Project status changed."))
    return redirect("partnerships:project-detail", pk=pk)


def _section(request, actor, project, name, form=None, status=200):
    context = _project_context(actor, project)
    if form is not None:
        context[f"{name}_form"] = form
    return render(request, f"partnerships/_project_{name}s.html", context, status=status)


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    project = selectors.project_get(actor=actor, pk=pk)
    students, teachers = selectors.school_people_choices(actor=actor, project=project)
    form = ParticipantForm(request.POST, students=students, teachers=teachers)
    if form.is_valid():
        v = form.cleaned_data
        try:
            services.participant_add(
                actor=actor,
                project=project,
                role=v["role"],
                student=v["student"],
                teacher=v["teacher"],
                staff_name=v["staff_name"],
                duty=v["duty"],
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
            return _section(request, actor, project, "participant", form, 400)
        return _section(request, actor, project, "participant")
    return _section(request, actor, project, "participant", form, 400)


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    participant = selectors.participant_get(actor=actor, pk=pk)
    project = participant.project
    services.participant_remove(actor=actor, participant=participant)
    return _section(request, actor, project, "participant")


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    project = selectors.project_get(actor=actor, pk=pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(actor=actor, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
            return _section(request, actor, project, "milestone", form, 400)
        return _section(request, actor, project, "milestone")
    return _section(request, actor, project, "milestone", form, 400)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    milestone = selectors.milestone_get(actor=actor, pk=pk)
    services.milestone_complete(actor=actor, milestone=milestone)
    return _section(request, actor, milestone.project, "milestone")


@login_required
@require_POST
def milestone_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    milestone = selectors.milestone_get(actor=actor, pk=pk)
    project = milestone.project
    services.milestone_remove(actor=actor, milestone=milestone)
    return _section(request, actor, project, "milestone")


@login_required
@require_POST
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    project = selectors.project_get(actor=actor, pk=pk)
    form = OutputForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.output_record(actor=actor, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
            return _section(request, actor, project, "output", form, 400)
        if not request.htmx:
            return redirect(reverse("partnerships:project-detail", args=[pk]) + "#outputs")
        return _section(request, actor, project, "output")
    return _section(request, actor, project, "output", form, 400)


@login_required
@require_POST
def output_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    output = selectors.output_get(actor=actor, pk=pk)
    project = output.project
    services.output_remove(actor=actor, output=output)
    return _section(request, actor, project, "output")


@login_required
def output_file(request: HttpRequest, pk: int) -> HttpResponse:
    output = selectors.output_get(actor=actor_for(request.user), pk=pk)
    return _serve(output.file, f"output-{output.pk}")
