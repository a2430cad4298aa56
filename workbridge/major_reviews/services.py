"""Writes of the major reviews app: opening a review (by a red warning or by hand), options, the school's decision
and its follow-up (stopping enrolment in the catalogue goes through academics' own audited service)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Major
from workbridge.core.access import Actor, acting_user, as_actor
from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.services import audit_record, full_clean_or_raise

from . import permissions as perms
from . import selectors
from .models import (
    OPEN_STATUSES,
    FollowUpStep,
    MajorReview,
    OpenedBy,
    OptionKind,
    ReviewOption,
    ReviewStatus,
    StepKind,
)

logger = logging.getLogger(__name__)


def _refuse(field: str, message: str):
    raise ValidationFailed(message, errors={field: [message]})


def _notify_school_admins(review: MajorReview) -> None:
    from workbridge.core.roles import Role
    from workbridge.core.services import notification_send
    from workbridge.organizations.models import Membership

    admins = Membership.objects.filter(organization_id=review.school_id, role=Role.SCHOOL_ADMIN).select_related("user")
    for membership in admins:
        notification_send(
            recipient=membership.user,
            kind="major_review.opened",
            title=_("A review of the major %(major)s is open") % {"major": review.major.name},
            body=_("Its early warning is red: weigh the options and record the school's decision."),
            link=f"/major-reviews/{review.pk}/",
        )


def _new_review(*, major: Major, warning, actor: Actor | None, opened_by: str, note: str = "") -> MajorReview:
    review = MajorReview(
        major=major,
        school_id=major.school_id,
        warning=warning,
        warning_year=warning.year if warning else None,
        warning_level=warning.level if warning else "",
        reasons=list(warning.reasons) if warning else [],
        evidence=selectors.gather_evidence(major),
        opened_by=opened_by,
        opened_by_user=acting_user(actor) if actor is not None else None,
        note=(note or "").strip(),
    )
    full_clean_or_raise(review)
    review.save()
    return review


@transaction.atomic
def review_open_for_warning(*, warning) -> MajorReview | None:
    """A red warning opens a review of its major, once: nothing when the major already has an open review or
    when this warning (major and year) already had one."""
    if warning.level != "red":
        return None
    major = Major.objects.select_for_update().get(pk=warning.major_id)
    if MajorReview.objects.filter(major=major, status__in=OPEN_STATUSES).exists():
        return None
    if MajorReview.objects.filter(major=major, warning_year=warning.year).exists():
        return None
    try:
        with transaction.atomic():
            review = _new_review(major=major, warning=warning, actor=None, opened_by=OpenedBy.WARNING)
    except IntegrityError:  # another run opened it at the same moment
        return None
    audit_record(
        actor=None,
        action="major_review.opened",
        target=review,
        organization_id=review.school_id,
        data={"major": major.pk, "year": warning.year, "by": "warning"},
    )
    transaction.on_commit(lambda: _notify_school_admins(review))
    return review


def reviews_open_for_red_warnings(warning_ids: list[int]) -> int:
    """The labour market's red-warning listener: open the reviews the red warnings call for."""
    from workbridge.labour_market.models import MajorWarning

    opened = 0
    for warning in MajorWarning.objects.filter(pk__in=warning_ids, level="red").order_by("pk"):
        try:
            if review_open_for_warning(warning=warning) is not None:
                opened += 1
        except Exception:  # one major's failure must not keep the others' reviews closed
            logger.exception("opening the review for warning %s failed", warning.pk)
    return opened


@transaction.atomic
def review_open(*, actor: Actor, major: Major, note: str = "") -> MajorReview:
    """A staff member opens a review by hand, for a major on a yellow (or red) warning."""
    actor = as_actor(actor)
    if not perms.may_open_review(actor, major):
        raise PermissionDenied(_("The school's admin opens a review of its majors."))
    major = Major.objects.select_for_update().get(pk=major.pk)
    warning = selectors.latest_warning(major)
    if warning is None or warning.level not in ("yellow", "red"):
        _refuse("major", _("Only a major on a yellow or red warning is reviewed."))
    if MajorReview.objects.filter(major=major, status__in=OPEN_STATUSES).exists():
        _refuse("major", _("This major already has an open review."))
    if not (note or "").strip():
        _refuse("note", _("Say why the review is opened."))
    try:
        with transaction.atomic():
            review = _new_review(major=major, warning=warning, actor=actor, opened_by=OpenedBy.STAFF, note=note)
    except IntegrityError:
        _refuse("major", _("This major already has an open review."))
    audit_record(
        actor=actor,
        action="major_review.opened",
        target=review,
        organization_id=review.school_id,
        data={"major": major.pk, "year": warning.year, "by": "staff"},
    )
    return review


@transaction.atomic
def option_propose(
    *,
    actor: Actor,
    review: MajorReview,
    kind: str,
    notes: str = "",
    intake_now: int | None = None,
    intake_proposed: int | None = None,
    merge_into_id: int | None = None,
) -> ReviewOption:
    actor = as_actor(actor)
    if not perms.may_propose_option(actor, review):
        if review.is_open and review.status == ReviewStatus.DECIDED:
            raise InvalidTransition(_("The school has decided; options are no longer proposed."))
        raise PermissionDenied(_("The school's staff propose the options."))
    if kind not in OptionKind.values:
        _refuse("kind", _("Choose the option."))
    merge_into = None
    if kind == OptionKind.MERGE:
        merge_into = selectors.merge_choices(review=review).filter(pk=merge_into_id).first() if merge_into_id else None
        if merge_into is None:
            _refuse("merge_into_id", _("Choose the enrolling major of the school it merges into."))
    if kind == OptionKind.REDUCE:
        if intake_now is None or intake_proposed is None:
            _refuse("intake_proposed", _("Give the intake now and the intake proposed."))
        if intake_proposed >= intake_now:
            _refuse("intake_proposed", _("The proposed intake must be smaller than the intake now."))
    if not (notes or "").strip():
        _refuse("notes", _("Say what the option means for the major."))
    option = ReviewOption(
        review=review,
        kind=kind,
        notes=notes.strip(),
        intake_now=intake_now,
        intake_proposed=intake_proposed,
        merge_into=merge_into,
        proposed_by=acting_user(actor),
    )
    full_clean_or_raise(option)
    option.save()
    if review.status == ReviewStatus.OPEN:
        review.status = ReviewStatus.DISCUSSING
        review.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="major_review.option_proposed",
        target=review,
        organization_id=review.school_id,
        data={"kind": kind},
    )
    return option


def _steps_for(review: MajorReview, option: ReviewOption, decided_on: dt.date) -> list[FollowUpStep]:
    """The follow-up a decision calls for, with due dates from the day of the decision."""
    in_days = lambda days: decided_on + dt.timedelta(days=days)  # noqa: E731
    steps: list[FollowUpStep] = []

    def add(kind, title, due, cohort=None):
        steps.append(FollowUpStep(review=review, kind=kind, title=str(title)[:200], due_on=due, cohort=cohort))

    if option.kind in (OptionKind.PAUSE, OptionKind.MERGE, OptionKind.CLOSE):
        add(StepKind.ENROLMENT_STOPPED, StepKind.ENROLMENT_STOPPED.label, in_days(30))
    if option.kind == OptionKind.REDUCE:
        add(
            StepKind.INTAKE_REDUCED,
            _("Intake reduced in the enrolment plan: from %(now)s to %(new)s")
            % {"now": option.intake_now, "new": option.intake_proposed},
            in_days(60),
        )
    if option.kind in (OptionKind.ADJUST, OptionKind.REDUCE, OptionKind.PAUSE):
        add(StepKind.PROGRAMME_REVISED, StepKind.PROGRAMME_REVISED.label, in_days(180))
    if option.kind == OptionKind.MERGE and option.merge_into is not None:
        add(
            StepKind.MERGED,
            _("Courses and teachers moved to %(major)s") % {"major": option.merge_into.name},
            in_days(180),
        )
    if option.kind in (OptionKind.MERGE, OptionKind.CLOSE):
        for row in selectors.teach_out_cohorts(review.major, today=decided_on):
            add(
                StepKind.TEACH_OUT,
                _("%(cohort)s taught out until graduation in %(year)s (%(n)s students)")
                % {"cohort": row["cohort"].name, "year": row["graduates_in"], "n": row["enrolled"]},
                dt.date(row["graduates_in"], 7, 31),
                cohort=row["cohort"],
            )
    return steps


@transaction.atomic
def review_decide(
    *, actor: Actor, review: MajorReview, option_id: int, reasons: str, decided_on: dt.date | None = None
) -> MajorReview:
    """The school's decision: one of the options proposed, its date and reasons; the follow-up steps it calls for
    are laid out at once (teach-out: one step per enrolled cohort still to graduate)."""
    actor = as_actor(actor)
    review = MajorReview.objects.select_for_update().select_related("major").get(pk=review.pk)
    if not perms.may_decide(actor, review):
        if review.status in (ReviewStatus.DECIDED, ReviewStatus.CLOSED):
            raise InvalidTransition(_("The school has already decided on this review."))
        raise PermissionDenied(_("The school's admin records the decision."))
    option = review.options.select_related("merge_into").filter(pk=option_id).first()
    if option is None:
        _refuse("option_id", _("Choose one of the options proposed."))
    if not (reasons or "").strip():
        _refuse("reasons", _("Give the reasons for the decision."))
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        _refuse("decided_on", _("The decision date cannot be in the future."))
    if decided_on < review.created_at.date():
        _refuse("decided_on", _("The decision cannot come before the review opened."))
    review.decided_option = option
    review.decided_on = decided_on
    review.decision_reasons = reasons.strip()
    review.decided_by = acting_user(actor)
    review.status = ReviewStatus.DECIDED
    full_clean_or_raise(review)
    review.save()
    for step in _steps_for(review, option, decided_on):
        full_clean_or_raise(step)
        step.save()
    audit_record(
        actor=actor,
        action="major_review.decided",
        target=review,
        organization_id=review.school_id,
        data={"option": option.kind, "decided_on": decided_on.isoformat()},
    )
    return review


@transaction.atomic
def step_add(*, actor: Actor, review: MajorReview, title: str, due_on: dt.date) -> FollowUpStep:
    actor = as_actor(actor)
    if not perms.may_follow_up(actor, review):
        raise PermissionDenied(_("The school's admin tracks the follow-up of a decision."))
    step = FollowUpStep(review=review, kind=StepKind.OTHER, title=(title or "").strip(), due_on=due_on)
    full_clean_or_raise(step)
    step.save()
    audit_record(actor=actor, action="major_review.step_added", target=review, organization_id=review.school_id)
    return step


@transaction.atomic
def step_done(*, actor: Actor, step: FollowUpStep, done_on: dt.date | None = None) -> FollowUpStep:
    """A follow-up step done. Stopping enrolment marks the major as not enrolling in the catalogue (through
    academics' own audited service); the last step done closes the review."""
    from workbridge.academics.services import major_update

    actor = as_actor(actor)
    review = MajorReview.objects.select_for_update().select_related("major").get(pk=step.review_id)
    if review.status == ReviewStatus.CLOSED:
        raise InvalidTransition(_("This review is closed: its follow-up is done."))
    if not perms.may_follow_up(actor, review):
        raise PermissionDenied(_("The school's admin tracks the follow-up of a decision."))
    step = FollowUpStep.objects.select_for_update().get(pk=step.pk)
    if step.done_on:
        raise InvalidTransition(_("This step is already done."))
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        _refuse("done_on", _("A step cannot be done in the future."))
    if step.kind == StepKind.ENROLMENT_STOPPED and review.major.is_active:
        major_update(actor=actor, major=review.major, is_active=False)
    step.done_on = done_on
    step.done_by = acting_user(actor)
    step.save(update_fields=["done_on", "done_by", "updated_at"])
    audit_record(
        actor=actor,
        action="major_review.step_done",
        target=review,
        organization_id=review.school_id,
        data={"step": step.kind},
    )
    if not review.steps.filter(done_on__isnull=True).exists():
        review.status = ReviewStatus.CLOSED
        review.closed_on = done_on
        review.save(update_fields=["status", "closed_on", "updated_at"])
        audit_record(actor=actor, action="major_review.closed", target=review, organization_id=review.school_id)
    return step
