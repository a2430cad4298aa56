"""All writes of the evaluation app: index systems and weights, score recomputation, evaluator ratings,
certifications, attestations, surcharge declarations and investment withdrawals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core import figures_cache
from workbridge.core.access import Actor, acting_user, require_org, require_role
from workbridge.core.exceptions import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import OrgKind, Role
from workbridge.core.services import audit_record, validated_save
from workbridge.core.uploads import validate_upload

from . import datafiles, indicators
from .engines import ahp as ahp_engine
from .engines import scoring
from .engines.terms import Term, parse_term
from .models import (
    Attestation,
    AttestationStatus,
    Certification,
    EvaluatorAssignment,
    EvaluatorRating,
    IndexSystem,
    Indicator,
    InvestmentWithdrawal,
    Score,
    ScoreItem,
    ScoreLevel,
    SurchargeDeclaration,
    WeightMethod,
    WeightSet,
)
from .permissions import EVALUATION_ADMINS

# --- index systems -----------------------------------------------------------------------------------------------


def index_system_load(
    *, actor: Actor | None = None, path: Path | str | None = None, activate: bool = True
) -> IndexSystem:
    """Load an index-system data file as a new version (or return the existing identical version)."""
    if actor is not None:
        require_role(actor, EVALUATION_ADMINS)
    path = Path(path or datafiles.DEFAULT_INDEX_FILE)
    raw = datafiles.read_toml(path)
    groups = raw.get("groups") or {}
    specs = raw.get("indicators") or []
    errors = []
    keys = set()
    for i, item in enumerate(specs, start=1):
        key = item.get("key", "")
        if key not in indicators.MEASURES:
            errors.append(f"indicator {i}: unknown computation key {key!r}")
        if key in keys:
            errors.append(f"indicator {i}: key {key!r} appears twice")
        keys.add(key)
        if item.get("group") not in groups:
            errors.append(f"indicator {i} ({key}): group {item.get('group')!r} is not one of {sorted(groups)}")
        try:
            scoring.IndicatorSpec(
                key,
                item.get("group", ""),
                float(item.get("weight", 0)),
                item.get("method", "target"),
                item.get("direction", "positive"),
                item.get("target"),
            ).check()
        except scoring.ScoringError as exc:
            errors.append(str(exc))
    if abs(sum(groups.values()) - 1.0) > 1e-6:
        errors.append("group weights must sum to 1")
    if errors:
        raise ValidationFailed(_("The index file %(f)s is not valid.") % {"f": path.name}, errors={"file": errors})
    with transaction.atomic():
        existing = IndexSystem.objects.filter(code=raw["code"], version=raw["version"]).first()
        if existing is not None:
            # A version is loaded once; a file edited without a new version number would be silently ignored
            # (its new indicators never counted), so say so instead.
            loaded = {(i.key, i.group) for i in existing.indicators.all()}
            if loaded != {(i["key"], i["group"]) for i in specs} or existing.bands != raw["bands"]:
                raise ValidationFailed(
                    _(
                        "The index file %(f)s differs from version %(v)s already loaded: give it a new version "
                        "number to load it."
                    )
                    % {"f": path.name, "v": existing.version},
                    errors={"file": [_("Changed without a new version number.")]},
                )
            if activate and not existing.is_active:
                IndexSystem.objects.filter(code=existing.code, is_active=True).update(is_active=False)
                existing.is_active = True
                existing.save(update_fields=["is_active"])
            return existing
        if activate:
            IndexSystem.objects.filter(code=raw["code"], is_active=True).update(is_active=False)
        system = validated_save(
            IndexSystem(
                code=raw["code"],
                version=raw["version"],
                name=raw["name"],
                name_zh=raw.get("name_zh", ""),
                source=raw.get("source", ""),
                data_file=path.name,
                bands=raw["bands"],
                group_order=list(groups),
                is_active=activate,
            )
        )
        for pos, item in enumerate(specs):
            Indicator.objects.create(
                system=system,
                key=item["key"],
                group=item["group"],
                position=pos,
                name=item["name"],
                name_zh=item.get("name_zh", ""),
                unit=item.get("unit", ""),
                method=item.get("method", "target"),
                direction=item.get("direction", "positive"),
                target=item.get("target"),
                source=item.get("source", ""),
            )
        local = _normalised_local_weights({i["key"]: (i["group"], float(i["weight"])) for i in specs})
        WeightSet.objects.create(
            system=system,
            number=1,
            method=WeightMethod.DEFAULT,
            level="all",
            group_weights=dict(groups),
            indicator_weights=local,
            note=str(path.name),
            is_current=True,
            created_by=acting_user(actor),
        )
        audit_record(actor=actor, action="evaluation.index_loaded", target=system, summary=str(system))
    return system


def _normalised_local_weights(items: dict[str, tuple[str, float]]) -> dict[str, float]:
    by_group: dict[str, float] = defaultdict(float)
    for group, w in items.values():
        by_group[group] += w
    return {k: (w / by_group[g] if by_group[g] > 0 else 0.0) for k, (g, w) in items.items()}


def active_system() -> IndexSystem:
    system = IndexSystem.objects.filter(is_active=True).order_by("-version").first()
    if system is None:
        system = index_system_load()
    return system


def current_weights(system: IndexSystem) -> WeightSet:
    ws = system.weight_sets.filter(is_current=True).first()
    if ws is None:
        raise NotFound("The index system has no current weights.")
    return ws


def _level_items(system: IndexSystem, level: str) -> list[str]:
    if level == "groups":
        return list(system.group_order)
    if level not in system.group_order:
        raise ValidationFailed(_("Unknown weight level %(l)s.") % {"l": level}, errors={"level": [level]})
    return list(system.indicators.filter(group=level).order_by("position").values_list("key", flat=True))


def _new_weight_set(
    system, actor: Actor, *, level, method, weights: dict[str, float], matrix_info: dict | None, note: str
) -> WeightSet:
    with transaction.atomic():
        current = WeightSet.objects.select_for_update().filter(system=system, is_current=True).first()
        group_weights = dict(current.group_weights) if current else {}
        indicator_weights = dict(current.indicator_weights) if current else {}
        matrices = dict(current.matrices) if current else {}
        if level == "groups":
            group_weights = weights
        else:
            indicator_weights.update(weights)
        if matrix_info is not None:
            matrices[level] = matrix_info
        else:
            matrices.pop(level, None)
        number = (
            WeightSet.objects.filter(system=system).order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        WeightSet.objects.filter(system=system, is_current=True).update(is_current=False)
        ws = validated_save(
            WeightSet(
                system=system,
                number=number,
                method=method,
                level=level,
                group_weights=group_weights,
                indicator_weights=indicator_weights,
                matrices=matrices,
                note=note[:300],
                is_current=True,
                created_by=acting_user(actor),
            )
        )
        audit_record(
            actor=actor,
            action="evaluation.weights_changed",
            target=ws,
            summary=f"{system} #{number} {level} ({method})",
            data={"weights": weights, "cr": (matrix_info or {}).get("cr")},
        )
    return ws


def weights_set_ahp(
    *, actor: Actor, system: IndexSystem, level: str, matrix: list[list[float]], note: str = ""
) -> WeightSet:
    """New weights for one level (``groups`` or a group code) from a pairwise matrix; rejected when CR >= 0.10."""
    require_role(actor, EVALUATION_ADMINS)
    items = _level_items(system, level)
    if len(matrix) != len(items):
        raise ValidationFailed(
            _("The matrix must have %(n)d rows, one per item.") % {"n": len(items)},
            errors={"matrix": [str(len(matrix))]},
        )
    try:
        result = ahp_engine.ahp(matrix)
    except ahp_engine.AHPError as exc:
        cell = {"cell": list(exc.where)} if exc.where else {}
        raise ValidationFailed(str(exc), errors={"matrix": [str(exc)], **cell})
    if not result.consistent:
        raise ValidationFailed(
            _("The comparisons are inconsistent: CR = %(cr).3f, which must be below %(t).2f. Revise the judgements.")
            % {"cr": result.cr, "t": ahp_engine.CR_THRESHOLD},
            errors={"matrix": [f"CR={result.cr:.4f}"], "cr": [f"{result.cr:.4f}"]},
        )
    weights = dict(zip(items, result.weights, strict=True))
    info = {"items": items, "matrix": [[float(v) for v in row] for row in matrix], **result.as_dict()}
    return _new_weight_set(
        system, actor, level=level, method=WeightMethod.AHP, weights=weights, matrix_info=info, note=note
    )


def weights_set_direct(
    *, actor: Actor, system: IndexSystem, level: str, weights: dict[str, float], note: str = ""
) -> WeightSet:
    """New weights entered directly; they must be non-negative and sum to 1 (within 0.001)."""
    require_role(actor, EVALUATION_ADMINS)
    items = _level_items(system, level)
    missing = [k for k in items if k not in weights]
    extra = [k for k in weights if k not in items]
    if missing or extra:
        raise ValidationFailed(_("Give one weight for each item."), errors={"missing": missing, "unknown": extra})
    try:
        clean = {k: float(weights[k]) for k in items}
    except (TypeError, ValueError):
        raise ValidationFailed(_("Weights must be numbers."), errors={"weights": [str(weights)]})
    bad = [k for k, v in clean.items() if v < 0]
    if bad:
        raise ValidationFailed(_("Weights cannot be negative."), errors={"weights": bad})
    total = sum(clean.values())
    if abs(total - 1.0) > 0.001:
        raise ValidationFailed(
            _("Weights must sum to 1 (they sum to %(t).4f).") % {"t": total}, errors={"weights": [f"{total:.4f}"]}
        )
    clean = {k: v / total for k, v in clean.items()}
    return _new_weight_set(
        system, actor, level=level, method=WeightMethod.DIRECT, weights=clean, matrix_info=None, note=note
    )


# --- scores ------------------------------------------------------------------------------------------------------


@dataclass
class RecomputeResult:
    term: str
    partnerships: int
    enterprises: int
    schools: int
    majors: int
    unavailable: list[str]


def _specs(system: IndexSystem, ws: WeightSet) -> list[scoring.IndicatorSpec]:
    return [
        scoring.IndicatorSpec(
            key=i.key,
            group=i.group,
            weight=float(ws.indicator_weights.get(i.key, 0.0)),
            method=i.method,
            direction=i.direction,
            target=i.target,
        )
        for i in system.indicators.all()
    ]


def _bands(system: IndexSystem) -> list[scoring.Band]:
    return [scoring.Band(b["code"], float(b["minimum"])) for b in system.bands]


def active_pairs(window: indicators.Window) -> set[tuple[int, int]]:
    """Partnerships scored for a window: pairs with a signed agreement in force during it, or an internship in it."""
    from workbridge.partnerships.engines.continuity import continuous_spans, in_force_during
    from workbridge.partnerships.services import CONTINUITY_GAP_DAYS

    Agreement = indicators.model("partnerships", "Agreement")
    terms: dict[tuple[int, int], list] = defaultdict(list)
    for pk, school_id, enterprise_id, start, end, renews_id in (
        Agreement.objects.exclude(status__in=["draft", "terminated"])
        .filter(start_date__lte=window.end + dt.timedelta(days=CONTINUITY_GAP_DAYS + 1))
        .values_list("pk", "school_id", "enterprise_id", "start_date", "end_date", "renews_id")
        .iterator(chunk_size=5000)
    ):
        terms[(school_id, enterprise_id)].append((pk, start, end, renews_id))
    # a renewed partnership is in force across the gap between the old term and its renewal (issue 16.3)
    pairs = {
        pair
        for pair, rows in terms.items()
        if in_force_during(continuous_spans(rows, renewal_gap_days=CONTINUITY_GAP_DAYS), window.start, window.end)
    }
    pairs |= set(
        Agreement.objects.filter(
            status="terminated", start_date__lte=window.end, end_date__gte=window.start
        ).values_list("school_id", "enterprise_id")
    )
    Placement = indicators.model("placements", "Placement")
    if Placement is not None:
        pairs |= set(
            Placement.objects.filter(
                status__in=indicators.STARTED_PLACEMENT, start_date__lte=window.end, end_date__gte=window.start
            )
            .values_list("school_id", "enterprise_id")
            .distinct()
        )
    return pairs


def _pair_majors(window: indicators.Window, pairs: set[tuple[int, int]]) -> dict[int, set[tuple[int, int]]]:
    """Majors carried by each partnership in the window: majors of its projects and of its interns."""
    out: dict[int, set[tuple[int, int]]] = defaultdict(set)
    Project = indicators.model("partnerships", "Project")
    rows = (
        Project.majors.through.objects.filter(project__start_date__lte=window.end)
        .exclude(project__status__in=["cancelled", "planned"])
        .values_list("major_id", "project__school_id", "project__enterprise_id")
    )
    for major_id, s, e in rows.iterator(chunk_size=5000):
        if (s, e) in pairs:
            out[major_id].add((s, e))
    Placement = indicators.model("placements", "Placement")
    if Placement is not None:
        rows = (
            Placement.objects.filter(
                status__in=indicators.STARTED_PLACEMENT, start_date__lte=window.end, end_date__gte=window.start
            )
            .values_list("student__major_id", "school_id", "enterprise_id")
            .distinct()
        )
        for major_id, s, e in rows.iterator(chunk_size=5000):
            if (s, e) in pairs:
                out[major_id].add((s, e))
    return out


@dataclass
class Computed:
    pairs: set
    raw_rows: dict
    results: dict
    unavailable: set
    indicator_rows: dict


def compute_scores(
    window: indicators.Window,
    system: IndexSystem,
    ws: WeightSet,
    *,
    target_factor: float = 1.0,
    pairs: set | None = None,
) -> Computed:
    """Indicator values and scores of every partnership for a window, without storing anything.

    ``target_factor`` scales the targets of ``target`` indicators (2 for a calendar year: targets are per term).
    """
    specs = _specs(system, ws)
    if target_factor != 1.0:
        specs = [
            scoring.IndicatorSpec(
                s.key,
                s.group,
                s.weight,
                s.method,
                s.direction,
                s.target * target_factor if s.target is not None and s.method == "target" else s.target,
            )
            for s in specs
        ]
    bands = _bands(system)
    indicator_rows = {i.key: i for i in system.indicators.all()}
    keys = list(indicator_rows)
    values, unavailable = indicators.compute(keys, window)
    if pairs is None:
        pairs = active_pairs(window)
        for key in keys:
            pairs |= set(values[key])
    pairs = {p for p in pairs if p[0] and p[1]}
    raw_rows = {pair: {k: indicators.value_for(k, values, unavailable, pair) for k in keys} for pair in pairs}
    ranges = scoring.peer_ranges(specs, ({k: v.value for k, v in row.items()} for row in raw_rows.values()))
    results = {
        pair: scoring.score(specs, ws.group_weights, {k: v.value for k, v in row.items()}, bands, ranges)
        for pair, row in raw_rows.items()
    }
    return Computed(pairs, raw_rows, results, unavailable, indicator_rows)


def scores_recompute_request(*, actor: Actor, term: str) -> dict:
    """A recompute asked for on the scores page or the API: queued for a worker (one per term and minute, after
    the request commits) rather than run inside the request. Without a broker it runs at once and answers with the
    figures; queued, it answers ``{"term", "queued": True}``."""
    from django.conf import settings

    from workbridge.core.debounce import queue_once

    from .tasks import scores_recompute_task

    require_role(actor, EVALUATION_ADMINS)
    try:
        t = parse_term(term)
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"term": [str(term)]}) from None
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {**scores_recompute(actor=actor, term=t).__dict__, "queued": False}
    queue_once(scores_recompute_task, key=f"term:{t.code}", window=5, term=t.code)
    audit_record(actor=actor, action="evaluation.scores_recompute_queued", data={"term": t.code})
    return {"term": t.code, "queued": True}


def scores_recompute(*, actor: Actor, term: str | Term, system: IndexSystem | None = None) -> RecomputeResult:
    """Recompute every depth score of a term from the records (replacing that term's scores atomically)."""
    if actor is not None:
        require_role(actor, EVALUATION_ADMINS)
    try:
        t = term if isinstance(term, Term) else parse_term(term)
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"term": [str(term)]})
    system = system or active_system()
    ws = current_weights(system)
    window = indicators.Window(t.start, t.end)
    bands = _bands(system)
    c = compute_scores(window, system, ws)
    pairs, raw_rows, results, unavailable, indicator_rows = (
        c.pairs,
        c.raw_rows,
        c.results,
        c.unavailable,
        c.indicator_rows,
    )

    with transaction.atomic():
        # the regional dashboard's cached depth bands and school scores (insights) are from before this
        figures_cache.changed("insights")
        Score.objects.filter(system=system, term=t.code).delete()
        score_objs: list[Score] = []
        for pair in sorted(pairs):
            r = results[pair]
            score_objs.append(
                Score(
                    system=system,
                    weight_set=ws,
                    term=t.code,
                    level=ScoreLevel.PARTNERSHIP,
                    subject_key=f"p:{pair[0]}:{pair[1]}",
                    school_id=pair[0],
                    enterprise_id=pair[1],
                    total=r.total,
                    band=r.band or "",
                    group_scores=r.groups,
                    coverage=r.coverage,
                    evidence={"unavailable": sorted(unavailable)},
                )
            )
        Score.objects.bulk_create(score_objs, batch_size=1000)
        by_pair = {(s.school_id, s.enterprise_id): s for s in score_objs}
        items = []
        for pair, score_obj in by_pair.items():
            r = results[pair]
            for key, v in raw_rows[pair].items():
                items.append(
                    ScoreItem(
                        score_id=score_obj.pk,
                        indicator=indicator_rows[key],
                        raw=v.value,
                        normalised=r.normalised.get(key),
                        contribution=r.contributions.get(key, 0.0),
                        count=v.count,
                        evidence=v.evidence() if key not in unavailable else {"note": "no data source installed"},
                    )
                )
        ScoreItem.objects.bulk_create(items, batch_size=2000)

        def aggregate(level, subject_key, members, **subject):
            member_scores = [by_pair[p] for p in members if p in by_pair]
            totals = [s.total for s in member_scores if s.total is not None]
            total = sum(totals) / len(totals) if totals else None
            groups = {g: scoring.mean_of(s.group_scores.get(g) for s in member_scores) for g in system.group_order}
            return Score(
                system=system,
                weight_set=ws,
                term=t.code,
                level=level,
                subject_key=subject_key,
                total=total,
                band=scoring.band_for(total, bands) or "",
                group_scores=groups,
                coverage=scoring.mean_of(s.coverage for s in member_scores) or 0.0,
                evidence={"partnership_scores": [s.pk for s in member_scores]},
                **subject,
            )

        by_enterprise: dict[int, list] = defaultdict(list)
        by_school: dict[int, list] = defaultdict(list)
        for pair in pairs:
            by_school[pair[0]].append(pair)
            by_enterprise[pair[1]].append(pair)
        aggregates = [
            aggregate(ScoreLevel.ENTERPRISE, f"e:{e}", ps, enterprise_id=e) for e, ps in by_enterprise.items()
        ]
        aggregates += [aggregate(ScoreLevel.SCHOOL, f"s:{s}", ps, school_id=s) for s, ps in by_school.items()]
        majors = _pair_majors(window, pairs)
        Major = indicators.model("academics", "Major")
        major_school = dict(Major.objects.filter(pk__in=list(majors)).values_list("id", "school_id"))
        aggregates += [
            aggregate(ScoreLevel.MAJOR, f"m:{m}", ps, major_id=m, school_id=major_school[m])
            for m, ps in majors.items()
            if m in major_school
        ]
        Score.objects.bulk_create(aggregates, batch_size=1000)
        audit_record(
            actor=actor,
            action="evaluation.scores_recomputed",
            summary=f"{system} {t.code}",
            data={"partnerships": len(pairs), "unavailable": sorted(unavailable)},
        )
    return RecomputeResult(
        term=t.code,
        partnerships=len(pairs),
        enterprises=len(by_enterprise),
        schools=len(by_school),
        majors=len(majors),
        unavailable=sorted(unavailable),
    )


# --- evaluators --------------------------------------------------------------------------------------------------


def evaluator_assign(*, actor: Actor, evaluator_id: int, school_id: int, enterprise_id: int) -> EvaluatorAssignment:
    """Appoint an industry association (member enterprise's partnerships) or a vocational education group
    (member school's partnerships) to rate a partnership. Done by the authority of the region or the platform."""
    actor = require_role(actor, EVALUATION_ADMINS)
    Organization = indicators.model("organizations", "Organization")
    Affiliation = indicators.model("organizations", "Affiliation")
    orgs = Organization.objects.in_bulk([evaluator_id, school_id, enterprise_id])
    evaluator, school, enterprise = orgs.get(evaluator_id), orgs.get(school_id), orgs.get(enterprise_id)
    if evaluator is None or school is None or enterprise is None:
        raise NotFound(_("Evaluator, school or enterprise not found."))
    if school.kind != OrgKind.SCHOOL or enterprise.kind != OrgKind.ENTERPRISE:
        raise ValidationFailed(
            _("A partnership is a school and an enterprise."),
            errors={"school": [school.kind], "enterprise": [enterprise.kind]},
        )
    if actor.role == Role.AUTHORITY_OFFICER and not (
        school.region_id in actor.region_ids or enterprise.region_id in actor.region_ids
    ):
        raise PermissionDenied(_("This partnership is outside your region."))
    if evaluator.kind == OrgKind.ASSOCIATION:
        ok = Affiliation.objects.filter(body=evaluator, member=enterprise).exists()
        reason = _("The enterprise is not a member of this industry association.")
    elif evaluator.kind == OrgKind.GROUP:
        ok = Affiliation.objects.filter(body=evaluator, member=school).exists()
        reason = _("The school is not a member of this vocational education group.")
    else:
        raise ValidationFailed(
            _("Only industry associations and vocational education groups can evaluate."),
            errors={"evaluator": [evaluator.kind]},
        )
    if not ok:
        raise ValidationFailed(reason, errors={"evaluator": [reason]})
    with transaction.atomic():
        assignment, created = EvaluatorAssignment.objects.get_or_create(
            evaluator=evaluator, school=school, enterprise=enterprise, defaults={"assigned_by": acting_user(actor)}
        )
        if not created and not assignment.is_active:
            assignment.is_active = True
            assignment.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="evaluation.evaluator_assigned",
            target=assignment,
            organization_id=evaluator.pk,
            summary=f"{evaluator} -> {school} / {enterprise}",
        )
    return assignment


def evaluator_rate(
    *, actor: Actor, assignment_id: int, term: str, score: int, comment: str = "", rated_on: dt.date | None = None
) -> EvaluatorRating:
    """The evaluator's rating (0-100) of a partnership for a term; one per term, a second one replaces the first."""
    actor = require_role(actor, (Role.ASSOCIATION_OFFICER, Role.GROUP_OFFICER))
    assignment = EvaluatorAssignment.objects.filter(pk=assignment_id, is_active=True).first()
    if assignment is None:
        raise NotFound(_("Evaluator assignment not found."))
    require_org(actor, assignment.evaluator_id)
    try:
        t = parse_term(term)
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"term": [term]})
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise ValidationFailed(_("The score must be a whole number from 0 to 100."), errors={"score": [str(score)]})
    if not 0 <= score <= 100:
        raise ValidationFailed(_("The score must be a whole number from 0 to 100."), errors={"score": [str(score)]})
    rated_on = rated_on or min(timezone.localdate(), t.end)
    if not (t.start <= rated_on <= t.end):
        raise ValidationFailed(_("The rating date must fall in the term."), errors={"rated_on": [str(rated_on)]})
    with transaction.atomic():
        rating = EvaluatorRating.objects.filter(assignment=assignment, term=t.code).first() or EvaluatorRating(
            assignment=assignment, term=t.code, school_id=assignment.school_id, enterprise_id=assignment.enterprise_id
        )
        rating.score, rating.comment, rating.rated_on, rating.rated_by = score, comment, rated_on, acting_user(actor)
        validated_save(rating)
        audit_record(
            actor=actor,
            action="evaluation.partnership_rated",
            target=rating,
            organization_id=assignment.evaluator_id,
            summary=f"{t.code}: {score}",
        )
    return rating


# --- integration enterprises: certification, attestations, declarations -------------------------------------------


def certification_record(
    *,
    actor: Actor,
    enterprise_id: int,
    reference: str,
    certified_on: dt.date,
    criteria_set: str = datafiles.DEFAULT_CRITERIA_SET,
) -> Certification:
    actor = require_role(actor, EVALUATION_ADMINS)
    enterprise = _enterprise_in_scope(actor, enterprise_id)
    if criteria_set not in datafiles.criteria_sets():
        raise ValidationFailed(_("Unknown criteria set."), errors={"criteria_set": [criteria_set]})
    with transaction.atomic():
        if Certification.objects.filter(enterprise=enterprise, revoked_on__isnull=True).exists():
            raise Conflict(_("The enterprise already holds a certification."))
        cert = validated_save(
            Certification(
                enterprise=enterprise,
                reference=reference,
                certified_on=certified_on,
                criteria_set=criteria_set,
                recorded_by=acting_user(actor),
            )
        )
        audit_record(
            actor=actor, action="evaluation.certified", target=cert, organization_id=enterprise.pk, summary=reference
        )
    return cert


def certification_revoke(*, actor: Actor, certification_id: int, revoked_on: dt.date) -> Certification:
    actor = require_role(actor, EVALUATION_ADMINS)
    cert = Certification.objects.filter(pk=certification_id).first()
    if cert is None:
        raise NotFound(_("Certification not found."))
    _enterprise_in_scope(actor, cert.enterprise_id)
    with transaction.atomic():
        cert.revoked_on = revoked_on
        validated_save(cert)
        audit_record(
            actor=actor, action="evaluation.certification_revoked", target=cert, organization_id=cert.enterprise_id
        )
    return cert


def _enterprise_in_scope(actor: Actor, enterprise_id: int):
    Organization = indicators.model("organizations", "Organization")
    enterprise = Organization.objects.filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if enterprise is None:
        raise NotFound(_("Enterprise not found."))
    if actor.role == Role.AUTHORITY_OFFICER and enterprise.region_id not in actor.region_ids:
        raise NotFound(_("Enterprise not found."))
    return enterprise


def attestation_submit(
    *, actor: Actor, enterprise_id: int, criterion_key: str, statement: str, document=None
) -> Attestation:
    """The enterprise states a fact the platform cannot see, with a document; it counts once verified."""
    require_org(actor, enterprise_id, (Role.ENTERPRISE_ADMIN,))
    known = {
        c.key
        for s in datafiles.criteria_sets().values()
        for c in s["criteria"]
        if c.check in ("attested", "good_standing")
    }
    if criterion_key not in known:
        raise ValidationFailed(
            _("This criterion is checked from platform records, not by a statement."),
            errors={"criterion_key": [criterion_key]},
        )
    if not (statement or "").strip():
        raise ValidationFailed(_("Write the statement."), errors={"statement": [_("This field is required.")]})
    if document is not None:
        validate_upload(document, purpose="document", field="document")
    with transaction.atomic():
        att = Attestation.objects.filter(
            enterprise_id=enterprise_id, criterion_key=criterion_key
        ).first() or Attestation(enterprise_id=enterprise_id, criterion_key=criterion_key)
        att.statement = statement.strip()
        if document is not None:
            att.document = document
        att.status, att.verified_by, att.verified_on = AttestationStatus.PENDING, None, None
        att.attested_by = acting_user(actor)
        validated_save(att)
        audit_record(
            actor=actor, action="evaluation.attested", target=att, organization_id=enterprise_id, summary=criterion_key
        )
    return att


def attestation_decide(*, actor: Actor, attestation_id: int, verified: bool) -> Attestation:
    actor = require_role(actor, EVALUATION_ADMINS)
    att = Attestation.objects.filter(pk=attestation_id).first()
    if att is None:
        raise NotFound(_("Statement not found."))
    _enterprise_in_scope(actor, att.enterprise_id)
    with transaction.atomic():
        att.status = AttestationStatus.VERIFIED if verified else AttestationStatus.REJECTED
        att.verified_by, att.verified_on = acting_user(actor), timezone.localdate()
        validated_save(att)
        audit_record(
            actor=actor,
            action="evaluation.attestation_decided",
            target=att,
            organization_id=att.enterprise_id,
            summary=att.status,
        )
    return att


def surcharge_declare(
    *, actor: Actor, enterprise_id: int, year: int, education_surcharge, local_education_surcharge
) -> SurchargeDeclaration:
    require_org(actor, enterprise_id, (Role.ENTERPRISE_ADMIN,))
    try:
        edu, local = Decimal(str(education_surcharge)), Decimal(str(local_education_surcharge))
    except Exception:
        raise ValidationFailed(
            _("Amounts must be numbers."), errors={"education_surcharge": [str(education_surcharge)]}
        )
    if not (2000 <= int(year) <= timezone.localdate().year):
        raise ValidationFailed(_("Declare a past or the current year."), errors={"year": [str(year)]})
    with transaction.atomic():
        decl = SurchargeDeclaration.objects.filter(
            enterprise_id=enterprise_id, year=year
        ).first() or SurchargeDeclaration(enterprise_id=enterprise_id, year=year)
        decl.education_surcharge, decl.local_education_surcharge, decl.declared_by = edu, local, acting_user(actor)
        validated_save(decl)
        audit_record(
            actor=actor,
            action="evaluation.surcharge_declared",
            target=decl,
            organization_id=enterprise_id,
            summary=str(year),
        )
    return decl


def withdrawal_record(
    *, actor: Actor, enterprise_id: int, withdrawn_on: dt.date, amount, note: str
) -> InvestmentWithdrawal:
    actor = require_role(actor, (*EVALUATION_ADMINS, Role.ENTERPRISE_ADMIN))
    if actor.role == Role.ENTERPRISE_ADMIN:
        require_org(actor, enterprise_id)
    else:
        _enterprise_in_scope(actor, enterprise_id)
    with transaction.atomic():
        w = validated_save(
            InvestmentWithdrawal(
                enterprise_id=enterprise_id,
                withdrawn_on=withdrawn_on,
                amount=Decimal(str(amount)),
                note=note,
                recorded_by=acting_user(actor),
            )
        )
        audit_record(actor=actor, action="evaluation.withdrawal_recorded", target=w, organization_id=enterprise_id)
    return w
