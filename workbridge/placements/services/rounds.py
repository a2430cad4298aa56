"""Matching rounds: create, students rank, enterprises score, compute (engine in engines/matching.py), publish,
export and turn results into placements in one step.

The instance handed to the engine:
- students: ids are academics.Student pks; prefs are position keys in the student's order;
- positions: key "<pk>" for open places and "<pk>r" for places an order class reserves for its project's
  students (only those students list it, ahead of the open key); capacity = places still free, further capped at
  the per-post share of staff; prefs = the students who ranked it, grouped by enterprise score (highest first),
  unscored students last, equal scores are tie groups the engine's seeded lottery orders (and records);
- enterprises: capacity = the intern share of staff minus interns already placed there (compliance.engines.capacity).
The shares are the compliance rule set's parameters (max_enterprise_intern_share,
max_post_intern_share), so a province's data file changes them for matching too.
"""

from __future__ import annotations

import io
import secrets
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.compliance.engines.capacity import intern_capacity
from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_role, visible
from workbridge.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.roles import ENTERPRISE_ROLES, Role
from workbridge.core.services import audit_record, full_clean_or_raise

from ..compliance_bridge import enterprise_intern_count
from ..models import (
    MatchingRound,
    MatchVariant,
    Placement,
    PlacementSource,
    Position,
    PositionStatus,
    RoundChoice,
    RoundResult,
    RoundScore,
    RoundStatus,
)
from .common import acting_student
from .placements import placement_create


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    title: str,
    position_ids: list[int],
    max_choices: int = 10,
    variant: str = MatchVariant.DA,
    participating_school_ids: list[int] | None = None,
    group_id: int | None = None,
    ranking_deadline=None,
) -> MatchingRound:
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.GROUP_OFFICER])
    school_id = actor.organization_id
    if actor.role == Role.GROUP_OFFICER:
        members = list(actor.member_ids)
        if not members:
            raise ValidationFailed(_("The group has no member schools."))
        school_id, group_id = members[0], actor.organization_id
        participating_school_ids = participating_school_ids or members
        if set(participating_school_ids) - set(members):
            raise PermissionDenied(_("Only the group's member schools take part."))
    positions = list(visible(actor, Position.objects.filter(pk__in=position_ids, status=PositionStatus.APPROVED)))
    missing = sorted(set(position_ids) - {p.pk for p in positions})
    if missing:
        raise ValidationFailed(
            _("Position(s) %(p)s are not approved or not visible to you.") % {"p": ", ".join(map(str, missing))},
            errors={"position_ids": missing},
        )
    if variant not in MatchVariant.values:
        raise ValidationFailed(_("Unknown algorithm %(v)s.") % {"v": variant})
    rnd = MatchingRound(
        school_id=school_id,
        group_id=group_id,
        title=title,
        max_choices=max_choices,
        variant=variant,
        ranking_deadline=ranking_deadline,
        created_by=acting_user(actor),
    )
    full_clean_or_raise(rnd)
    rnd.save()
    rnd.positions.set(positions)
    if participating_school_ids:
        rnd.participating_schools.set(participating_school_ids)
    audit_record(actor=actor, action="round.create", target=rnd, organization_id=actor.organization_id)
    return rnd


def _round_schools(rnd: MatchingRound) -> set[int]:
    return {rnd.school_id, *rnd.participating_schools.values_list("pk", flat=True)}


@transaction.atomic
def round_rank(*, actor: Actor, rnd: MatchingRound, position_ids: list[int]) -> list[RoundChoice]:
    """A student's ranking (best first), replacing any earlier one."""
    actor = as_actor(actor)
    student = acting_student(actor)
    rnd = access_object(actor, MatchingRound.objects.select_for_update(), rnd.pk)
    if rnd.status != RoundStatus.OPEN:
        raise InvalidTransition(_("Ranking is closed for this round."))
    if rnd.ranking_deadline and timezone.now() > rnd.ranking_deadline:
        raise InvalidTransition(_("The ranking deadline has passed."))
    if student.school_id not in _round_schools(rnd):
        raise PermissionDenied(_("Your school does not take part in this round."))
    if len(position_ids) != len(set(position_ids)):
        raise ValidationFailed(
            _("A position appears twice in your ranking."), errors={"position_ids": [_("Duplicate.")]}
        )
    if len(position_ids) > rnd.max_choices:
        raise ValidationFailed(
            _("Rank at most %(n)d positions.") % {"n": rnd.max_choices}, errors={"position_ids": [_("Too many.")]}
        )
    in_round = set(rnd.positions.values_list("pk", flat=True))
    outside = [p for p in position_ids if p not in in_round]
    if outside:
        raise ValidationFailed(
            _("Position %(p)s is not part of this round.") % {"p": outside[0]}, errors={"position_ids": outside}
        )
    # A fully reserved order-class position is only for its project's students.
    from .positions import position_free_places

    for position in Position.objects.filter(pk__in=position_ids):
        if (
            position.reserved_places
            and position.reserved_places >= position.places
            and position_free_places(position, student) <= 0
            and not _in_project(student, position)
        ):
            raise ValidationFailed(
                _("%(t)s is reserved for its order class.") % {"t": position.title},
                errors={"position_ids": [position.pk]},
            )
    RoundChoice.objects.filter(round=rnd, student=student).delete()
    choices = [
        RoundChoice(round=rnd, student=student, position_id=pid, rank=i + 1) for i, pid in enumerate(position_ids)
    ]
    RoundChoice.objects.bulk_create(choices)
    return choices


def _in_project(student, position) -> bool:
    if not position.project_id:
        return False
    from workbridge.partnerships.models import ProjectParticipant

    return ProjectParticipant.objects.filter(project_id=position.project_id, student=student).exists()


@transaction.atomic
def round_score(*, actor: Actor, rnd: MatchingRound, position: Position, scores: dict) -> int:
    """The enterprise scores (0-100, higher is better) students who ranked its position; equal scores tie."""
    actor = require_role(as_actor(actor), ENTERPRISE_ROLES)
    rnd = access_object(actor, MatchingRound.objects.select_for_update(), rnd.pk)
    if rnd.status != RoundStatus.OPEN:
        raise InvalidTransition(_("Scoring is closed for this round."))
    if position.enterprise_id != actor.organization_id and not actor.is_platform_admin:
        raise PermissionDenied(_("Not your position."))
    ranked = set(RoundChoice.objects.filter(round=rnd, position=position).values_list("student_id", flat=True))
    written = 0
    for raw_sid, raw_score in scores.items():
        sid = int(raw_sid)
        if sid not in ranked:
            raise ValidationFailed(
                _("Student %(s)s did not rank this position.") % {"s": sid}, errors={"scores": [sid]}
            )
        try:
            value = Decimal(str(raw_score))
        except InvalidOperation:
            raise ValidationFailed(
                _("Score for student %(s)s is not a number.") % {"s": sid}, errors={"scores": [sid]}
            ) from None
        if not 0 <= value <= 100:
            raise ValidationFailed(_("Score for student %(s)s must be 0-100.") % {"s": sid}, errors={"scores": [sid]})
        RoundScore.objects.update_or_create(round=rnd, position=position, student_id=sid, defaults={"score": value})
        written += 1
    return written


def _enterprise_caps(positions: list[Position]) -> dict[int, int | None]:
    from ..compliance_bridge import ruleset_params

    share = ruleset_params()["max_enterprise_intern_share"]
    enterprises = {p.enterprise_id: p.enterprise for p in positions}
    return {
        ent_id: intern_capacity(
            staff_count=ent.staff_count, share=share, placed=enterprise_intern_count(ent_id) if ent.staff_count else 0
        )
        for ent_id, ent in enterprises.items()
    }


def build_instance(rnd: MatchingRound) -> dict:
    """The engine instance for the round (see the module docstring)."""
    from workbridge.partnerships.models import ProjectParticipant

    from ..compliance_bridge import ruleset_params

    post_share = ruleset_params()["max_post_intern_share"]
    positions = list(rnd.positions.select_related("enterprise"))
    choices = defaultdict(list)
    for c in RoundChoice.objects.filter(round=rnd).order_by("student_id", "rank"):
        choices[c.student_id].append(c.position_id)
    already = set(Placement.objects.live().filter(student_id__in=list(choices)).values_list("student_id", flat=True))
    scores: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for s in RoundScore.objects.filter(round=rnd):
        scores[s.position_id][s.student_id] = s.score
    project_students = defaultdict(set)
    for pid, sid in ProjectParticipant.objects.filter(
        project_id__in=[p.project_id for p in positions if p.project_id], student__isnull=False
    ).values_list("project_id", "student_id"):
        project_students[pid].add(sid)
    live: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])  # position -> [project students, others]
    for pos_id, sid, proj in (
        Placement.objects.live()
        .filter(position__in=positions)
        .values_list("position_id", "student_id", "position__project_id")
    ):
        live[pos_id][0 if sid in project_students.get(proj, ()) else 1] += 1

    # Students the round leaves out, and why (shown to the school instead of dropping them silently): those who hold
    # a placement already, and choices the internship rules forbid for that student (a first-year student, a post
    # for another major category ...), checked like an application.
    from workbridge.academics.models import Student

    from .. import compliance_bridge

    excluded: list[dict] = []
    position_facts = {p.pk: compliance_bridge.position_facts(p) for p in positions}
    students = Student.objects.select_related("major").in_bulk(list(choices))
    students_out = []
    rankers = defaultdict(list)
    for sid, prefs in choices.items():
        if sid in already:
            excluded.append({"student": sid, "reason": "already_placed", "positions": []})
            continue
        allowed, refused = [], []
        for pid in prefs:
            pos = next(p for p in positions if p.pk == pid)
            facts = {**position_facts[pid], **compliance_bridge.student_facts(students[sid], pos, pos.start_date)}
            findings = compliance_bridge.blocking_findings(facts=facts)
            if findings:
                refused.append(
                    {
                        "position": pid,
                        "rules": [f["rule_id"] for f in findings],
                        "messages": {
                            "zh": [f.get("message_zh") for f in findings],
                            "en": [f.get("message_en") for f in findings],
                        },
                    }
                )
            else:
                allowed.append(pid)
        if refused:
            excluded.append(
                {"student": sid, "reason": "rules" if not allowed else "some_choices_refused", "positions": refused}
            )
        if not allowed:
            continue
        keys = []
        for pid in allowed:
            pos = next(p for p in positions if p.pk == pid)
            if pos.reserved_places and sid in project_students.get(pos.project_id, ()):
                keys.append(f"{pid}r")
                rankers[f"{pid}r"].append(sid)
            if not (pos.reserved_places >= pos.places):
                keys.append(str(pid))
                rankers[str(pid)].append(sid)
        students_out.append({"id": sid, "prefs": keys})

    positions_out = []
    for pos in positions:
        taken_project, taken_other = live[pos.pk]
        free_total = pos.places - taken_project - taken_other
        post_free = intern_capacity(
            staff_count=pos.post_staff_count, share=post_share, placed=taken_project + taken_other
        )
        if post_free is not None:
            free_total = min(free_total, post_free)
        free_total = max(free_total, 0)
        reserved_free = max(min(pos.reserved_places - taken_project, free_total), 0) if pos.reserved_places else 0
        open_free = free_total - reserved_free
        for key, cap in ((str(pos.pk), open_free), (f"{pos.pk}r", reserved_free)):
            if key.endswith("r") and not pos.reserved_places:
                continue
            positions_out.append(
                {
                    "id": key,
                    "capacity": cap,
                    "enterprise": pos.enterprise_id,
                    "prefs": _ranking(rankers.get(key, []), scores.get(pos.pk, {})),
                }
            )
    caps = _enterprise_caps(positions) if positions else {}
    return {
        "students": students_out,
        "positions": positions_out,
        "enterprises": [{"id": eid, "capacity": cap} for eid, cap in sorted(caps.items())],
        "excluded": excluded,  # not for the engine: round_compute keeps it with the round's statistics
    }


def _ranking(student_ids: list[int], scores: dict) -> list:
    """Students grouped by score (highest first), unscored last; groups of one are plain ids."""
    by_score = defaultdict(list)
    unscored = []
    for sid in sorted(student_ids):
        if sid in scores:
            by_score[scores[sid]].append(sid)
        else:
            unscored.append(sid)
    groups = [by_score[s] for s in sorted(by_score, reverse=True)]
    if unscored:
        groups.append(unscored)
    return [g[0] if len(g) == 1 else g for g in groups]


@transaction.atomic
def round_compute(
    *, actor: Actor, rnd: MatchingRound, variant: str | None = None, seed: int | None = None
) -> MatchingRound:
    from ..engines.matching import InvalidInstance, deferred_acceptance, max_placement

    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.GROUP_OFFICER])
    rnd = access_object(actor, MatchingRound.objects.select_for_update(), rnd.pk)
    if actor.organization_id not in (rnd.school_id, rnd.group_id) and not actor.is_platform_admin:
        raise PermissionDenied(_("Only the school or group that runs the round computes it."))
    if rnd.status not in (RoundStatus.OPEN, RoundStatus.COMPUTED):
        raise InvalidTransition(_("The round is already %(s)s.") % {"s": rnd.get_status_display()})
    variant = variant or rnd.variant
    if variant not in MatchVariant.values:
        raise ValidationFailed(_("Unknown algorithm %(v)s.") % {"v": variant})
    seed = seed if seed is not None else secrets.randbelow(2**31)
    instance = build_instance(rnd)
    excluded = instance.pop("excluded")
    if not instance["students"]:
        raise ValidationFailed(_("No student has ranked a position yet."))
    try:
        result = (deferred_acceptance if variant == MatchVariant.DA else max_placement)(instance, seed=seed)
    except InvalidInstance as exc:
        raise ValidationFailed(str(exc), errors={"instance": exc.errors}) from None
    out = result.to_dict()
    RoundResult.objects.filter(round=rnd).delete()
    ranks = {(c.student_id, c.position_id): c.rank for c in RoundChoice.objects.filter(round=rnd)}
    rows = []
    for sid, key in out["assignment"].items():
        pid = int(str(key).rstrip("r")) if key is not None else None
        explanation = [dict(item, position=_pk(item.get("position"))) for item in out["explanations"].get(sid, [])]
        rows.append(
            RoundResult(
                round=rnd,
                student_id=sid,
                position_id=pid,
                choice_rank=ranks.get((sid, pid)),
                explanation={"items": explanation, "variant": variant},
            )
        )
    RoundResult.objects.bulk_create(rows)
    rnd.variant, rnd.seed, rnd.lottery = variant, seed, out["lottery"]
    rnd.lottery = {k: v for k, v in out["lottery"].items()}
    if "tickets" in rnd.lottery:
        rnd.lottery["tickets"] = {str(k): v for k, v in rnd.lottery["tickets"].items()}
    rnd.stats = {**out["stats"], "excluded": excluded}
    rnd.status = RoundStatus.COMPUTED
    rnd.computed_at = timezone.now()
    rnd.save()
    audit_record(
        actor=actor,
        action="round.compute",
        target=rnd,
        organization_id=actor.organization_id,
        data={"variant": variant, "seed": seed, "placed": out["stats"].get("placed")},
    )
    return rnd


def _pk(key):
    if key is None:
        return None
    return int(str(key).rstrip("r"))


@transaction.atomic
def round_publish(*, actor: Actor, rnd: MatchingRound) -> MatchingRound:
    from .common import notify_student

    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.GROUP_OFFICER])
    rnd = access_object(actor, MatchingRound.objects.select_for_update(), rnd.pk)
    if rnd.status != RoundStatus.COMPUTED:
        raise InvalidTransition(_("Compute the round before publishing it."))
    rnd.status = RoundStatus.PUBLISHED
    rnd.published_at = timezone.now()
    rnd.save(update_fields=["status", "published_at", "updated_at"])
    for result in rnd.results.select_related("student__user", "position"):
        notify_student(
            result.student,
            _("Matching result published: %(r)s")
            % {"r": result.position.title if result.position else _("no place this round")},
            f"/placements/rounds/{rnd.pk}/",
        )
    audit_record(actor=actor, action="round.publish", target=rnd, organization_id=actor.organization_id)
    return rnd


@transaction.atomic
def round_convert(*, actor: Actor, rnd: MatchingRound) -> list[Placement]:
    """Turn every assignment of a published round into a planned placement, all or nothing."""
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.GROUP_OFFICER])
    rnd = access_object(actor, MatchingRound.objects.select_for_update(), rnd.pk)
    if rnd.status != RoundStatus.PUBLISHED:
        raise InvalidTransition(_("Publish the round before turning it into placements."))
    results = list(rnd.results.filter(position__isnull=False).select_related("student", "position"))
    clash = (
        Placement.objects.live()
        .filter(student_id__in=[r.student_id for r in results])
        .values_list("student__name", flat=True)
    )
    if clash:
        raise Conflict(_("Already placed elsewhere: %(n)s") % {"n": ", ".join(list(clash)[:10])})
    placements = [
        placement_create(
            actor=actor,
            student=r.student,
            position=r.position,
            source=PlacementSource.MATCHING,
            matching_round=rnd,
            _skip_role_check=True,
        )
        for r in results
    ]
    rnd.status = RoundStatus.CONVERTED
    rnd.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="round.convert",
        target=rnd,
        organization_id=actor.organization_id,
        data={"placements": len(placements)},
    )
    return placements


REASONS = {
    "assigned": "Assigned",
    "position_full": "Full with students the enterprise ranked higher",
    "enterprise_full": "The enterprise reached its intern cap with students it ranked higher",
    "not_ranked": "The enterprise did not accept you for this post",
    "no_places": "No places left",
    "list_exhausted": "None of your choices had room for you",
    "no_choices": "You ranked no position",
    "given_to_others_to_place_more": "Given to others so that more students are placed (not stable)",
    "left_free_to_place_more": "Left free so that more students are placed (not stable)",
    "unexplained": "Unexplained",
    "not_placed_here": "Not placed with you",
}


def round_export_xlsx(rnd: MatchingRound, view: dict | None = None) -> bytes:
    """The round as a workbook; `view` is selectors.round_view_for(actor, rnd), which decides the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from workbridge.core.exporting import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = "results"
    headers = [_("Student number"), _("Student"), _("Major"), _("Position"), _("Enterprise"), _("Choice"), _("Why")]
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = view["rows"] if view is not None else []
    for r in rows:
        pos, ent = r["position"], r["enterprise"]
        last = (r["explanation"] or [{}])[-1]
        reason = last.get("reason", "")
        append_row(
            ws,
            [
                r["student"].student_number,
                r["student"].name,
                r["student"].major.name,
                pos.title if pos else "",
                ent.name if ent else "",
                r["choice_rank"] or "",
                str(_(REASONS.get(reason, reason))),
            ],
        )
    if view is None or view["scope"] != "full":
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    info = wb.create_sheet("round")
    append_row(info, [_("Round"), rnd.title])
    append_row(info, [_("Algorithm"), rnd.get_variant_display()])
    append_row(info, [_("Lottery seed"), rnd.seed])
    for key, value in (rnd.stats or {}).items():
        if key != "excluded":  # listed on the round's page, with reasons in words
            append_row(info, [key, str(value)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
