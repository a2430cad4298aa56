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
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core import charts
from workbridge.core.access import Actor, actor_for, require_org
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import OrgKind, Role
from workbridge.core.uploads import serve_upload

from . import datafiles, selectors, services
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
                "label": model._meta.verbose_name,
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
    return f"{obj._meta.verbose_name} · {' → '.join(orgs)}" if orgs else str(obj._meta.verbose_name)


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
    term = request.POST.get("term", "")
    result = services.scores_recompute_request(actor=_actor(request), term=term)
    if result["queued"]:
        messages.info(
            request,
            _("The scores of %(t)s are being recomputed; they update in about a minute.") % {"t": result["term"]},
        )
    else:
        messages.success(
            request,
            _("Scores recomputed for %(t)s: %(n)d partnerships.") % {"t": result["term"], "n": result["partnerships"]},
        )
    return redirect(f"{reverse('evaluation:scores')}?term={result['term']}")


# --- index system and weights ------------------------------------------------------------------------------------


def _levels(system):
    indicators = list(system.indicators.all())
    levels = [{"code": "groups", "label": _("Groups"), "items": [(g, _(g.capitalize())) for g in system.group_order]}]
    for g in system.group_order:
        levels.append(
            {
                "code": g,
                "label": _(g.capitalize()),
                "items": [(i.key, i.name_zh or i.name) for i in indicators if i.group == g],
            }
        )
    return levels


@login_required
def index_system(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    system = services.active_system()
    ws = services.current_weights(system)
    indicators = list(system.indicators.all())
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    texts = datafiles.index_descriptions(system.data_file or None)
    for i in indicators:
        i.counts = texts["indicators"].get(i.key, {}).get(lang, "")
        i.local_weight = ws.indicator_weights.get(i.key, 0)
        i.global_weight = i.local_weight * ws.group_weights.get(i.group, 0)
    level_code = request.GET.get("level", "groups")
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
            "history": system.weight_sets.all()[:20],
            "can_edit": perms.is_evaluation_admin(actor),
            "cr_threshold": CR_THRESHOLD,
            "term": _latest_term(),
        },
    )


def _matrix_from_post(post, n: int):
    upper = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            raw = (post.get(f"a_{i}_{j}") or "").strip()
            if not raw:
                raise AHPError(_("Cell (%(i)d, %(j)d) is empty.") % {"i": i + 1, "j": j + 1}, (i, j))
            try:
                if "/" in raw:
                    num, den = raw.split("/", 1)
                    upper[i][j] = float(num) / float(den)
                else:
                    upper[i][j] = float(raw)
            except (ValueError, ZeroDivisionError):
                raise AHPError(
                    _("Cell (%(i)d, %(j)d) is not a number: %(v)s") % {"i": i + 1, "j": j + 1, "v": raw}, (i, j)
                )
    return reciprocal_from_upper(upper)


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
    try:
        matrix = _matrix_from_post(request.POST, len(level["items"]))
        result = ahp(matrix)
        ctx.update(result=result, weights=list(zip(level["items"], result.weights, strict=True)))
    except AHPError as exc:
        ctx["error"] = str(exc)
        return render(
            request, "evaluation/_ahp_result.html", ctx, status=400 if request.POST.get("action") == "save" else 200
        )
    if request.POST.get("action") == "save":
        try:
            ws = services.weights_set_ahp(
                actor=actor, system=system, level=level_code, matrix=matrix, note=request.POST.get("note", "")
            )
        except ValidationFailed as exc:
            ctx["error"] = exc.message
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
    weights = {}
    for key, _label in level["items"]:
        raw = (request.POST.get(f"w_{key}") or "").strip()
        try:
            weights[key] = float(raw)
        except ValueError:
            raise ValidationFailed(_("The weight of %(k)s is not a number.") % {"k": key}, errors={key: [raw]})
    services.weights_set_direct(
        actor=actor, system=system, level=level_code, weights=weights, note=request.POST.get("note", "")
    )
    messages.success(request, _("Weights saved."))
    return redirect(f"{reverse('evaluation:index')}?level={level_code}")


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
    enterprise = _enterprise_or_404(actor, enterprise_id)
    readiness = readiness_for(enterprise)
    statement = statement_for(enterprise.pk)
    atts = {a.criterion_key: a for a in Attestation.objects.filter(enterprise=enterprise)}
    items = [{"item": i, "attestation": atts.get(i.criterion.key)} for i in readiness.items]
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
            "this_year": dt.date.today().year,
            "declarations": selectors.declarations(actor=actor).filter(enterprise=enterprise),
        },
    )


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
    require_org(_actor(request), _enterprise_or_404(_actor(request), enterprise_id).pk, (Role.ENTERPRISE_ADMIN,))
    return _domain_action(
        request,
        enterprise_id,
        lambda: services.attestation_submit(
            actor=_actor(request),
            enterprise_id=enterprise_id,
            criterion_key=request.POST.get("criterion_key", ""),
            statement=request.POST.get("statement", ""),
            document=request.FILES.get("document"),
        ),
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
    require_org(_actor(request), _enterprise_or_404(_actor(request), enterprise_id).pk, (Role.ENTERPRISE_ADMIN,))
    return _domain_action(
        request,
        enterprise_id,
        lambda: services.surcharge_declare(
            actor=_actor(request),
            enterprise_id=enterprise_id,
            year=int(request.POST.get("year") or 0),
            education_surcharge=request.POST.get("education_surcharge") or "x",
            local_education_surcharge=request.POST.get("local_education_surcharge") or "x",
        ),
        _("Declaration saved."),
    )


@login_required
@require_POST
def certify(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    _enterprise_or_404(_actor(request), enterprise_id)
    perms.require_evaluation_admin(_actor(request))

    def run():
        try:
            day = dt.date.fromisoformat(request.POST.get("certified_on", ""))
        except ValueError:
            raise ValidationFailed(_("Give the certification date as YYYY-MM-DD."))
        services.certification_record(
            actor=_actor(request),
            enterprise_id=enterprise_id,
            reference=request.POST.get("reference", ""),
            certified_on=day,
        )

    return _domain_action(request, enterprise_id, run, _("Certification recorded."))


# --- evaluators --------------------------------------------------------------------------------------------------


@login_required
def evaluators(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    rows = selectors.assignments(actor=actor).filter(is_active=True)[:300]

    admin = perms.is_evaluation_admin(actor)
    bodies = selectors.evaluator_bodies(actor=actor) if admin else []
    pairs = sorted(selectors.visible_partnerships(actor=actor))[:300] if admin else []
    names = _names({x for p in pairs for x in p})
    return render(
        request,
        "evaluation/evaluators.html",
        {
            "rows": rows,
            "bodies": bodies,
            "pairs": [(p, names.get(p[0]), names.get(p[1])) for p in pairs],
            "is_admin": admin,
            "is_evaluator": perms.is_evaluator(actor),
            "term": term_of(dt.date.today()).code,
            "ratings": selectors.ratings(actor=actor)[:100],
        },
    )


@login_required
@require_POST
def evaluator_assign(request: HttpRequest) -> HttpResponse:
    try:
        school_id, enterprise_id = (int(x) for x in request.POST.get("pair", "0:0").split(":"))
        services.evaluator_assign(
            actor=_actor(request),
            evaluator_id=int(request.POST.get("evaluator") or 0),
            school_id=school_id,
            enterprise_id=enterprise_id,
        )
        messages.success(request, _("Evaluator assigned."))
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect("evaluation:evaluators")


@login_required
@require_POST
def evaluator_rate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selectors.assignment_get(actor=actor, pk=pk)
    perms.require_evaluator(actor)
    try:
        services.evaluator_rate(
            actor=_actor(request),
            assignment_id=pk,
            term=request.POST.get("term", ""),
            score=request.POST.get("score"),
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, _("Rating saved."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("evaluation:evaluators")
