"""Writes of employer feedback: rounds, answers, review tasks, the threshold and the majors' leaders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import NoReturn

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Major, Student, Teacher
from workbridge.core.access import Actor, acting_user, as_actor
from workbridge.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, full_clean_or_raise, notification_send
from workbridge.evaluation.engines.terms import Term, parse_term

from . import permissions as perms
from . import rules, selectors
from .engines import rollup
from .models import (
    CapabilityRating,
    FeedbackForm,
    FeedbackRound,
    FormStatus,
    MajorLeader,
    Relation,
    ReviewTask,
    RoundCapability,
    RoundStatus,
    TaskStatus,
    ThresholdSetting,
)


def _refuse(field: str, message: str) -> NoReturn:
    raise ValidationFailed(message, errors={field: [message]})


def _graduation_year(term: Term) -> int:
    """Graduates who started work in the term: last summer's in the autumn term, this summer's in the spring."""
    return term.start_year if term.number == 1 else term.start_year + 1


def _hosts_and_employers(school_id: int, term: Term) -> dict[tuple[int, int], str]:
    """(enterprise, student) -> relation: interns hosted in the term, then graduates hired that term."""
    from workbridge.labour_market.models import Destination, GraduateDestination
    from workbridge.placements.models import Placement

    pairs: dict[tuple[int, int], str] = {}
    hosted = Placement.objects.filter(
        school_id=school_id,
        status__in=("active", "completed"),
        start_date__lte=term.end,
        end_date__gte=term.start,
    ).values_list("enterprise_id", "student_id")
    for pair in hosted:
        pairs.setdefault(pair, Relation.INTERN)
    hired = GraduateDestination.objects.filter(
        school_id=school_id,
        graduation_year=_graduation_year(term),
        destination=Destination.EMPLOYED,
        employer__isnull=False,
        student__isnull=False,
    ).values_list("employer_id", "student_id")
    for pair in hired:
        pairs.setdefault(pair, Relation.GRADUATE)
    return pairs


def _notify_enterprises(enterprise_ids: list[int], title: str, link: str) -> None:
    from workbridge.organizations.models import Membership

    for m in Membership.objects.filter(
        organization_id__in=enterprise_ids, role=Role.ENTERPRISE_ADMIN, is_active=True
    ).select_related("user"):
        notification_send(recipient=m.user, kind="employer_feedback.form", title=title, link=link)


@transaction.atomic
def round_open(*, actor: Actor, term: str, closes_on: dt.date) -> FeedbackRound:
    """Open the school's round for a term: one form per enterprise and the student it hosted or the graduate it
    hired in the term, asking the capabilities of the student's major (frozen now with the courses teaching them)."""
    actor = as_actor(actor)
    if not perms.may_run_rounds(actor):
        raise PermissionDenied(_("The school's admin opens a feedback round."))
    try:
        parsed = parse_term(term)
    except ValueError:
        _refuse("term", _("Write the term like 2025-2026-1 (1: autumn, 2: spring)."))
    if closes_on < timezone.localdate():
        _refuse("closes_on", _("The answers cannot be due in the past."))
    school_id = actor.organization_id
    if FeedbackRound.objects.filter(school_id=school_id, term=parsed.code).exists():
        _refuse("term", _("This term already has a feedback round."))
    pairs = _hosts_and_employers(school_id, parsed)
    if not pairs:
        _refuse("term", _("No enterprise hosted the school's interns or hired its graduates in this term."))
    feedback_round = FeedbackRound(
        school_id=school_id, term=parsed.code, closes_on=closes_on, opened_by=acting_user(actor)
    )
    full_clean_or_raise(feedback_round)
    feedback_round.save()
    students = {s.pk: s for s in Student.objects.filter(pk__in={s for _e, s in pairs}).select_related("major")}
    capabilities = []
    for major in {s.major for s in students.values()}:
        for position, cap in enumerate(selectors.major_capabilities(major)):
            capabilities.append(RoundCapability(round=feedback_round, major=major, position=position, **cap))
    RoundCapability.objects.bulk_create(capabilities)
    FeedbackForm.objects.bulk_create(
        [
            FeedbackForm(
                round=feedback_round,
                enterprise_id=enterprise_id,
                student_id=student_id,
                major_id=students[student_id].major_id,
                relation=relation,
            )
            for (enterprise_id, student_id), relation in sorted(pairs.items())
        ]
    )
    audit_record(
        actor=actor,
        action="employer_feedback.round_opened",
        target=feedback_round,
        organization_id=school_id,
        data={"term": parsed.code, "forms": len(pairs)},
    )
    enterprises = sorted({e for e, _s in pairs})
    link = reverse("employer_feedback:home")
    title = _("%(school)s asks for your feedback on its interns and graduates (term %(term)s)") % {
        "school": feedback_round.school.name,
        "term": parsed.code,
    }
    transaction.on_commit(partial(_notify_enterprises, enterprises, title, link))
    return feedback_round


@transaction.atomic
def form_submit(
    *, actor: Actor, form: FeedbackForm, ratings: dict[int, int], overall: int, comment: str = ""
) -> FeedbackForm:
    """The enterprise rates each capability of the student's major 1-5, the overall satisfaction and comments;
    it may change its answer while the round is open."""
    actor = as_actor(actor)
    form = FeedbackForm.objects.select_for_update().select_related("round").get(pk=form.pk)
    if not perms.may_answer(actor, form):
        if form.round.status != RoundStatus.OPEN:
            raise Conflict(_("The round is closed; answers can no longer change."))
        raise PermissionDenied(_("Only the enterprise asked answers this form."))
    asked = {c.pk: c for c in RoundCapability.objects.filter(round_id=form.round_id, major_id=form.major_id)}
    errors: dict[str, list[str]] = {}
    clean: dict[int, int] = {}
    for key, value in (ratings or {}).items():
        try:
            cap_id, score = int(key), int(value)
        except (TypeError, ValueError):
            errors.setdefault("ratings", []).append(_("A rating is a whole number from 1 to 5."))
            continue
        if cap_id not in asked:
            errors.setdefault("ratings", []).append(_("This capability is not asked on this form."))
        elif score not in rollup.SCALE:
            errors[f"capability_{cap_id}"] = [_("Choose 1 to 5.")]
        else:
            clean[cap_id] = score
    for cap_id in asked:
        if cap_id not in clean and f"capability_{cap_id}" not in errors:
            errors[f"capability_{cap_id}"] = [_("Rate this capability.")]
    try:
        overall_value = int(overall)
    except (TypeError, ValueError):
        overall_value = 0
    if overall_value not in rollup.SCALE:
        errors["overall"] = [_("Choose the overall satisfaction, 1 to 5.")]
    if errors:
        raise ValidationFailed(_("Rate every capability and the overall satisfaction, 1 to 5."), errors=errors)
    form.overall = overall_value
    form.comment = (comment or "").strip()
    form.status = FormStatus.SUBMITTED
    form.submitted_by = acting_user(actor)
    form.submitted_at = timezone.now()
    full_clean_or_raise(form)
    form.save()
    form.ratings.all().delete()
    CapabilityRating.objects.bulk_create(
        [CapabilityRating(form=form, capability_id=cap_id, score=score) for cap_id, score in clean.items()]
    )
    audit_record(actor=actor, action="employer_feedback.form_answered", target=form, organization_id=form.enterprise_id)
    return form


def _assignee(major: Major):
    """The major's leader's account, else the school's first admin."""
    from workbridge.organizations.models import Membership

    leader = MajorLeader.objects.filter(major=major).select_related("teacher__user").first()
    if leader is not None and leader.teacher.user_id:
        return leader.teacher.user
    m = (
        Membership.objects.filter(organization_id=major.school_id, role=Role.SCHOOL_ADMIN, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return m.user if m else None


def review_tasks_raise(*, actor: Actor, feedback_round: FeedbackRound) -> list[ReviewTask]:
    """A review task for each capability rated below the threshold with enough ratings, once per major,
    capability and term; the assignee gets a notification."""
    actor = as_actor(actor)
    limits = rules.thresholds_for(feedback_round.school_id)
    ratings = selectors.ratings_of_rounds([feedback_round.pk])
    counted: dict[int, rollup.Figure] = rollup.by_key(
        ((int(cap), int(score)) for _m, cap, score in ratings), min_responses=1
    )
    below = rollup.below_threshold(counted, mean_below=limits.mean_below, min_responses=limits.review_min_responses)
    made = []
    for cap in RoundCapability.objects.filter(pk__in=below).select_related("major"):
        if ReviewTask.objects.filter(round=feedback_round, major=cap.major, capability=cap).exists():
            continue
        fig = counted[cap.pk]
        task = ReviewTask.objects.create(
            round=feedback_round,
            major=cap.major,
            capability=cap,
            mean=Decimal(str(round(fig.mean or 0, 2))),
            responses=fig.count,
            threshold=Decimal(str(limits.mean_below)),
            assignee=_assignee(cap.major),
        )
        made.append(task)
        audit_record(
            actor=actor,
            action="employer_feedback.review_raised",
            target=task,
            organization_id=feedback_round.school_id,
            data={"mean": float(task.mean), "responses": task.responses},
        )
        if task.assignee is not None:
            recipient = task.assignee
            title = _("Employers rated “%(capability)s” of %(major)s below %(threshold)s: review the teaching") % {
                "capability": cap.label_zh,
                "major": cap.major.name,
                "threshold": task.threshold,
            }
            link = reverse("employer_feedback:round", args=[feedback_round.pk]) + "#tasks"
            transaction.on_commit(
                partial(notification_send, recipient=recipient, kind="employer_feedback.review", title=title, link=link)
            )
    return made


@transaction.atomic
def round_close(*, actor: Actor, feedback_round: FeedbackRound) -> FeedbackRound:
    actor = as_actor(actor)
    feedback_round = FeedbackRound.objects.select_for_update().get(pk=feedback_round.pk)
    if not perms.may_manage_round(actor, feedback_round):
        raise PermissionDenied(_("The school's admin closes its rounds."))
    if feedback_round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is already closed."))
    feedback_round.status = RoundStatus.CLOSED
    feedback_round.closed_at = timezone.now()
    feedback_round.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="employer_feedback.round_closed",
        target=feedback_round,
        organization_id=feedback_round.school_id,
    )
    review_tasks_raise(actor=actor, feedback_round=feedback_round)
    return feedback_round


@transaction.atomic
def round_remind(*, actor: Actor, feedback_round: FeedbackRound) -> int:
    """Remind the enterprises that have not answered yet; returns how many were reminded."""
    actor = as_actor(actor)
    if not perms.may_close_round(actor, feedback_round):
        raise PermissionDenied(_("The school's admin reminds the enterprises of an open round."))
    enterprises = sorted(
        set(
            FeedbackForm.objects.filter(round=feedback_round, status=FormStatus.WAITING).values_list(
                "enterprise_id", flat=True
            )
        )
    )
    title = _("Reminder: %(school)s is waiting for your feedback (due %(due)s)") % {
        "school": feedback_round.school.name,
        "due": feedback_round.closes_on.isoformat(),
    }
    link = reverse("employer_feedback:home")
    transaction.on_commit(partial(_notify_enterprises, enterprises, title, link))
    audit_record(
        actor=actor,
        action="employer_feedback.reminded",
        target=feedback_round,
        organization_id=feedback_round.school_id,
        data={"enterprises": len(enterprises)},
    )
    return len(enterprises)


@transaction.atomic
def task_finish(*, actor: Actor, task: ReviewTask, outcome: str) -> ReviewTask:
    actor = as_actor(actor)
    if not perms.may_finish_task(actor, task):
        raise PermissionDenied(_("The major's leader or the school's admin records the review."))
    if not (outcome or "").strip():
        _refuse("outcome", _("Say what the review decided (for example: add practice hours to a course)."))
    task.outcome = outcome.strip()
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    full_clean_or_raise(task)
    task.save()
    audit_record(actor=actor, action="employer_feedback.review_done", target=task, organization_id=task.round.school_id)
    return task


@transaction.atomic
def threshold_set(*, actor: Actor, mean_below: Decimal, min_responses: int, reason: str) -> ThresholdSetting:
    """The school's own review threshold, with the reason it differs from the data file's."""
    actor = as_actor(actor)
    if not perms.may_run_rounds(actor):
        raise PermissionDenied(_("The school's admin sets the review threshold."))
    setting = ThresholdSetting.objects.filter(school_id=actor.organization_id).first() or ThresholdSetting(
        school_id=actor.organization_id
    )
    before = (str(setting.mean_below), setting.min_responses) if setting.pk else None
    setting.mean_below = mean_below
    setting.min_responses = min_responses
    setting.reason = (reason or "").strip()
    setting.updated_by = acting_user(actor)
    full_clean_or_raise(setting)
    setting.save()
    audit_record(
        actor=actor,
        action="employer_feedback.threshold_set",
        target=setting,
        organization_id=actor.organization_id,
        data={"before": before, "mean_below": str(mean_below), "min_responses": min_responses},
    )
    return setting


@transaction.atomic
def leader_set(*, actor: Actor, major_id: int, teacher_id: int) -> MajorLeader:
    """The teacher leading a major (专业带头人), who gets its review tasks."""
    actor = as_actor(actor)
    if not perms.may_run_rounds(actor):
        raise PermissionDenied(_("The school's admin names the majors' leaders."))
    major = Major.objects.filter(pk=major_id, school_id=actor.organization_id).first()
    if major is None:
        _refuse("major_id", _("Choose a major of the school."))
    teacher = Teacher.objects.filter(pk=teacher_id, school_id=actor.organization_id).first()
    if teacher is None:
        _refuse("teacher_id", _("Choose a teacher of the school."))
    leader, _created = MajorLeader.objects.update_or_create(major=major, defaults={"teacher": teacher})
    audit_record(actor=actor, action="employer_feedback.leader_set", target=leader, organization_id=major.school_id)
    return leader
