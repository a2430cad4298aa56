"""Pages of the evaluation app (htmx): depth scores and their evidence, the index system and weights, the
mutual-benefit ledger, integration-enterprise readiness and incentive statements, evaluator ratings."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core import charts
from workbridge.core.access import Actor, actor_for, require_org
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import OrgKind, Role
from workbridge.core.uploads import serve_upload

from . import datafiles, forms, selectors, services
from . import permissions as perms
from .engines.ahp import CR_THRESHOLD, AHPError, ahp, reciprocal_from_upper
from .engines.terms import term_of
from .incentives import statement_for
from .ledger import ledger_history, ledgers_for_year
from .models import Attestation, AttestationStatus, ScoreLevel
from .readiness import readiness_for


def _actor(request) -> Actor:
    return actor_for(request.user)


def _org(pk):
    from workbridge.organizations.models import Organization

    return Organization.objects.filter(pk=pk).first()


def _latest_term() -> str:
    terms = selectors.terms_scored()
    return terms[0] if terms else term_of(dt.date.today()).code


# --- scores ------------------------------------------------------------------------------------------------------


@login_required
def scores(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    terms = selectors.terms_scored()
    term = request.GET.get("term") or _latest_term()
    level = request.GET.get("level") or (
        ScoreLevel.ENTERPRISE if perms.is_enterprise_side(actor) else ScoreLevel.PARTNERSHIP
    )
    if level not in ScoreLevel.values:
        level = ScoreLevel.PARTNERSHIP
    band = request.GET.get("band", "")
    qs = selectors.score_list(actor=actor, term=term, level=level).order_by("-total", "subject_key")
    if band:
        qs = qs.filter(band=band)
    counts = {
        b: selectors.score_list(actor=actor, term=term, level=level).filter(band=b).count()
        for b in ("shallow", "developing", "deep")
    }
    return render(
        request,
        "evaluation/scores.html",
        {
            "terms": terms,
            "term": term,
            "level": level,
            "levels": ScoreLevel.choices,
            "band": band,
            "rows": qs[:300],
            "total_rows": qs.count(),
            "counts": counts,
            "can_recompute": perms.is_evaluation_admin(actor),
        },
    )


@login_required
def score_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    score = selectors.score_get(actor=actor, pk=pk)
    items = list(selectors.score_items(actor=actor, score=score))
    trend = selectors.score_trend(actor=actor, score=score)
    members = []
    if score.level != ScoreLevel.PARTNERSHIP:
        members = list(
            selectors.score_list(actor=actor)
            .filter(pk__in=score.evidence.get("partnership_scores", []))
            .order_by("-total")
        )
    group_names = {"input": _("Input"), "process": _("Process"), "output": _("Output")}
    series = {_("Total"): [round(s.total, 1) if s.total is not None else None for s in trend]}
    for g in score.system.group_order:
        series[group_names.get(g, g)] = [round(s.group_scores.get(g) or 0, 1) for s in trend]
    chart = charts.line([s.term for s in trend], series, y_max=100, label=_("Trend over terms"))
    return render(
        request,
        "evaluation/score_detail.html",
        {
            "score": score,
            "items": items,
            "trend": trend,
            "members": members,
            "chart": chart,
            "unavailable": score.evidence.get("unavailable", []),
        },
    )


def _evidence_rows(actor, rows: dict[str, list[int]]):
    out = []
    for label, ids in rows.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        objs = selectors.evidence_objects(actor=actor, model=model, ids=ids)
        out.append(
            {
                "label": capfirst(model._meta.verbose_name_plural),
                "model": label,
                "count": len(ids),
                "objects": [{"pk": o.pk, "text": _row_text(actor, o), "date": _row_date(o)} for o in objs[:500]],
            }
        )
    return out


def _row_text(actor, obj) -> str:
    """A record's text on the evidence page. Scores are read by the authority, evaluators and both partners,
    but a student's name is shown only to the staff of the student's own school; everyone else sees the
    organisations the record links."""
    student_id = getattr(obj, "student_id", None)
    if student_id is None:
        return str(obj)
    if actor.is_school_side and actor.organization_id == getattr(obj, "school_id", None):
        return str(obj)
    orgs = [str(org) for org in (getattr(obj, "school", None), getattr(obj, "enterprise", None)) if org is not None]
    kind = capfirst(obj._meta.verbose_name)
    return f"{kind} · {' → '.join(orgs)}" if orgs else str(kind)


def _row_date(obj):
    for name in ("recorded_on", "used_on", "achieved_on", "rated_on", "taught_on", "start_date", "signed_on"):
        if hasattr(obj, name):
            return getattr(obj, name)
    return ""


@login_required
def score_evidence(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    actor = _actor(request)
    score = selectors.score_get(actor=actor, pk=pk)
    item = selectors.score_items(actor=actor, score=score).filter(pk=item_pk).first()
    if item is None:
        raise NotFound(_("Indicator value not found."))
    groups = _evidence_rows(actor, item.evidence.get("rows", {}))
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    counts = datafiles.index_descriptions(score.system.data_file or None)["indicators"].get(item.indicator.key, {})
    return render(
        request,
        "evaluation/score_evidence.html",
        {
            "score": score,
            "item": item,
            "counts": counts.get(lang, ""),
            "groups": groups,
            "truncated": item.evidence.get("truncated"),
        },
    )


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = forms.RecomputeForm(request.POST)
    if form.is_valid():
        try:
            result = services.scores_recompute_request(actor=actor, term=form.cleaned_data["term"])
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            forms.bind_domain_error(form, exc)
        else:
            if result["queued"]:
                messages.info(
                    request,
                    _("The scores of %(t)s are being recomputed; they update in about a minute.")
                    % {"t": result["term"]},
                )
            else:
                messages.success(
                    request,
                    _("Scores recomputed for %(t)s: %(n)d partnerships.")
                    % {"t": result["term"], "n": result["partnerships"]},
                )
            return redirect(f"{reverse('evaluation:scores')}?term={result['term']}")
    perms.require_evaluation_admin(actor)
    return _index_page(request, actor, recompute_form=form, status=400)


# --- index system and weights ------------------------------------------------------------------------------------


def _levels(system):
    """The weight levels (the groups, then each group's indicators) with their items named in the page's language."""
    from .models import IndicatorGroup

    english = (get_language() or "").startswith("en")
    groups = dict(IndicatorGroup.choices)
    indicators = list(system.indicators.all())
    levels = [{"code": "groups", "label": _("Groups"), "items": [(g, groups.get(g, g)) for g in system.group_order]}]
    for g in system.group_order:
        levels.append(
            {
                "code": g,
                "label": groups.get(g, g),
                "items": [(i.key, i.name if english else (i.name_zh or i.name)) for i in indicators if i.group == g],
            }
        )
    return levels


def _history(system, levels) -> list:
    """The latest weight sets, each with its level and its matrices' levels named ("all" is the data file's set)."""
    names = {"all": pgettext("weight level", "All levels"), **{lv["code"]: str(lv["label"]) for lv in levels}}
    sets = list(system.weight_sets.all()[:20])
    for w in sets:
        w.level_name = names.get(w.level, w.level)
        w.matrix_levels = [(names.get(code, code), info) for code, info in (w.matrices or {}).items()]
    return sets


@login_required
def index_system(request: HttpRequest) -> HttpResponse:
    return _index_page(request, _actor(request))


def _index_page(request, actor, *, direct_form=None, recompute_form=None, status=200):
    system = services.active_system()
    ws = services.current_weights(system)
    indicators = list(system.indicators.all())
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    texts = datafiles.index_descriptions(system.data_file or None)
    for i in indicators:
        i.counts = texts["indicators"].get(i.key, {}).get(lang, "")
        i.local_weight = ws.indicator_weights.get(i.key, 0)
        i.global_weight = i.local_weight * ws.group_weights.get(i.group, 0)
    level_code = direct_form.data.get("level") if direct_form is not None else request.GET.get("level", "groups")
    levels = _levels(system)
    level = next((lv for lv in levels if lv["code"] == level_code), levels[0])
    return render(
        request,
        "evaluation/index_system.html",
        {
            "system": system,
            "about": texts["about"].get(lang, ""),
            "ws": ws,
            "indicators": indicators,
            "levels": levels,
            "level": level,
            "history": _history(system, levels),
            "can_edit": perms.is_evaluation_admin(actor),
            "cr_threshold": CR_THRESHOLD,
            "direct_form": direct_form
            or forms.DirectWeightsForm(items=level["items"], initial={"level": level["code"]}),
            "recompute_form": recompute_form or forms.RecomputeForm(initial={"term": _latest_term()}),
        },
        status=status,
    )


@login_required
@require_POST
def weights_ahp(request: HttpRequest) -> HttpResponse:
    """htmx: 'check' shows the weights and CR without saving; 'save' stores them (rejected at CR >= 0.10)."""
    actor = _actor(request)
    system = services.active_system()
    level_code = request.POST.get("level", "groups")
    level = next((lv for lv in _levels(system) if lv["code"] == level_code), None)
    if level is None:
        raise ValidationFailed(_("Unknown weight level."))
    ctx = {"level": level, "cr_threshold": CR_THRESHOLD}
    saving = request.POST.get("action") == "save"
    form = forms.AHPMatrixForm(request.POST, items=level["items"])
    if not form.is_valid():
        ctx.update(errors=form.errors_by_pair(), cells=sorted(n for n in form.errors if n.startswith("a_")))
        return render(request, "evaluation/_ahp_result.html", ctx, status=400 if saving else 200)
    try:
        matrix = reciprocal_from_upper(form.upper())
        result = ahp(matrix)
    except AHPError as exc:  # the form already keeps every cell on the scale; this is the engine's last word
        row_col = f"a_{exc.where[0]}_{exc.where[1]}" if exc.where else ""
        where = form.pair(row_col) if row_col in form.fields else None
        ctx["errors"] = [
            _("%(row)s vs %(col)s: not a valid judgement.") % {"row": where[0], "col": where[1]}
            if where
            else _("The comparison table is not valid; check every cell.")
        ]
        return render(request, "evaluation/_ahp_result.html", ctx, status=400 if saving else 200)
    ctx.update(result=result, weights=list(zip(level["items"], result.weights, strict=True)))
    if saving:
        try:
            ws = services.weights_set_ahp(
                actor=actor, system=system, level=level_code, matrix=matrix, note=form.cleaned_data["note"]
            )
        except ValidationFailed as exc:
            ctx["errors"] = [exc.message]
            return render(request, "evaluation/_ahp_result.html", ctx, status=400)
        ctx["saved"] = ws
    return render(request, "evaluation/_ahp_result.html", ctx)


@login_required
@require_POST
def weights_direct(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    system = services.active_system()
    level_code = request.POST.get("level", "groups")
    level = next((lv for lv in _levels(system) if lv["code"] == level_code), None)
    if level is None:
        raise ValidationFailed(_("Unknown weight level."))
    form = forms.DirectWeightsForm(request.POST, items=level["items"])
    if form.is_valid():
        try:
            services.weights_set_direct(
                actor=actor, system=system, level=level_code, weights=form.weights(), note=form.cleaned_data["note"]
            )
            messages.success(request, _("Weights saved."))
            return redirect(f"{reverse('evaluation:index')}?level={level_code}")
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            forms.bind_domain_error(form, exc)
    perms.require_evaluation_admin(actor)
    return _index_page(request, actor, direct_form=form, status=400)


# --- ledger ------------------------------------------------------------------------------------------------------


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    year = _year(request)
    visible_pairs = selectors.visible_partnerships(actor=actor) if not actor.is_platform_admin else None
    rows = ledgers_for_year(year)
    if visible_pairs is not None:
        rows = {
            p: v
            for p, v in rows.items()
            if p in visible_pairs or selectors.can_see_pair(actor=actor, school_id=p[0], enterprise_id=p[1])
        }
    orgs = _names({x for p in rows for x in p})
    only = request.GET.get("state", "")
    table = sorted(
        ({"school": orgs.get(p[0]), "enterprise": orgs.get(p[1]), "pair": p, "entry": e} for p, e in rows.items()),
        key=lambda r: (not r["entry"].balance.one_sided, -abs(r["entry"].balance.balance)),
    )
    if only == "one_sided":
        table = [r for r in table if r["entry"].balance.one_sided]
    return render(
        request,
        "evaluation/ledger.html",
        {
            "year": year,
            "years": list(range(dt.date.today().year, dt.date.today().year - 6, -1)),
            "rows": table[:300],
            "one_sided": sum(1 for r in rows.values() if r.balance.one_sided),
            "total": len(rows),
            "state": only,
        },
    )


def _names(ids):
    from workbridge.organizations.models import Organization

    return {o.pk: o for o in Organization.objects.filter(pk__in=ids)}


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or dt.date.today().year)
    except ValueError:
        raise ValidationFailed(_("The year must be a number."))
    if not 2000 <= year <= dt.date.today().year:
        raise ValidationFailed(_("Choose a year up to the current one."))
    return year


@login_required
def ledger_detail(request: HttpRequest, school_id: int, enterprise_id: int) -> HttpResponse:
    actor = _actor(request)
    if not selectors.can_see_pair(actor=actor, school_id=school_id, enterprise_id=enterprise_id):
        raise NotFound(_("Partnership not found."))
    year = _year(request)
    years = list(range(year - 4, year + 1))
    history = ledger_history((school_id, enterprise_id), years)
    spec = datafiles.ledger_spec()
    current = history[-1]
    lines = [
        {"meta": spec["meta"][line.key], "value": current.values[line.key], "side": line.side} for line in spec["lines"]
    ]
    chart = charts.bar(
        years,
        {
            _("School side"): [round(h.balance.school, 1) for h in history],
            _("Enterprise side"): [round(h.balance.enterprise, 1) for h in history],
        },
        label=_("Balance over time"),
    )
    orgs = _names([school_id, enterprise_id])
    return render(
        request,
        "evaluation/ledger_detail.html",
        {
            "school": orgs[school_id],
            "enterprise": orgs[enterprise_id],
            "year": year,
            "current": current,
            "lines": lines,
            "history": history,
            "chart": chart,
        },
    )


# --- integration enterprises -------------------------------------------------------------------------------------


@login_required
def integration(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if perms.is_enterprise_side(actor):
        return redirect("evaluation:integration-detail", enterprise_id=actor.organization_id)
    perms.require_readiness_list(actor)
    q = request.GET.get("q", "").strip()
    qs = selectors.readiness_candidates(actor=actor, q=q)
    certified = set(
        selectors.certifications(actor=actor).filter(revoked_on__isnull=True).values_list("enterprise_id", flat=True)
    )
    pending = Attestation.objects.filter(enterprise__in=qs, status=AttestationStatus.PENDING).count()
    rows = []
    for ent in qs.order_by("name")[:50]:
        r = readiness_for(ent)
        rows.append({"enterprise": ent, "readiness": r, "certified": ent.pk in certified})
    return render(
        request, "evaluation/integration.html", {"rows": rows, "q": q, "total": qs.count(), "pending": pending}
    )


def _enterprise_or_404(actor, enterprise_id):
    """The enterprise, if the actor may see its integration page; otherwise 404 (never revealing it exists)."""
    enterprise = _org(enterprise_id)
    if (
        enterprise is None
        or enterprise.kind != OrgKind.ENTERPRISE
        or not selectors.can_see_enterprise(actor=actor, enterprise=enterprise)
    ):
        raise NotFound(_("Enterprise not found."))
    return enterprise


@login_required
def integration_detail(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    actor = _actor(request)
    return _integration_page(request, actor, _enterprise_or_404(actor, enterprise_id))


def _integration_page(request, actor, enterprise, *, bound=None, status=200):
    """The enterprise's integration page; ``bound`` is the form sent back with its errors beside the fields."""
    readiness = readiness_for(enterprise)
    statement = statement_for(enterprise.pk)
    atts = {a.criterion_key: a for a in Attestation.objects.filter(enterprise=enterprise)}
    attest_bound = bound if isinstance(bound, forms.AttestForm) else None
    items = []
    for i in readiness.items:
        key = i.criterion.key
        attest_form = (
            attest_bound
            if attest_bound is not None and attest_bound.data.get("criterion_key") == key
            else forms.AttestForm(auto_id=f"id_{key}_%s", initial={"criterion_key": key})
        )
        items.append({"item": i, "attestation": atts.get(key), "attest_form": attest_form})
    score = selectors.enterprise_score(actor=actor, enterprise_id=enterprise.pk)
    sets = datafiles.criteria_sets()
    return render(
        request,
        "evaluation/integration_detail.html",
        {
            "enterprise": enterprise,
            "readiness": readiness,
            "items": items,
            "statement": statement,
            "score": score,
            "is_owner": perms.owns_enterprise(actor, enterprise),
            "is_admin": perms.is_evaluation_admin(actor),
            "criteria_set": sets[datafiles.DEFAULT_CRITERIA_SET],
            "certifications": statement.certified,
            "declare_form": bound if isinstance(bound, forms.DeclareForm) else forms.DeclareForm(),
            "certify_form": bound if isinstance(bound, forms.CertifyForm) else forms.CertifyForm(),
            "declarations": selectors.declarations(actor=actor).filter(enterprise=enterprise),
        },
        status=status,
    )


def _integration_write(request, enterprise, form, write, ok_message):
    """Run a page write from a valid form; a form error or a service's validation error re-renders the page with
    the errors beside the fields (out-of-scope and forbidden ones are raised as 404/403)."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            forms.bind_domain_error(form, exc)
        else:
            messages.success(request, ok_message)
            return _back(enterprise.pk)
    return _integration_page(request, _actor(request), enterprise, bound=form, status=400)


def _back(enterprise_id):
    return redirect("evaluation:integration-detail", enterprise_id=enterprise_id)


def _domain_action(request, enterprise_id, fn, ok_message):
    """Run a write; its validation errors come back as a message on the page (out-of-scope and forbidden ones
    are raised as 404/403)."""
    try:
        fn()
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(enterprise_id)
    messages.success(request, ok_message)
    return _back(enterprise_id)


@login_required
@require_POST
def attest(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    actor = _actor(request)
    enterprise = _enterprise_or_404(actor, enterprise_id)
    require_org(actor, enterprise.pk, (Role.ENTERPRISE_ADMIN,))
    key = request.POST.get("criterion_key", "")
    return _integration_write(
        request,
        enterprise,
        forms.AttestForm(request.POST, request.FILES, auto_id=f"id_{key}_%s"),
        lambda data: services.attestation_submit(actor=actor, enterprise_id=enterprise.pk, **data),
        _("Statement submitted for verification."),
    )


@login_required
def attestation_document(request: HttpRequest, enterprise_id: int, pk: int) -> HttpResponse:
    """The document behind a statement, for whoever sees the statement (the enterprise and its authority)."""
    actor = _actor(request)
    _enterprise_or_404(actor, enterprise_id)
    att = selectors.attestation_get(actor=actor, enterprise_id=enterprise_id, pk=pk)
    return serve_upload(att.document, download_name=f"statement-{att.pk}")


@login_required
@require_POST
def attestation_decide(request: HttpRequest, enterprise_id: int, pk: int) -> HttpResponse:
    actor = _actor(request)
    _enterprise_or_404(actor, enterprise_id)
    selectors.attestation_get(actor=actor, enterprise_id=enterprise_id, pk=pk)
    perms.require_evaluation_admin(actor)
    return _domain_action(
        request,
        enterprise_id,
        lambda: services.attestation_decide(
            actor=_actor(request), attestation_id=pk, verified=request.POST.get("decision") == "verify"
        ),
        _("Decision recorded."),
    )


@login_required
@require_POST
def declare(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    actor = _actor(request)
    enterprise = _enterprise_or_404(actor, enterprise_id)
    require_org(actor, enterprise.pk, (Role.ENTERPRISE_ADMIN,))
    return _integration_write(
        request,
        enterprise,
        forms.DeclareForm(request.POST),
        lambda data: services.surcharge_declare(actor=actor, enterprise_id=enterprise.pk, **data),
        _("Declaration saved."),
    )


@login_required
@require_POST
def certify(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    actor = _actor(request)
    enterprise = _enterprise_or_404(actor, enterprise_id)
    perms.require_evaluation_admin(actor)
    return _integration_write(
        request,
        enterprise,
        forms.CertifyForm(request.POST),
        lambda data: services.certification_record(actor=actor, enterprise_id=enterprise.pk, **data),
        _("Certification recorded."),
    )


# --- evaluators --------------------------------------------------------------------------------------------------


@login_required
def evaluators(request: HttpRequest) -> HttpResponse:
    return _evaluators_page(request, _actor(request))


def _evaluator_lists(actor):
    admin = perms.is_evaluation_admin(actor)
    bodies = selectors.evaluator_bodies(actor=actor) if admin else []
    pairs = sorted(selectors.visible_partnerships(actor=actor))[:300] if admin else []
    names = _names({x for p in pairs for x in p})
    return admin, bodies, [(p, names.get(p[0]), names.get(p[1])) for p in pairs]


def _evaluators_page(request, actor, *, assign_form=None, rate_form=None, rate_pk=None, status=200):
    admin, bodies, pairs = _evaluator_lists(actor)
    term = term_of(dt.date.today()).code
    rows = list(selectors.assignments(actor=actor).filter(is_active=True)[:300])
    for a in rows:
        a.rate_form = (
            rate_form
            if rate_form is not None and a.pk == rate_pk
            else forms.RateForm(auto_id=f"id_rate{a.pk}_%s", initial={"term": term})
        )
    return render(
        request,
        "evaluation/evaluators.html",
        {
            "rows": rows,
            "is_admin": admin,
            "assign_form": assign_form or forms.AssignForm(bodies=bodies, pairs=pairs),
            "is_evaluator": perms.is_evaluator(actor),
            "ratings": selectors.ratings(actor=actor)[:100],
        },
        status=status,
    )


@login_required
@require_POST
def evaluator_assign(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    perms.require_evaluation_admin(actor)
    _admin, bodies, pairs = _evaluator_lists(actor)
    form = forms.AssignForm(request.POST, bodies=bodies, pairs=pairs)
    if form.is_valid():
        school_id, enterprise_id = form.cleaned_data["pair"]
        try:
            services.evaluator_assign(
                actor=actor,
                evaluator_id=form.cleaned_data["evaluator"],
                school_id=school_id,
                enterprise_id=enterprise_id,
            )
            messages.success(request, _("Evaluator assigned."))
            return redirect("evaluation:evaluators")
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            forms.bind_domain_error(form, exc)
    return _evaluators_page(request, actor, assign_form=form, status=400)


@login_required
@require_POST
def evaluator_rate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selectors.assignment_get(actor=actor, pk=pk)
    perms.require_evaluator(actor)
    form = forms.RateForm(request.POST, auto_id=f"id_rate{pk}_%s")
    if form.is_valid():
        try:
            services.evaluator_rate(actor=actor, assignment_id=pk, **form.cleaned_data)
            messages.success(request, _("Rating saved."))
            return redirect("evaluation:evaluators")
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            forms.bind_domain_error(form, exc)
    return _evaluators_page(request, actor, rate_form=form, rate_pk=pk, status=400)
