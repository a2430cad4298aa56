"""Reads of employer feedback, scoped by the actor; the roll-up figures come from engines/rollup.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from workbridge.academics.models import Major
from workbridge.core.access import Actor, access_object, as_actor, visible

from . import permissions as perms
from . import rules
from .engines import rollup
from .models import (
    CapabilityRating,
    FeedbackForm,
    FeedbackRound,
    FormStatus,
    MajorLeader,
    ReviewTask,
    RoundCapability,
    RoundStatus,
    TaskStatus,
)

MAX_CAPABILITIES = 8


def round_list(*, actor: Actor) -> QuerySet[FeedbackRound]:
    actor = as_actor(actor)
    qs = FeedbackRound.objects.select_related("school")
    if perms.is_answering_side(actor):
        return visible(actor, qs)
    return visible(actor, qs).annotate(
        form_count=Count("forms", distinct=True),
        answered=Count("forms", filter=Q(forms__status=FormStatus.SUBMITTED), distinct=True),
    )


def round_get(*, actor: Actor, pk) -> FeedbackRound:
    return access_object(as_actor(actor), FeedbackRound.objects.select_related("school"), pk)


def form_list(*, actor: Actor, feedback_round: FeedbackRound | None = None) -> QuerySet[FeedbackForm]:
    """Individual answers: the school's staff read their school's, enterprise staff their own; nobody else."""
    actor = as_actor(actor)
    qs = FeedbackForm.objects.select_related("round", "enterprise", "student", "major")
    if not perms.reads_answers(actor):
        return qs.none()
    if feedback_round is not None:
        qs = qs.filter(round=feedback_round)
    return visible(actor, qs)


def form_get(*, actor: Actor, pk) -> FeedbackForm:
    return access_object(as_actor(actor), form_list(actor=actor), pk)


def form_questions(form: FeedbackForm) -> list[dict]:
    """The capabilities the form asks, each with the rating given (None when not yet rated)."""
    given = dict(form.ratings.values_list("capability_id", "score"))
    lang = get_language() or "zh-hans"
    return [
        {"capability": c, "label": c.label(lang), "score": given.get(c.pk)}
        for c in RoundCapability.objects.filter(round_id=form.round_id, major_id=form.major_id)
    ]


def waiting_forms(*, actor: Actor) -> QuerySet[FeedbackForm]:
    """Forms this enterprise's staff still have to answer in open rounds."""
    actor = as_actor(actor)
    if not perms.is_answering_side(actor):
        return FeedbackForm.objects.none()
    return form_list(actor=actor).filter(status=FormStatus.WAITING, round__status=RoundStatus.OPEN)


def task_list(*, actor: Actor) -> QuerySet[ReviewTask]:
    actor = as_actor(actor)
    if not perms.reads_answers(actor) or perms.is_answering_side(actor):
        return ReviewTask.objects.none()
    return visible(actor, ReviewTask.objects.select_related("round", "major", "capability", "assignee"))


def task_get(*, actor: Actor, pk) -> ReviewTask:
    return access_object(as_actor(actor), task_list(actor=actor), pk)


def my_open_tasks(*, actor: Actor) -> QuerySet[ReviewTask]:
    actor = as_actor(actor)
    user_id = getattr(actor.user, "pk", None)
    qs = task_list(actor=actor).filter(status=TaskStatus.OPEN)
    if perms.may_run_rounds(actor):
        return qs
    return qs.filter(assignee_id=user_id) if user_id else qs.none()


def leader_list(*, actor: Actor) -> QuerySet[MajorLeader]:
    return visible(as_actor(actor), MajorLeader.objects.select_related("major", "teacher"))


def major_choices(*, actor: Actor) -> QuerySet[Major]:
    return visible(as_actor(actor), Major.objects.filter(is_active=True))


def teacher_choices(*, actor: Actor):
    from workbridge.academics.models import Teacher

    return visible(as_actor(actor), Teacher.objects.all())


# --- the capabilities of a major ------------------------------------------------------------------------------
def major_capabilities(major: Major) -> list[dict]:
    """The capabilities employers rate for a major: the most demanded skills of its post -> capability -> course
    matrix with the courses teaching each, or, with no matrix yet, the generic capabilities of the data file."""
    from workbridge.labour_market.selectors import major_matrix

    matrix = major_matrix(major)
    rows = list(matrix.result.top[:MAX_CAPABILITIES])
    if rows:
        out = []
        for row in rows:
            skill = matrix.skills.get(row.skill)
            out.append(
                {
                    "key": row.skill,
                    "label_zh": skill.label("zh") if skill else row.skill,
                    "label_en": skill.label("en") if skill else "",
                    "source": "matrix",
                    "courses": [{"code": c, "name": matrix.course_label(c)} for c in row.courses],
                }
            )
        return out
    return [
        {"key": c["key"], "label_zh": c["zh"], "label_en": c["en"], "source": "generic", "courses": []}
        for c in rules.generic_capabilities()
    ]


# --- roll-up --------------------------------------------------------------------------------------------------
@dataclass
class CapabilityLine:
    capability: RoundCapability
    label: str
    figure: rollup.Figure
    below: bool = False


@dataclass
class MajorRollup:
    major: Major
    lines: list[CapabilityLine] = field(default_factory=list)
    courses: list[tuple[str, rollup.Figure]] = field(default_factory=list)
    satisfaction: rollup.Figure | None = None
    generic: bool = False


def ratings_of_rounds(round_ids, major_ids=None):
    qs = CapabilityRating.objects.filter(form__round_id__in=round_ids, form__status=FormStatus.SUBMITTED)
    if major_ids is not None:
        qs = qs.filter(form__major_id__in=major_ids)
    return qs.values_list("form__major_id", "capability_id", "score")


def rollup_for_rounds(round_ids: list[int], *, school_id: int | None, major_ids=None) -> list[MajorRollup]:
    """Figures per major and capability, per course (through the matrix frozen in the round) and the overall
    satisfaction, for the given rounds (the caller has checked the actor reaches them)."""
    limits = rules.thresholds_for(school_id)
    show = {"min_responses": limits.display_min_responses, "satisfied_at": limits.satisfied_at}
    caps_qs = RoundCapability.objects.filter(round_id__in=round_ids).select_related("major")
    if major_ids is not None:
        caps_qs = caps_qs.filter(major_id__in=major_ids)
    caps = list(caps_qs)
    ratings = list(ratings_of_rounds(round_ids, major_ids))
    per_cap = rollup.by_key(((cap, score) for _m, cap, score in ratings), **show)
    counted = rollup.by_key(((cap, score) for _m, cap, score in ratings), min_responses=1)
    below = set(
        rollup.below_threshold(counted, mean_below=limits.mean_below, min_responses=limits.review_min_responses)
    )
    courses_of = {(c.major_id, c.pk): [x.get("name") or x.get("code") for x in c.courses] for c in caps}
    per_course = rollup.by_course(((m, cap, s) for m, cap, s in ratings), courses_of, **show)
    overall = FeedbackForm.objects.filter(round_id__in=round_ids, status=FormStatus.SUBMITTED)
    if major_ids is not None:
        overall = overall.filter(major_id__in=major_ids)
    satisfaction = rollup.by_key(overall.values_list("major_id", "overall"), **show)
    lang = get_language() or "zh-hans"
    majors: dict[int, MajorRollup] = {}
    for cap in caps:
        entry = majors.setdefault(cap.major_id, MajorRollup(major=cap.major, generic=cap.source == "generic"))
        entry.lines.append(
            CapabilityLine(
                capability=cap,
                label=cap.label(lang),
                figure=per_cap.get(cap.pk, rollup.Figure(0, None, None)),
                below=cap.pk in below,
            )
        )
    for entry in majors.values():
        entry.satisfaction = satisfaction.get(entry.major.pk, rollup.Figure(0, None, None))
        names = []
        for line in entry.lines:
            names += [n for n in courses_of.get((entry.major.pk, line.capability.pk), []) if n not in names]
        entry.courses = [(n, per_course[n]) for n in names if n in per_course]
    return sorted(majors.values(), key=lambda m: m.major.code)


def round_rollup(*, actor: Actor, feedback_round: FeedbackRound) -> list[MajorRollup]:
    actor = as_actor(actor)
    if not perms.may_read_figures(actor):
        return []
    reached = round_get(actor=actor, pk=feedback_round.pk)
    return rollup_for_rounds([reached.pk], school_id=reached.school_id)


def major_feedback(*, actor: Actor, major: Major) -> dict | None:
    """The latest closed round's figures for one major, for its curriculum page (a second source beside the
    gaps); None when the actor does not read figures or no round asked about the major."""
    actor = as_actor(actor)
    if not perms.may_read_figures(actor):
        return None
    rounds = visible(actor, FeedbackRound.objects.filter(status=RoundStatus.CLOSED, school_id=major.school_id))
    latest = rounds.filter(capabilities__major=major).order_by("-term").first()
    if latest is None:
        return None
    found = rollup_for_rounds([latest.pk], school_id=latest.school_id, major_ids=[major.pk])
    if not found:
        return None
    limits = rules.thresholds_for(latest.school_id)
    return {"round": latest, "rollup": found[0], "limits": limits}


def region_rollup(*, actor: Actor) -> list[dict]:
    """Per school and major: answers and the overall satisfaction of the closed rounds the actor reaches."""
    actor = as_actor(actor)
    if not perms.may_read_figures(actor):
        return []
    limits = rules.defaults()
    rounds = visible(actor, FeedbackRound.objects.filter(status=RoundStatus.CLOSED))
    rows = (
        FeedbackForm.objects.filter(round__in=rounds.values("pk"), status=FormStatus.SUBMITTED)
        .values_list("round__school__name", "major__name", "overall")
        .order_by()
    )
    fig: dict[tuple[str, str], rollup.Figure] = rollup.by_key(
        (((str(school), str(major)), int(overall)) for school, major, overall in rows),
        min_responses=limits.display_min_responses,
        satisfied_at=limits.satisfied_at,
    )
    return [{"school": k[0], "major": k[1], "figure": f} for k, f in sorted(fig.items())]


# --- the annual report ----------------------------------------------------------------------------------------
def satisfaction_by_major(*, school_ids: set[int] | None, year: int) -> list[dict]:
    """Employer satisfaction by school and major for the answers given in a calendar year (the annual report):
    answers, share satisfied (None below the display minimum) and mean overall rating. ``school_ids`` None: all."""
    limits = rules.defaults()
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    qs = FeedbackForm.objects.filter(
        status=FormStatus.SUBMITTED, submitted_at__gte=start, submitted_at__lt=end, overall__isnull=False
    )
    if school_ids is not None:
        qs = qs.filter(round__school_id__in=school_ids)
    rows = qs.values_list("round__school__name", "major__name", "overall").order_by()
    fig: dict[tuple[str, str], rollup.Figure] = rollup.by_key(
        (((str(school), str(major)), int(overall)) for school, major, overall in rows),
        min_responses=limits.display_min_responses,
        satisfied_at=limits.satisfied_at,
    )
    return [
        {"school": k[0], "major": k[1], "answers": f.count, "satisfied": f.share_satisfied, "mean": f.mean}
        for k, f in sorted(fig.items())
    ]
