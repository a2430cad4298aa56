"""htmx pages. Reads via selectors (scoped), writes via services; domain errors become messages on the page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core import charts
from workbridge.core.access import actor_for
from workbridge.core.archiving import wants_archived
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.forms import apply_domain_error, errors_in_words
from workbridge.core.headers import map_tiles, permissions_policy
from workbridge.core.listing import export_if_asked, export_links
from workbridge.core.uploads import serve_upload

from . import compliance_bridge, forms, selectors
from . import models as m
from . import permissions as perms
from . import services as svc
from .compliance_bridge import related_or_none
from .listing import ALERT_COLUMNS, PLACEMENT_COLUMNS, PLAN_COLUMNS, PLAN_PROGRESS_COLUMNS, POSITION_COLUMNS
from .services import alerts as alerts_svc
from .services import attendance as att_svc
from .services import plans as plans_svc
from .services import reports as rep_svc
from .services import rounds as match_svc
from .statistics import placement_statistics, statistics_xlsx


def _back(request, default: str):
    return redirect(request.POST.get("next") or request.META.get("HTTP_REFERER") or default)


def _run(request, fn, ok: str, default: str):
    """Run a service; show its error as a message instead of a bare error page."""
    try:
        fn()
        messages.success(request, ok)
    except DomainError as exc:
        messages.error(request, _domain_detail(exc))
    return _back(request, default)


def _domain_detail(exc: DomainError) -> str:
    """A service's refusal in one line (its blockers when it names them)."""
    if exc.errors and isinstance(exc.errors, dict) and exc.errors.get("blockers"):
        return " ".join(str(b) for b in exc.errors["blockers"])
    return str(exc.message)


def _form_failed(request, form, default: str, render_page):
    """After a form error or a service's refusal: errors about fields show beside them on the page again
    (status 400); a refusal of the whole action (wrong state, a rule) shows as a message on the page it came from."""
    if any(form.errors.get(name) for name in form.fields):
        messages.error(request, _("Please correct the marked fields."))
        return render_page()
    messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Not saved."))
    return _back(request, default)


def _save_with_form(form, call) -> bool:
    """Call the service with the valid form's data; a DomainError goes onto the form. True when saved."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        if exc.errors and isinstance(exc.errors, dict) and exc.errors.get("blockers"):
            form.add_error(None, _domain_detail(exc))
        else:
            apply_domain_error(form, exc)
        return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Landing: the student's day, the mentor's desk, the school's overview


@login_required
def home(request):
    actor = actor_for(request.user)
    if perms.is_student(actor):
        return student_day(request)
    return mentor_desk(request)


@login_required
# the check-in asks for the phone's location and may take a photo with its camera; no other page may
@permissions_policy(geolocation=["self"], camera=["self"])
def student_day(request):
    actor = actor_for(request.user)
    return render(request, "placements/student_day.html", _student_day_context(actor))


def _student_day_context(actor, bound: dict | None = None, report_form=None) -> dict:
    """The student's day; ``bound`` holds a posted form (by its action) to show again with its errors."""
    placement = selectors.current_placement(actor=actor)
    context = {"placement": placement, "today": timezone.localdate()}
    if placement is not None:
        week = selectors.week_start(timezone.localdate())
        context.update(
            {
                "checkins": placement.checkins.all()[:7],
                "photo_policy": placement.photo_policy(),
                "reports": placement.reports.all()[:6],
                "week_start": week,
                "this_week_report": placement.reports.filter(kind="weekly", period_start=week).first(),
                "agreement": related_or_none(placement, "agreement"),
                "blockers": svc.start_blockers(placement) if placement.status == "planned" else [],
                "leaves": placement.leave_requests.all()[:5],
                "evaluated": placement.evaluations.filter(evaluator_kind="student").exists(),
                "report_form": report_form or _report_form(placement, week),
                "forms": _placement_forms(actor, placement, ("leave", "makeup", "rate", "evaluate", "incident"), bound),
            }
        )
    context["applications"] = selectors.application_list(actor=actor)[:10]
    context["rounds"] = selectors.round_list(actor=actor)[:5]
    context["history"] = selectors.past_placements(actor=actor)[:20]
    return context


def _report_form(placement, week) -> forms.ReportForm:
    """This week's report form, filled with the report when it was returned for revision."""
    mine = placement.reports.filter(kind="weekly", period_start=week).first()
    initial = {"kind": m.ReportKind.WEEKLY, "period_start": week}
    if mine is not None:
        initial.update({k: getattr(mine, k) for k in ("tasks", "learnt", "problems", "hours")})
    return forms.ReportForm(initial=initial)


@login_required
def mentor_desk(request):
    actor = actor_for(request.user)
    context = {
        "reports": selectors.reports_to_review(actor=actor)[:20],
        "alerts": selectors.alert_list(actor=actor)[:10],
        "placements": selectors.placement_list(actor=actor, status="active")[:50],
        "checkins": selectors.checkins_today(actor=actor)[:50],
        "pending_positions": selectors.position_list(actor=actor, status="submitted")[:20]
        if perms.sees_oversight_desk(actor)
        else [],
        "loads": selectors.mentor_loads(actor=actor) if perms.may_assign_mentors(actor) else [],
        "pending_makeups": selectors.makeups_pending(actor=actor)[:20],
        "pending_leaves": selectors.leaves_pending(actor=actor)[:20],
    }
    return render(request, "placements/desk.html", context)


# ---------------------------------------------------------------------------------------------------------
# Positions


def _findings_for_people(position) -> list[dict]:
    """The position's rule findings in the reader's language, severity in words."""
    from workbridge.compliance.models import Severity

    labels = dict(Severity.choices)
    return [
        {
            "severity": labels.get(f.get("severity"), ""),
            "blocking": compliance_bridge.is_blocking(f),
            "message": compliance_bridge.finding_message(f),
            "citation": f.get("citation", ""),
        }
        for f in position.compliance_findings or []
    ]


def _is_party(actor, school_id, enterprise_id, student_id=None) -> bool:
    from workbridge.conversations.services import is_party

    return is_party(actor, school_id=school_id, enterprise_id=enterprise_id, student_id=student_id)


def _position_form_page(request, form, *, position=None, status=200):
    from workbridge.labour_market.selectors import occupation_choices

    tiles = map_tiles()
    context = {"form": form, "position": position, "occupations": occupation_choices(), "map": tiles}
    response = render(request, "placements/position_form.html", context, status=status)
    if tiles:
        # Only this page may load images from the operator's tile server (the site-wide policy allows none).
        response._csp_update = {"img-src": [tiles["origin"]]}
    return response


@login_required
def position_list(request):
    actor = actor_for(request.user)
    q = request.GET.get("q", "")
    status = request.GET.get("status") or None
    archived = wants_archived(request.GET)
    positions = selectors.position_list(actor=actor, status=status, q=q, archived=archived)
    if exported := export_if_asked(
        request,
        name="positions",
        title=_("Positions"),
        columns=POSITION_COLUMNS,
        rows=positions.select_related("enterprise"),
    ):
        return exported
    return render(
        request,
        "placements/positions.html",
        {
            "positions": positions[:100],
            "q": q,
            "status": status,
            "statuses": m.PositionStatus.choices,
            "showing_archived": archived,
            "export_links": export_links(request),
            "can": {
                "filter_status": perms.may_filter_positions_by_status(actor),
                "publish": perms.may_publish_positions(actor),
            },
        },
    )


@login_required
@permissions_policy(geolocation=["self"])  # "use my current location" at the workplace
def position_new(request):
    actor = actor_for(request.user)
    if not perms.may_publish_positions(actor):
        raise PermissionDenied(_("Enterprise admins publish positions."))
    from workbridge.partnerships.selectors import project_list

    projects = project_list(actor=actor, enterprise_id=actor.organization_id)
    form = forms.PositionForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            position = svc.position_create(actor=actor, data=form.to_service_data())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Position saved as draft. Submit it for school review."))
            return redirect("placements:position", pk=position.pk)
    return _position_form_page(request, form, status=400 if form.is_bound else 200)


@login_required
@permissions_policy(geolocation=["self"])  # "use my current location" at the workplace
def position_edit(request, pk):
    """Edit a position; on an approved one a change of pay, hours, dates or places sends it back to review."""
    actor = actor_for(request.user)
    position = selectors.position_get(actor=actor, pk=pk)
    if not perms.may_edit_position(actor, position):
        raise PermissionDenied(_("Enterprise admins edit their positions."))
    from workbridge.partnerships.selectors import project_list

    projects = project_list(actor=actor, enterprise_id=position.enterprise_id)
    form = forms.PositionForm(request.POST or None, projects=projects, position=position)
    if request.method == "POST" and form.is_valid():
        try:
            position = svc.position_update(actor=actor, position=position, data=form.to_service_data())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            if position.status == m.PositionStatus.SUBMITTED:
                messages.info(
                    request,
                    _("Saved. A regulated term changed, so the position is back with the school for review."),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("placements:position", pk=position.pk)
    return _position_form_page(request, form, position=position, status=400 if form.is_bound else 200)


@login_required
def position_detail(request, pk):
    actor = actor_for(request.user)
    position = selectors.position_get(actor=actor, pk=pk)
    return render(request, "placements/position_detail.html", _position_detail_context(actor, position))


def _position_detail_context(actor, position, bound: dict | None = None) -> dict:
    context = {
        "position": position,
        "free": svc.position_free_places(position),
        "findings": _findings_for_people(position),
        "can": perms.position_flags(actor, position),
        "can_apps": perms.application_flags(actor),
        "review_form": forms.PositionReviewForm(auto_id="id_review_%s"),
        "apply_form": forms.ApplyForm(auto_id="id_apply_%s"),
        **(bound or {}),
    }
    if context["can"]["apply"]:
        context["applied"] = m.Application.objects.filter(student_id=actor.student_id, position=position).first()
        if not context["applied"]:
            from workbridge.academics.models import Student

            student = Student.objects.select_related("major").get(pk=actor.student_id)
            context["obstacles"] = svc.application_obstacles(position, student)
    if context["can"]["see_applications"]:
        context["applications"] = selectors.application_list(actor=actor).filter(position=position)
    return context


@login_required
@require_POST
def position_action(request, pk, action):
    actor = actor_for(request.user)
    position = selectors.position_get(actor=actor, pk=pk)
    default = f"/placements/positions/{pk}/"
    if action == "submit":
        return _run(
            request,
            lambda: svc.position_submit(actor=actor, position=position),
            _("Submitted for school review."),
            default,
        )
    if action == "close":
        return _run(request, lambda: svc.position_close(actor=actor, position=position), _("Position closed."), default)
    if action in ("approve", "reject"):
        form, key, ok = (
            forms.PositionReviewForm(request.POST, auto_id="id_review_%s"),
            "review_form",
            _("Review saved."),
        )

        def call(d):
            svc.position_review(actor=actor, position=position, approve=action == "approve", comment=d["comment"])

    elif action == "apply":
        form, key, ok = (
            forms.ApplyForm(request.POST, auto_id="id_apply_%s"),
            "apply_form",
            _("Application sent with your CV."),
        )

        def call(d):
            svc.application_submit(actor=actor, position=position, **d)

    else:
        raise PermissionDenied(_("Unknown action."))
    if _save_with_form(form, call):
        messages.success(request, ok)
        return _back(request, default)
    return _form_failed(
        request,
        form,
        default,
        lambda: render(
            request,
            "placements/position_detail.html",
            _position_detail_context(actor, position, {key: form}),
            status=400,
        ),
    )


# ---------------------------------------------------------------------------------------------------------
# Applications


@login_required
def application_list(request):
    actor = actor_for(request.user)
    return render(
        request,
        "placements/applications.html",
        {
            "applications": selectors.application_list(actor=actor, status=request.GET.get("status") or None)[:200],
            "can_apps": perms.application_flags(actor),
        },
    )


@login_required
@require_POST
def application_action(request, pk, action):
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    default = "/placements/applications/"
    if action in ("accept", "decline"):
        return _run(
            request,
            lambda: svc.application_respond(actor=actor, application=application, accept=action == "accept"),
            _("Answer recorded."),
            default,
        )
    if action == "withdraw":
        return _run(
            request,
            lambda: svc.application_withdraw(actor=actor, application=application),
            _("Application withdrawn."),
            default,
        )

    form = forms.ApplicationStepForm(request.POST)
    if _save_with_form(
        form, lambda d: svc.application_advance(actor=actor, application=application, action=action, **d)
    ):
        messages.success(request, _("Application updated."))
    else:
        # the steps are small forms in a table row: the error names its field in the message above the table
        messages.error(request, _errors_in_words(form))
    return _back(request, default)


def _errors_in_words(form) -> str:
    return errors_in_words(form) or str(_("Not saved."))


@login_required
def self_found(request):
    actor = actor_for(request.user)
    from workbridge.organizations.selectors import organization_list

    may_propose = perms.may_propose_self_found(actor)
    enterprises = (
        organization_list(actor=actor, kind="enterprise").filter(vetting_status="approved").order_by("name")
        if may_propose
        else None
    )
    form = forms.SelfFoundForm(enterprises=enterprises) if may_propose else None
    status = 200
    if request.method == "POST":
        if not may_propose:
            raise PermissionDenied(_("Students propose the placements they found themselves."))
        form = forms.SelfFoundForm(request.POST, enterprises=enterprises)
        if _save_with_form(form, lambda d: svc.self_found_propose(actor=actor, **form.service_arguments())):
            messages.success(request, _("Proposal sent to your school."))
            return redirect("placements:self-found")
        if not any(form.errors.get(name) for name in form.fields):
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Not saved."))
            return redirect("placements:self-found")
        messages.error(request, _("Please correct the marked fields."))
        status = 400
    return render(
        request,
        "placements/self_found.html",
        {
            "proposals": selectors.proposal_list(actor=actor)[:100],
            "form": form,
            "decision_form": forms.DecisionForm(),
            "can": {"propose": may_propose, "decide": perms.may_decide_self_found(actor)},
        },
        status=status,
    )


@login_required
@require_POST
def self_found_decide(request, pk):
    actor = actor_for(request.user)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    form = forms.DecisionForm(request.POST)
    if _save_with_form(
        form,
        lambda d: svc.self_found_decide(
            actor=actor, proposal=proposal, approve=d["decision"] == "approve", comment=d["comment"]
        ),
    ):
        messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _errors_in_words(form))
    return redirect("placements:self-found")


# ---------------------------------------------------------------------------------------------------------
# Matching rounds


# ---------------------------------------------------------------------------------------------------------
# Internship plans


@login_required
def plan_list(request):
    actor = actor_for(request.user)
    plans = selectors.plan_list(actor=actor, status=request.GET.get("status") or None)
    if exported := export_if_asked(
        request, name="internship-plans", title=_("Internship plans"), columns=PLAN_COLUMNS, rows=plans
    ):
        return exported
    may_plan = perms.may_plan_internships(actor)
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied(_("The school's staff prepare internship plans."))
        form = forms.PlanForm(request.POST, school_id=actor.organization_id)
        if form.is_valid():
            try:
                plan = plans_svc.plan_create(actor=actor, **form.service_arguments())
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Plan saved. Open it when the internship season begins."))
                return redirect("placements:plan", pk=plan.pk)
    else:
        form = forms.PlanForm(school_id=actor.organization_id) if may_plan else None
    return render(
        request,
        "placements/plans.html",
        {
            "plans": plans[:100],
            "form": form,
            "statuses": m.PlanStatus.choices,
            "status": request.GET.get("status", ""),
            "export_links": export_links(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan_detail(request, pk):
    actor = actor_for(request.user)
    plan = selectors.plan_get(actor=actor, pk=pk)
    if request.method == "POST":
        if not perms.may_manage_plan(actor, plan):
            raise PermissionDenied(_("The school's staff open and close its plans."))
        form = forms.PlanStatusForm(request.POST)
        if _save_with_form(form, lambda d: plans_svc.plan_set_status(actor=actor, plan=plan, status=d["status"])):
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _errors_in_words(form))
        return redirect("placements:plan", pk=pk)
    progress = selectors.plan_progress(actor=actor, plan=plan) if perms.sees_plan_progress(actor) else None
    if progress is not None and (
        exported := export_if_asked(
            request,
            name=f"plan-{plan.pk}-progress",
            title=plan.title,
            columns=PLAN_PROGRESS_COLUMNS,
            rows=progress.rows,
        )
    ):
        return exported
    return render(
        request,
        "placements/plan_detail.html",
        {
            "plan": plan,
            "progress": progress,
            "weights": [(_weight_label(k), round(float(v) * 100)) for k, v in (plan.grade_weights or {}).items()],
            "can_manage": perms.may_manage_plan(actor, plan),
            "export_links": export_links(request),
        },
    )


def _grade_rows(breakdown: dict | None) -> list[tuple[str, object, int]]:
    """The final grade's parts as (part, score, weight in %) for a table, in the order weights are listed."""
    if not breakdown:
        return []
    parts, weights = breakdown.get("components") or {}, breakdown.get("weights") or {}
    return [(_weight_label(k), parts.get(k), round(float(w) * 100)) for k, w in weights.items() if float(w) > 0]


def _weight_label(key: str) -> str:
    return {
        "enterprise": _("Enterprise mentor's evaluation"),
        "school": _("School mentor's evaluation"),
        "reports": _("Weekly reports"),
        "attendance": _("Attendance"),
    }.get(key, key)


@login_required
def round_list(request):
    actor = actor_for(request.user)
    may_plan = perms.may_plan_rounds(actor)
    positions = (
        selectors.position_list(actor=actor, status="approved").select_related("enterprise") if may_plan else None
    )
    form = forms.RoundForm(positions=positions[:300] if may_plan else None) if may_plan else None
    status = 200
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied(_("The school's admin plans matching rounds."))
        form = forms.RoundForm(request.POST, positions=positions)

        def create(d):
            match_svc.round_create(
                actor=actor,
                title=d["title"],
                position_ids=[p.pk for p in d["positions"]],
                max_choices=d["max_choices"],
                variant=d["variant"],
            )

        if _save_with_form(form, create):
            messages.success(request, _("Round created."))
            return redirect("placements:rounds")
        if not any(form.errors.get(name) for name in form.fields):
            messages.error(request, _errors_in_words(form))
            return redirect("placements:rounds")
        messages.error(request, _("Please correct the marked fields."))
        status = 400
    return render(
        request,
        "placements/rounds.html",
        {"rounds": selectors.round_list(actor=actor)[:50], "form": form},
        status=status,
    )


@login_required
def round_detail(request, pk):
    actor = actor_for(request.user)
    rnd = selectors.round_get(actor=actor, pk=pk)
    context = {"round": rnd, "positions": rnd.positions.select_related("enterprise"), "reasons": match_svc.REASONS}
    view = selectors.round_view_for(actor=actor, rnd=rnd)
    context["as_student"] = perms.is_student(actor)
    if context["as_student"]:
        context["my_choices"] = list(rnd.choices.filter(student_id=actor.student_id).select_related("position"))
        if view["rows"]:
            row = view["rows"][0]
            context["my_result"] = row
            titles = dict(rnd.positions.values_list("pk", "title"))
            context["explanation"] = [dict(i, title=titles.get(i.get("position"), "")) for i in row["explanation"]]
        context["slots"] = range(1, rnd.max_choices + 1)
    elif view["scope"] == "enterprise":
        rows = []
        for pos in view["positions"].values():
            scores = dict(rnd.scores.filter(position=pos).values_list("student_id", "score"))
            for choice in rnd.choices.filter(position=pos).select_related("student__major"):
                rows.append(
                    {
                        "position": pos,
                        "student": choice.student,
                        "rank": choice.rank,
                        "score": scores.get(choice.student_id),
                    }
                )
        context["applicants"] = rows
    elif view["scope"] == "full":
        context["results"] = view["rows"][:500]
        context["ranked_students"] = rnd.choices.values("student").distinct().count()
        context["excluded"] = _round_exclusions(rnd)
    return render(request, "placements/round_detail.html", context)


@login_required
@require_POST
def round_action(request, pk, action):
    actor = actor_for(request.user)
    rnd = selectors.round_get(actor=actor, pk=pk)
    default = f"/placements/rounds/{pk}/"
    if action in ("rank", "score"):
        if action == "rank":
            form, ok = forms.RankForm(request.POST, positions=rnd.positions.all()), _("Your ranking is saved.")

            def call(d):
                match_svc.round_rank(actor=actor, rnd=rnd, position_ids=d["choice"])

        else:
            form, ok = forms.ScoreForm(request.POST), _("Scores saved.")

            def call(d):
                position = selectors.position_get(actor=actor, pk=d["position"])
                match_svc.round_score(actor=actor, rnd=rnd, position=position, scores=d["scores"])

        if _save_with_form(form, call):
            messages.success(request, ok)
        else:
            messages.error(request, _errors_in_words(form))
        return _back(request, default)
    if action == "compute":
        form = forms.ComputeForm(request.POST)
        if _save_with_form(
            form, lambda d: match_svc.round_compute(actor=actor, rnd=rnd, variant=d["variant"] or None, seed=d["seed"])
        ):
            messages.success(request, _("Round computed."))
        else:
            messages.error(request, _errors_in_words(form))
        return _back(request, default)
    if action == "publish":
        return _run(request, lambda: match_svc.round_publish(actor=actor, rnd=rnd), _("Results published."), default)
    if action == "convert":
        return _run(
            request,
            lambda: match_svc.round_convert(actor=actor, rnd=rnd),
            _("Placements created from the results."),
            default,
        )
    raise PermissionDenied(_("Unknown action."))


def _round_exclusions(rnd) -> list[dict]:
    """The students the round left out (or whose choices it narrowed), with the reason in the reader's language."""
    from django.utils.translation import get_language

    from workbridge.academics.models import Student

    items = (rnd.stats or {}).get("excluded") or []
    names = dict(Student.objects.filter(pk__in=[i["student"] for i in items]).values_list("pk", "name"))
    titles = dict(rnd.positions.values_list("pk", "title"))
    lang = "zh" if (get_language() or "zh").startswith("zh") else "en"
    reasons = {
        "already_placed": _("Already holds a placement."),
        "rules": _("None of their choices is allowed for them under the internship rules."),
        "some_choices_refused": _(
            "Some choices are not allowed for them under the internship rules; the others took part."
        ),
    }
    return [
        {
            "student": names.get(item["student"], ""),
            "reason": reasons.get(item["reason"], ""),
            "positions": [
                {"title": titles.get(p["position"], ""), "messages": p["messages"].get(lang) or []}
                for p in item.get("positions", [])
            ],
        }
        for item in items
    ]


@login_required
def round_export(request, pk):
    actor = actor_for(request.user)
    if not perms.may_export_round(actor):
        raise PermissionDenied(_("Students cannot export rounds."))
    rnd = selectors.round_get(actor=actor, pk=pk)
    response = HttpResponse(
        match_svc.round_export_xlsx(rnd, selectors.round_view_for(actor=actor, rnd=rnd)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="round-{rnd.pk}.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------------------
# Placements


@login_required
def placement_list(request):
    actor = actor_for(request.user)
    placements = selectors.placement_list(actor=actor, status=request.GET.get("status") or None)
    if exported := export_if_asked(
        request,
        name="placements",
        title=_("Placements"),
        columns=PLACEMENT_COLUMNS,
        rows=placements.select_related(
            "student__major", "position", "enterprise", "school_mentor", "enterprise_mentor"
        ),
    ):
        return exported
    context = {
        "placements": placements[:300],
        "statuses": m.PlacementStatus.choices,
        "export_links": export_links(request),
    }
    if perms.may_assign_mentors(actor):
        context["batch_mentors"] = selectors.mentor_loads_for_batch(actor=actor)
    return render(request, "placements/placements.html", context)


@login_required
@require_POST
def placements_assign_mentor(request):
    actor = actor_for(request.user)
    form = forms.BatchMentorForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_errors_in_words(form), errors=form.errors.get_json_data())
    key = perms.mentor_field(actor)
    return _run(
        request,
        lambda: svc.placements_assign_mentor(
            actor=actor, placement_ids=form.cleaned_data["placement"], **{key: form.cleaned_data["mentor"]}
        ),
        _("Mentor assigned."),
        "/placements/placements/",
    )


@login_required
def placement_detail(request, pk):
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    return render(request, "placements/placement_detail.html", _placement_detail_context(actor, placement))


# the forms the placement page shows (the student's day shows its own few)
DETAIL_FORMS = (
    "school_mentor",
    "enterprise_mentor",
    "mode",
    "photo_policy",
    "confirm",
    "insurance",
    "training",
    "schedule",
    "evaluate",
    "confirm_week",
    "left_post",
    "incident",
    "complete",
    "terminate",
    "cancel",
    "reopen",
)


def _placement_detail_context(actor, placement, bound: dict | None = None) -> dict:
    context = {
        "p": placement,
        "grade_rows": _grade_rows(placement.grade_breakdown),
        "agreement": related_or_none(placement, "agreement"),
        "insurance": related_or_none(placement, "insurance"),
        "trainings": placement.trainings.all(),
        "blockers": svc.start_blockers(placement) if placement.status == "planned" else [],
        "reports": placement.reports.all()[:30],
        "checkins": placement.checkins.all()[:20],
        "evaluations": placement.evaluations.all(),
        "alerts": placement.alerts.all()[:10],
        "attendance_rate": rep_svc.attendance_rate(placement) if placement.status != "planned" else None,
        "modes": m.AttendanceMode.choices,
        "photo_policies": m.PhotoPolicy.choices,
        "photo_policy": placement.photo_policy(),
        "can": perms.placement_flags(actor, placement),
        "can_discuss": _is_party(actor, placement.school_id, placement.enterprise_id, placement.student_id),
        "forms": _placement_forms(actor, placement, DETAIL_FORMS, bound),
    }
    if context["can"]["assign_school_mentor"]:
        context["teachers"] = selectors.mentor_choices(actor=actor, placement=placement)
    if context["can"]["assign_enterprise_mentor"]:
        context["mentors"] = selectors.mentor_choices(actor=actor, placement=placement)
    return context


def _evaluation_items(actor, placement) -> list[tuple[str, str]]:
    """The items the actor scores: a student scores the host, staff score the student's competencies."""
    from django.utils.translation import get_language

    if perms.is_student(actor):
        english = (get_language() or "zh").startswith("en")
        return [
            (i["code"], i["name"] if english else i.get("name_zh") or i["name"]) for i in selectors.student_host_items()
        ]
    return [(i.code, i.name) for i in selectors.competency_items_for(placement.student)]


def _placement_form(action: str, actor, placement, data=None):
    """The form of one placement action, bound to ``data`` when given (None: the action needs no form)."""
    ids = f"id_{action}_%s"  # several forms on one page share field names
    if action == "evaluate":
        return forms.EvaluationForm(data, items=_evaluation_items(actor, placement), auto_id=ids)
    if action in ("cancel", "reopen"):
        label = _("Why it is cancelled") if action == "cancel" else _("Why it is reopened")
        return forms.ReasonForm(data, label=label, auto_id=ids)
    form_class = {
        "school_mentor": forms.SchoolMentorForm,
        "enterprise_mentor": forms.EnterpriseMentorForm,
        "training": forms.TrainingForm,
        "insurance": forms.InsuranceForm,
        "confirm": forms.GuardianConsentForm,
        "complete": forms.CompleteForm,
        "terminate": forms.EndEarlyForm,
        "mode": forms.AttendanceModeForm,
        "photo_policy": forms.PhotoPolicyForm,
        "schedule": forms.ScheduleForm,
        "rate": forms.MentorRatingForm,
        "leave": forms.LeaveForm,
        "makeup": forms.MakeupForm,
        "incident": forms.IncidentForm,
        "left_post": forms.LeftPostForm,
        "confirm_week": forms.ConfirmWeekForm,
    }.get(action)
    if form_class is None:
        return None
    if data is None:
        return form_class(initial=_placement_form_initial(action, placement), auto_id=ids)
    return form_class(data, auto_id=ids)


def _placement_form_initial(action: str, placement) -> dict:
    if action == "mode":
        return {"mode": placement.attendance_mode}
    if action == "photo_policy":
        return {"policy": placement.checkin_photo or ""}
    if action == "schedule":
        return {"schedule": "\n".join(f"{s['start']} {s['end']} {s['kind']}" for s in placement.schedule or [])}
    return {}


def _placement_forms(actor, placement, actions, bound: dict | None = None) -> dict:
    """The page's action forms by action; a bound (posted) one replaces its blank twin."""
    shown = {action: _placement_form(action, actor, placement) for action in actions}
    shown.update(bound or {})
    return shown


def _placement_service(action: str, actor, placement, d: dict):
    """The service call of a placement action, with the form's cleaned data ``d`` (empty for button actions)."""
    if action == "school_mentor":
        return svc.placement_assign_mentor(actor=actor, placement=placement, school_mentor_id=d["teacher"])
    if action == "enterprise_mentor":
        return svc.placement_assign_mentor(actor=actor, placement=placement, enterprise_mentor_id=d["mentor"])
    if action == "training":
        return svc.training_record(actor=actor, placement=placement, **d)
    if action == "insurance":
        return svc.insurance_record(actor=actor, placement=placement, **d)
    if action == "agreement":
        return svc.agreement_generate(actor=actor, placement=placement)
    if action == "confirm":
        return svc.agreement_confirm(
            actor=actor, placement=placement, guardian_name=d["guardian_name"], version=d["version"]
        )
    if action == "start":
        return svc.placement_start(actor=actor, placement=placement)
    if action == "complete":
        return svc.placement_complete(actor=actor, placement=placement, hired_by_host=d["hired"])
    if action == "terminate":
        return svc.placement_terminate(actor=actor, placement=placement, end_reason=d["end_reason"], reason=d["reason"])
    if action == "cancel":
        return svc.placement_cancel(actor=actor, placement=placement, reason=d["reason"])
    if action == "reopen":
        return svc.placement_reopen(actor=actor, placement=placement, reason=d["reason"])
    if action == "mode":
        return svc.placement_set_attendance_mode(actor=actor, placement=placement, mode=d["mode"])
    if action == "photo_policy":
        return att_svc.placement_set_photo_policy(actor=actor, placement=placement, policy=d["policy"])
    if action == "schedule":
        return svc.placement_set_schedule(actor=actor, placement=placement, schedule=d["schedule"])
    if action == "grade":
        return rep_svc.grade_compute(actor=actor, placement=placement)
    if action == "evaluate":
        return rep_svc.evaluation_submit(
            actor=actor, placement=placement, scores=_evaluation_scores(d), comment=d["comment"]
        )
    if action == "rate":
        return svc.mentor_rate(actor=actor, placement=placement, **d)
    if action == "leave":
        return att_svc.leave_request(actor=actor, placement=placement, **d)
    if action == "makeup":
        return att_svc.makeup_request(actor=actor, placement=placement, **d)
    if action == "incident":
        return alerts_svc.incident_report(actor=actor, placement=placement, occurred_at=timezone.now(), **d)
    if action == "left_post":
        return alerts_svc.left_post_report(actor=actor, placement=placement, note=d["note"])
    if action == "confirm_week":
        return att_svc.attendance_confirm_week(
            actor=actor,
            placement=placement,
            week_start=d["week_start"],
            days_present=d["days"],
            overtime_hours=d["overtime_hours"] or 0,
            night_shifts=d["night_shifts"] or 0,
            note=d["note"],
        )
    if action == "hire":
        return svc.placement_record_hire(actor=actor, placement=placement, hired=True)
    raise PermissionDenied(_("Unknown action."))


PLACEMENT_ACTIONS = frozenset(DETAIL_FORMS) | {"agreement", "start", "grade", "rate", "leave", "makeup", "hire"}


def _evaluation_scores(d: dict) -> dict:
    return {k[6:]: v for k, v in d.items() if k.startswith("score_")}


@login_required
@require_POST
def placement_action(request, pk, action):
    """A write on the placement page. An action with input parses it with its form; a form error or a refusal
    of the service shows the page again with the error beside the field (status 400, nothing saved)."""
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    default = f"/placements/placements/{pk}/"
    if action not in PLACEMENT_ACTIONS:
        raise PermissionDenied(_("Unknown action."))
    form = _placement_form(action, actor, placement, request.POST)
    if form is None:
        return _run(request, lambda: _placement_service(action, actor, placement, {}), _("Saved."), default)
    if _save_with_form(form, lambda d: _placement_service(action, actor, placement, d)):
        messages.success(request, _("Saved."))
        return _back(request, default)

    def page():
        current = selectors.current_placement(actor=actor) if perms.is_student(actor) else None
        if current is not None and current.pk == placement.pk:
            context = _student_day_context(actor, {action: form})
            return render(request, "placements/student_day.html", context, status=400)
        context = _placement_detail_context(actor, placement, {action: form})
        return render(request, "placements/placement_detail.html", context, status=400)

    return _form_failed(request, form, default, page)


@login_required
def agreement_pdf(request, pk):
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    if related_or_none(placement, "agreement") is None:
        raise PermissionDenied(_("No agreement generated yet."))
    agreement, data = svc.agreement_current_pdf(actor=actor, placement=placement)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{placement.pk}-v{agreement.version}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def agreement_attach(request, pk, kind):
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationFailed(_("Choose a file."), errors={"file": [_("Required.")]})
    return _run(
        request,
        lambda: svc.agreement_attach(actor=actor, placement=placement, kind=kind, upload=upload),
        _("Saved."),
        f"/placements/placements/{pk}/",
    )


@login_required
def agreement_document(request, pk, kind):
    """The signed agreement or the guardian's consent, for whoever sees the placement."""
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    agreement = related_or_none(placement, "agreement")
    field = svc.AGREEMENT_DOCUMENTS.get(kind)
    if agreement is None or field is None or not getattr(agreement, field):
        raise NotFound(_("No such document."))
    return serve_upload(getattr(agreement, field), download_name=f"{kind}-{placement.pk}")


@login_required
def qr_page(request, pk):
    """A placement's code is its workplace's code: one per position, for every intern of the post."""
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    if not perms.may_show_workplace_code(actor, placement.position):
        raise PermissionDenied(_("Only the enterprise shows the QR code."))
    return redirect("placements:position-qr", pk=placement.position_id)


@login_required
def position_qr(request, pk):
    """The workplace's rotating check-in code, shown on the mentor's phone or a screen at the site; it changes every
    minute and every intern of the post scans the same one."""
    from .engines.attendance import qr_token, qr_window

    actor = actor_for(request.user)
    position = selectors.position_get(actor=actor, pk=pk)
    if not perms.may_show_workplace_code(actor, position):
        raise PermissionDenied(_("Only the enterprise shows the QR code."))
    now = timezone.now()
    import segno

    token = qr_token(svc.position_qr_secret(position), position.pk, qr_window(now))
    # Scanning with the phone's own camera opens the student's check-in page with the code filled in.
    scan_url = request.build_absolute_uri(reverse("placements:my") + "?" + urlencode({"qr": token}))
    qr_svg = segno.make(scan_url, error="m").svg_inline(scale=6, border=2)
    template = "placements/_qr.html" if request.htmx else "placements/qr.html"
    interns = m.Placement.objects.filter(position=position, status="active").count()
    context = {
        "position": position,
        "token": token,
        "qr_svg": qr_svg,
        "seconds": 60 - int(now.timestamp()) % 60,
        "interns": interns,
    }
    return render(request, template, context)


def _approved(request) -> bool:
    """The decision button pressed (approve or reject); anything else is refused beside it."""
    form = forms.ApproveRejectForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_errors_in_words(form), errors=form.errors.get_json_data())
    return form.cleaned_data["decision"] == "approve"


@login_required
@require_POST
def checkin_decide(request, pk):
    actor = actor_for(request.user)
    checkin = selectors.checkin_get(actor=actor, pk=pk)
    return _run(
        request,
        lambda: att_svc.makeup_decide(actor=actor, checkin=checkin, approve=_approved(request)),
        _("Decision recorded."),
        "/placements/",
    )


@login_required
@require_POST
def leave_decide(request, pk):
    actor = actor_for(request.user)
    leave = selectors.leave_get(actor=actor, pk=pk)
    return _run(
        request,
        lambda: att_svc.leave_decide(actor=actor, leave=leave, approve=_approved(request)),
        _("Decision recorded."),
        "/placements/",
    )


# ---------------------------------------------------------------------------------------------------------
# Reports


@login_required
@require_POST
def report_submit(request, pk):
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    default = "/placements/my/"
    form = forms.ReportForm(request.POST, request.FILES)
    if _save_with_form(form, lambda d: rep_svc.report_submit(actor=actor, placement=placement, **d)):
        messages.success(request, _("Report submitted."))
        return _back(request, default)

    def page():
        current = selectors.current_placement(actor=actor) if perms.is_student(actor) else None
        if current is None or current.pk != placement.pk:
            return redirect(default)
        return render(request, "placements/student_day.html", _student_day_context(actor, report_form=form), status=400)

    return _form_failed(request, form, default, page)


@login_required
def report_attachment(request, pk):
    """A report's attachment (a photo of the work, a document): the placement's parties only, the student, the
    school's and the enterprise's staff; oversight roles read the report, not what the student attached."""
    actor = actor_for(request.user)
    report = selectors.report_get(actor=actor, pk=pk)
    party = actor.is_platform_admin or _is_party(
        actor, report.placement.school_id, report.placement.enterprise_id, report.placement.student_id
    )
    if not report.attachment or not party:
        raise NotFound(_("No such document."))
    return serve_upload(report.attachment, download_name=report.attachment_name or f"report-{report.pk}")


@login_required
def checkin_photo(request, pk):
    """A check-in's photo: the student, the placement's mentors and the school's admin only (404 for everyone else,
    as for a check-in they cannot see)."""
    actor = actor_for(request.user)
    checkin = selectors.checkin_get(actor=actor, pk=pk)
    if not checkin.photo or not perms.may_see_checkin_photos(actor, checkin.placement):
        raise NotFound(_("No such photo."))
    response = serve_upload(checkin.photo, download_name=f"checkin-{checkin.pk}")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def review_list(request):
    actor = actor_for(request.user)
    if request.method == "POST":
        form = forms.BatchReviewForm(request.POST)

        def review(d):
            return rep_svc.reports_review_batch(
                actor=actor,
                report_ids=d["report"],
                score=d["score"],
                comment=d["comment"],
                return_for_revision=form.returning,
            )

        if _save_with_form(form, review):
            messages.success(request, _("Reviewed."))
        else:
            messages.error(request, _errors_in_words(form))
        return redirect("placements:reviews")
    return render(request, "placements/reviews.html", {"reports": selectors.reports_to_review(actor=actor)[:100]})


@login_required
@require_POST
def report_review(request, pk):
    actor = actor_for(request.user)
    report = selectors.report_get(actor=actor, pk=pk)
    error = None
    form = forms.ReviewForm(request.POST, auto_id=f"id_review{report.pk}_%s")
    saved = {}

    def review(d):
        saved["report"] = rep_svc.report_review(
            actor=actor, report=report, score=d["score"], comment=d["comment"], return_for_revision=form.returning
        )

    if _save_with_form(form, review):
        report = saved["report"]
    else:
        error = _errors_in_words(form)
    if request.htmx:
        # htmx swaps only a 2xx answer: the row comes back with the error in it
        return render(request, "placements/_review_row.html", {"r": report, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Review saved."))
    return redirect("placements:reviews")


# ---------------------------------------------------------------------------------------------------------
# Alerts and statistics


@login_required
def alert_inbox(request):
    actor = actor_for(request.user)
    status = request.GET.get("status", "open")
    alerts = selectors.alert_list(actor=actor, status=status or None)
    if exported := export_if_asked(
        request, name="alerts", title=_("Alerts"), columns=ALERT_COLUMNS, rows=alerts.select_related("student")
    ):
        return exported
    return render(
        request,
        "placements/alerts.html",
        {"alerts": alerts[:200], "status": status, "export_links": export_links(request)},
    )


@login_required
def alert_detail(request, pk):
    actor = actor_for(request.user)
    # The same rows as the inbox and the API: students do not see alerts, mentors only their own students'.
    alert = selectors.alert_get(actor=actor, pk=pk)
    if request.method == "POST":
        if request.POST.get("action") == "acknowledge":
            return _run(
                request,
                lambda: alerts_svc.alert_acknowledge(actor=actor, alert=alert),
                _("Acknowledged."),
                f"/placements/alerts/{pk}/",
            )
        form = forms.AlertResolveForm(request.POST)
        if _save_with_form(
            form, lambda d: alerts_svc.alert_resolve(actor=actor, alert=alert, resolution=d["resolution"])
        ):
            messages.success(request, _("Resolved."))
            return redirect("placements:alert", pk=pk)
        return _form_failed(
            request,
            form,
            f"/placements/alerts/{pk}/",
            lambda: render(
                request,
                "placements/alert_detail.html",
                {"alert": alert, "can_resolve": perms.may_resolve_alert(actor), "form": form},
                status=400,
            ),
        )
    return render(
        request,
        "placements/alert_detail.html",
        {"alert": alert, "can_resolve": perms.may_resolve_alert(actor), "form": forms.AlertResolveForm()},
    )


@login_required
def stats(request):
    actor = actor_for(request.user)
    by = request.GET.get("by", "school")
    data = placement_statistics(actor=actor, by=by)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            statistics_xlsx(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="internship-statistics-{by}.xlsx"'
        return response
    return render(
        request,
        "placements/stats.html",
        {
            "data": data,
            "by": by,
            "chart": charts.bar(
                [r["name"] for r in data["rows"]],
                {
                    _("Placement rate"): [charts.percent(r["placement_rate"]) for r in data["rows"]],
                    _("Completion"): [charts.percent(r["completion"]) for r in data["rows"]],
                    _("Retention"): [charts.percent(r["retention"]) for r in data["rows"]],
                },
                y_max=100,
                unit="%",
                label=_("Internship statistics"),
            ),
        },
    )


def week_days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=i) for i in range(7)]
