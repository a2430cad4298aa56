"""htmx pages. Reads via selectors (scoped), writes via services; domain errors become messages on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core import charts
from workbridge.core.access import actor_for
from workbridge.core.archiving import wants_archived
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.forms import apply_domain_error
from workbridge.core.headers import permissions_policy
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
        detail = exc.message
        if exc.errors and isinstance(exc.errors, dict):
            blockers = exc.errors.get("blockers")
            if blockers:
                detail = " ".join(str(b) for b in blockers)
        messages.error(request, detail)
    return _back(request, default)


def _field_label(name: str) -> str:
    """A form field's name as its page labels it (messages never echo the raw name)."""
    for model in (m.Position, m.Placement, m.LeaveRequest, m.PrePlacementTraining, m.Insurance, m.SelfFoundProposal):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:
            continue
    return _("this field")


def _date(value, field):
    day = parse_date(value or "")
    if day is None:
        raise ValidationFailed(
            _("Enter a date (YYYY-MM-DD) for %(f)s.") % {"f": _field_label(field)}, errors={field: [_("Invalid date.")]}
        )
    return day


def _decimal(value, field):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationFailed(
            _("Enter a number for %(f)s.") % {"f": _field_label(field)}, errors={field: [_("Not a number.")]}
        ) from None


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
                "host_items": selectors.student_host_items(),
            }
        )
    context["applications"] = selectors.application_list(actor=actor)[:10]
    context["rounds"] = selectors.round_list(actor=actor)[:5]
    context["history"] = selectors.past_placements(actor=actor)[:20]
    return render(request, "placements/student_day.html", context)


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

FORM_FIELDS = [
    ("title", "text"),
    ("occupation_code", "occupation"),
    ("duties", "textarea"),
    ("required_skills", "text"),
    ("major_categories", "checks"),
    ("places", "number"),
    ("post_staff_count", "number"),
    ("workplace_address", "text"),
    ("latitude", "number"),
    ("longitude", "number"),
    ("geofence_radius_m", "number"),
    ("monthly_pay", "number"),
    ("post_wage", "number"),
    ("daily_hours", "number"),
    ("shift_start", "time"),
    ("shift_end", "time"),
    ("rest_days_per_week", "number"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("venue_type", "select"),
    ("physical_intensity_level", "number"),
    ("fee_to_student", "number"),
]
BOOL_FIELDS = ["minors_forbidden_work", "women_forbidden_work", "via_agency", "night_shift"]


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


def _position_form(values, errors=None, position=None) -> dict:
    """The position form's fields in the user's words: each with its translated label, current value and errors."""
    errors = errors or {}

    def label(name):
        return m.Position._meta.get_field(name).verbose_name

    def shown(name):
        if position is None:
            return values.get(name, "")
        value = getattr(position, name)
        if name in ("required_skills", "major_categories"):
            return ", ".join(value or [])
        if hasattr(value, "strftime"):
            return (
                value.strftime("%H:%M") if hasattr(value, "hour") and not hasattr(value, "year") else value.isoformat()
            )
        return "" if value is None else value

    from workbridge.labour_market.selectors import occupation_choices

    choices = {"major_categories": selectors.major_category_choices(), "venue_type": selectors.venue_choices()}
    fields = []
    for n, k in FORM_FIELDS:
        value = shown(n)
        field = {"name": n, "kind": k, "label": label(n), "value": value, "errors": errors.get(n, [])}
        if k in ("checks", "select"):
            chosen = (
                set(values.getlist(n))
                if hasattr(values, "getlist") and position is None
                else {v.strip() for v in str(value).split(",") if v.strip()}
            )
            field["choices"] = [(code, name, code in chosen) for code, name in choices[n]]
        fields.append(field)
    bools = [
        {
            "name": n,
            "label": label(n),
            "checked": bool(getattr(position, n)) if position is not None else bool(values.get(n)),
            "errors": errors.get(n, []),
        }
        for n in BOOL_FIELDS
    ]
    other = {k: v for k, v in errors.items() if k not in {f["name"] for f in fields} | set(BOOL_FIELDS)}
    return {
        "fields": fields,
        "bools": bools,
        "errors": other,
        "position": position,
        "occupations": occupation_choices(),
    }


def _position_data(post) -> dict:
    data: dict = {}
    labels = {name: str(m.Position._meta.get_field(name).verbose_name) for name, _kind in FORM_FIELDS}
    for name, kind in FORM_FIELDS:
        if kind == "checks":
            picked = [v.strip() for v in post.getlist(name) if v.strip()]
            if picked:
                data[name] = ", ".join(picked)
            continue
        raw = (post.get(name) or "").strip()
        if raw == "":
            continue
        if kind == "date":
            data[name] = _date(raw, name)
        elif kind == "time":
            value = parse_time(raw)
            if value is None:
                raise ValidationFailed(
                    _("Enter a time (HH:MM) for %(f)s.") % {"f": labels[name]}, errors={name: [_("Invalid time.")]}
                )
            data[name] = value
        elif name in (
            "places",
            "post_staff_count",
            "geofence_radius_m",
            "rest_days_per_week",
            "physical_intensity_level",
        ):
            try:
                data[name] = int(raw)
            except ValueError:
                raise ValidationFailed(
                    _("Enter a whole number for %(f)s.") % {"f": labels[name]},
                    errors={name: [_("Not a whole number.")]},
                ) from None
        elif kind == "number":
            data[name] = _decimal(raw, name)
        else:
            data[name] = raw
    for name in BOOL_FIELDS:
        data[name] = bool(post.get(name))
    if post.get("project"):
        data["project"] = int(post["project"])
    return data


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
    if request.method == "POST":
        try:
            position = svc.position_create(actor=actor, data=_position_data(request.POST))
            messages.success(request, _("Position saved as draft. Submit it for school review."))
            return redirect("placements:position", pk=position.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            return render(
                request,
                "placements/position_form.html",
                {**_position_form(request.POST, exc.errors), "projects": projects},
                status=400,
            )
    return render(request, "placements/position_form.html", {**_position_form({}), "projects": projects})


@login_required
@permissions_policy(geolocation=["self"])  # "use my current location" at the workplace
def position_edit(request, pk):
    """Edit a position; on an approved one a change of pay, hours, dates or places sends it back to review."""
    actor = actor_for(request.user)
    position = selectors.position_get(actor=actor, pk=pk)
    if not perms.may_edit_position(actor, position):
        raise PermissionDenied(_("Enterprise admins edit their positions."))
    if request.method == "POST":
        try:
            position = svc.position_update(actor=actor, position=position, data=_position_data(request.POST))
        except DomainError as exc:
            messages.error(request, exc.message)
            return render(
                request, "placements/position_form.html", _position_form(request.POST, exc.errors), status=400
            )
        if position.status == m.PositionStatus.SUBMITTED:
            messages.info(
                request, _("Saved. A regulated term changed, so the position is back with the school for review.")
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("placements:position", pk=position.pk)
    return render(request, "placements/position_form.html", _position_form({}, position=position))


@login_required
def position_detail(request, pk):
    actor = actor_for(request.user)
    position = selectors.position_get(actor=actor, pk=pk)
    context = {
        "position": position,
        "free": svc.position_free_places(position),
        "findings": _findings_for_people(position),
        "can": perms.position_flags(actor, position),
        "can_apps": perms.application_flags(actor),
    }
    if context["can"]["apply"]:
        context["applied"] = m.Application.objects.filter(student_id=actor.student_id, position=position).first()
        if not context["applied"]:
            from workbridge.academics.models import Student

            student = Student.objects.select_related("major").get(pk=actor.student_id)
            context["obstacles"] = svc.application_obstacles(position, student)
    if context["can"]["see_applications"]:
        context["applications"] = selectors.application_list(actor=actor).filter(position=position)
    return render(request, "placements/position_detail.html", context)


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
    if action in ("approve", "reject"):
        return _run(
            request,
            lambda: svc.position_review(
                actor=actor, position=position, approve=action == "approve", comment=request.POST.get("comment", "")
            ),
            _("Review saved."),
            default,
        )
    if action == "apply":
        return _run(
            request,
            lambda: svc.application_submit(
                actor=actor,
                position=position,
                cover_letter=request.POST.get("cover_letter", ""),
                summary=request.POST.get("summary", ""),
                skills=request.POST.get("skills", ""),
            ),
            _("Application sent with your CV."),
            default,
        )
    if action == "close":
        return _run(request, lambda: svc.position_close(actor=actor, position=position), _("Position closed."), default)
    raise PermissionDenied(_("Unknown action."))


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

    def advance():
        at = request.POST.get("interview_at")
        moment = None
        if at:
            moment = parse_datetime(at)
            if moment is None:
                raise ValidationFailed(_("Enter the interview time."), errors={"interview_at": [_("Invalid.")]})
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        svc.application_advance(
            actor=actor,
            application=application,
            action=action,
            interview_at=moment,
            interview_place=request.POST.get("interview_place", ""),
            note=request.POST.get("note", ""),
            score=request.POST.get("score") or None,
        )

    return _run(request, advance, _("Application updated."), default)


@login_required
def self_found(request):
    actor = actor_for(request.user)
    if request.method == "POST":

        def propose():
            data = {
                "title": request.POST.get("title", ""),
                "occupation_code": request.POST.get("occupation_code", ""),
                "duties": request.POST.get("duties", ""),
                "workplace_address": request.POST.get("workplace_address", ""),
                "latitude": _decimal(request.POST.get("latitude"), "latitude"),
                "longitude": _decimal(request.POST.get("longitude"), "longitude"),
                "monthly_pay": _decimal(request.POST.get("monthly_pay"), "monthly_pay"),
                "daily_hours": _decimal(request.POST.get("daily_hours") or 8, "daily_hours"),
                "shift_start": parse_time(request.POST.get("shift_start") or "08:30"),
                "shift_end": parse_time(request.POST.get("shift_end") or "17:30"),
                "start_date": _date(request.POST.get("start_date"), "start_date"),
                "end_date": _date(request.POST.get("end_date"), "end_date"),
                "reason": request.POST.get("reason", ""),
            }
            svc.self_found_propose(actor=actor, enterprise_id=int(request.POST.get("enterprise") or 0), data=data)

        return _run(request, propose, _("Proposal sent to your school."), "/placements/self-found/")
    from workbridge.organizations.selectors import organization_list

    proposals = selectors.proposal_list(actor=actor)
    enterprises = (
        organization_list(actor=actor, kind="enterprise").filter(vetting_status="approved")[:300]
        if perms.may_propose_self_found(actor)
        else []
    )
    return render(
        request,
        "placements/self_found.html",
        {
            "proposals": proposals[:100],
            "enterprises": enterprises,
            "can": {"propose": perms.may_propose_self_found(actor), "decide": perms.may_decide_self_found(actor)},
        },
    )


@login_required
@require_POST
def self_found_decide(request, pk):
    actor = actor_for(request.user)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    return _run(
        request,
        lambda: svc.self_found_decide(
            actor=actor,
            proposal=proposal,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
        ),
        _("Decision recorded."),
        "/placements/self-found/",
    )


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
        status = request.POST.get("status", "")
        return _run(
            request,
            lambda: plans_svc.plan_set_status(actor=actor, plan=plan, status=status),
            _("Saved."),
            f"/placements/plans/{pk}/",
        )
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
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("positions")]
        return _run(
            request,
            lambda: match_svc.round_create(
                actor=actor,
                title=request.POST.get("title", ""),
                position_ids=ids,
                max_choices=int(request.POST.get("max_choices") or 10),
                variant=request.POST.get("variant", "da"),
            ),
            _("Round created."),
            "/placements/rounds/",
        )
    rounds = selectors.round_list(actor=actor)[:50]
    positions = selectors.position_list(actor=actor, status="approved")[:300] if perms.may_plan_rounds(actor) else []
    return render(
        request,
        "placements/rounds.html",
        {"rounds": rounds, "positions": positions, "variants": m.MatchVariant.choices},
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
    if action == "rank":
        ids = [int(x) for x in request.POST.getlist("choice") if x]
        return _run(
            request,
            lambda: match_svc.round_rank(actor=actor, rnd=rnd, position_ids=ids),
            _("Your ranking is saved."),
            default,
        )
    if action == "score":
        position = selectors.position_get(actor=actor, pk=request.POST.get("position"))
        scores = {k.split("_", 1)[1]: v for k, v in request.POST.items() if k.startswith("s_") and v != ""}
        return _run(
            request,
            lambda: match_svc.round_score(actor=actor, rnd=rnd, position=position, scores=scores),
            _("Scores saved."),
            default,
        )
    if action == "compute":
        seed = request.POST.get("seed")
        return _run(
            request,
            lambda: match_svc.round_compute(
                actor=actor, rnd=rnd, variant=request.POST.get("variant") or None, seed=int(seed) if seed else None
            ),
            _("Round computed."),
            default,
        )
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
    mentor = request.POST.get("mentor") or ""
    if not mentor.isdigit():
        raise ValidationFailed(_("Choose one mentor."), errors={"mentor": [_("Required.")]})
    ids = [int(i) for i in request.POST.getlist("placement") if i.isdigit()]
    key = perms.mentor_field(actor)
    return _run(
        request,
        lambda: svc.placements_assign_mentor(actor=actor, placement_ids=ids, **{key: int(mentor)}),
        _("Mentor assigned."),
        "/placements/placements/",
    )


@login_required
def placement_detail(request, pk):
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)

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
        "items": selectors.competency_items_for(placement.student),
        "modes": m.AttendanceMode.choices,
        "photo_policies": m.PhotoPolicy.choices,
        "photo_policy": placement.photo_policy(),
        "can": perms.placement_flags(actor, placement),
        "end_reasons": [(v, label) for v, label in m.EndReason.choices if v != m.EndReason.CANCELLED],
        "can_discuss": _is_party(actor, placement.school_id, placement.enterprise_id, placement.student_id),
    }
    if context["can"]["assign_school_mentor"]:
        context["teachers"] = selectors.mentor_choices(actor=actor, placement=placement)
    if context["can"]["assign_enterprise_mentor"]:
        context["mentors"] = selectors.mentor_choices(actor=actor, placement=placement)
    return render(request, "placements/placement_detail.html", context)


@login_required
@require_POST
def placement_action(request, pk, action):
    actor = actor_for(request.user)
    placement = selectors.placement_get(actor=actor, pk=pk)
    P = request.POST
    default = f"/placements/placements/{pk}/"
    actions = {
        "school_mentor": lambda: svc.placement_assign_mentor(
            actor=actor, placement=placement, school_mentor_id=int(P.get("teacher") or 0)
        ),
        "enterprise_mentor": lambda: svc.placement_assign_mentor(
            actor=actor, placement=placement, enterprise_mentor_id=int(P.get("mentor") or 0)
        ),
        "training": lambda: svc.training_record(
            actor=actor,
            placement=placement,
            kind=P.get("kind", ""),
            held_on=_date(P.get("held_on"), "held_on"),
            hours=_decimal(P.get("hours"), "hours"),
            trainer=P.get("trainer", ""),
            content=P.get("content", ""),
        ),
        "insurance": lambda: svc.insurance_record(
            actor=actor,
            placement=placement,
            policy_number=P.get("policy_number", ""),
            insurer=P.get("insurer", ""),
            cover_start=_date(P.get("cover_start"), "cover_start"),
            cover_end=_date(P.get("cover_end"), "cover_end"),
            paid_by=P.get("paid_by", "school"),
        ),
        "agreement": lambda: svc.agreement_generate(actor=actor, placement=placement),
        "confirm": lambda: svc.agreement_confirm(
            actor=actor,
            placement=placement,
            guardian_name=P.get("guardian_name", ""),
            version=int(P["version"]) if P.get("version", "").isdigit() else None,
        ),
        "start": lambda: svc.placement_start(actor=actor, placement=placement),
        "complete": lambda: svc.placement_complete(
            actor=actor, placement=placement, hired_by_host=bool(P.get("hired"))
        ),
        "terminate": lambda: svc.placement_terminate(
            actor=actor, placement=placement, end_reason=P.get("end_reason", ""), reason=P.get("reason", "")
        ),
        "cancel": lambda: svc.placement_cancel(actor=actor, placement=placement, reason=P.get("reason", "")),
        "reopen": lambda: svc.placement_reopen(actor=actor, placement=placement, reason=P.get("reason", "")),
        "mode": lambda: svc.placement_set_attendance_mode(actor=actor, placement=placement, mode=P.get("mode", "")),
        "photo_policy": lambda: att_svc.placement_set_photo_policy(
            actor=actor, placement=placement, policy=P.get("policy", "")
        ),
        "schedule": lambda: svc.placement_set_schedule(
            actor=actor, placement=placement, schedule=_schedule(P.get("schedule", ""))
        ),
        "grade": lambda: rep_svc.grade_compute(actor=actor, placement=placement),
        "evaluate": lambda: rep_svc.evaluation_submit(
            actor=actor,
            placement=placement,
            scores={k[6:]: v for k, v in P.items() if k.startswith("score_")},
            comment=P.get("comment", ""),
        ),
        "rate": lambda: svc.mentor_rate(
            actor=actor,
            placement=placement,
            mentor_kind=P.get("mentor_kind", ""),
            score=int(P.get("score") or 0),
            comment=P.get("comment", ""),
        ),
        "leave": lambda: att_svc.leave_request(
            actor=actor,
            placement=placement,
            start_date=_date(P.get("start_date"), "start_date"),
            end_date=_date(P.get("end_date"), "end_date"),
            reason=P.get("reason", ""),
        ),
        "makeup": lambda: att_svc.makeup_request(
            actor=actor,
            placement=placement,
            work_date=_date(P.get("work_date"), "work_date"),
            reason=P.get("reason", ""),
        ),
        "incident": lambda: alerts_svc.incident_report(
            actor=actor,
            placement=placement,
            kind=P.get("kind", "incident"),
            severity=P.get("severity", "minor"),
            occurred_at=timezone.now(),
            description=P.get("description", ""),
        ),
        "left_post": lambda: alerts_svc.left_post_report(actor=actor, placement=placement, note=P.get("note", "")),
        "confirm_week": lambda: att_svc.attendance_confirm_week(
            actor=actor,
            placement=placement,
            week_start=_date(P.get("week_start"), "week_start"),
            days_present=[_date(d, "days_present") for d in P.getlist("days")],
            overtime_hours=_decimal(P.get("overtime_hours") or 0, "overtime_hours"),
            night_shifts=int(P.get("night_shifts") or 0),
            note=P.get("note", ""),
        ),
        "hire": lambda: svc.placement_record_hire(actor=actor, placement=placement, hired=True),
    }
    if action not in actions:
        raise PermissionDenied(_("Unknown action."))
    return _run(request, actions[action], _("Saved."), default)


def _schedule(text: str) -> list[dict]:
    """One period per line: 2026-03-02 2026-04-30 work"""
    rows = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3:
            raise ValidationFailed(
                _("Line %(n)d: write start end kind, e.g. 2026-03-02 2026-04-30 work.") % {"n": number},
                errors={"schedule": [number]},
            )
        rows.append({"start": parts[0], "end": parts[1], "kind": parts[2]})
    return rows


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


@login_required
@require_POST
def checkin_decide(request, pk):
    actor = actor_for(request.user)
    checkin = selectors.checkin_get(actor=actor, pk=pk)
    return _run(
        request,
        lambda: att_svc.makeup_decide(actor=actor, checkin=checkin, approve=request.POST.get("decision") == "approve"),
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
        lambda: att_svc.leave_decide(actor=actor, leave=leave, approve=request.POST.get("decision") == "approve"),
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
    P = request.POST
    default = "/placements/my/"

    def submit():
        rep_svc.report_submit(
            actor=actor,
            placement=placement,
            kind=P.get("kind", "weekly"),
            period_start=_date(P.get("period_start"), "period_start"),
            tasks=P.get("tasks", ""),
            learnt=P.get("learnt", ""),
            problems=P.get("problems", ""),
            hours=_decimal(P.get("hours") or "", "hours"),
            attachment=request.FILES.get("attachment"),
        )

    return _run(request, submit, _("Report submitted."), default)


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
        ids = [int(i) for i in request.POST.getlist("report") if i.isdigit()]
        returning = request.POST.get("decision") == "return"
        raw_score = (request.POST.get("score") or "").strip()

        def review():
            score = int(raw_score) if raw_score.isdigit() else None
            return rep_svc.reports_review_batch(
                actor=actor,
                report_ids=ids,
                score=score,
                comment=request.POST.get("comment", ""),
                return_for_revision=returning,
            )

        return _run(request, review, _("Reviewed."), "/placements/reviews/")
    return render(request, "placements/reviews.html", {"reports": selectors.reports_to_review(actor=actor)[:100]})


@login_required
@require_POST
def report_review(request, pk):
    actor = actor_for(request.user)
    report = selectors.report_get(actor=actor, pk=pk)
    error = None
    try:
        score = request.POST.get("score")
        report = rep_svc.report_review(
            actor=actor,
            report=report,
            score=int(score) if score else None,
            comment=request.POST.get("comment", ""),
            return_for_revision=request.POST.get("decision") == "return",
        )
    except (DomainError, ValueError) as exc:
        error = getattr(exc, "message", str(exc))
    if request.htmx:
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
        return _run(
            request,
            lambda: alerts_svc.alert_resolve(actor=actor, alert=alert, resolution=request.POST.get("resolution", "")),
            _("Resolved."),
            f"/placements/alerts/{pk}/",
        )
    return render(
        request, "placements/alert_detail.html", {"alert": alert, "can_resolve": perms.may_resolve_alert(actor)}
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
