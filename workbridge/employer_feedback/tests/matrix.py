"""Matrix registrations for employer feedback: one round with a form, an answer and a review task per side."""

import datetime as dt
from decimal import Decimal

from workbridge.core.matrix import Const, register_route, register_sample
from workbridge.employer_feedback.models import FeedbackForm, FeedbackRound, ReviewTask, RoundCapability


def _round(world, side):
    cache = world.__dict__.setdefault("_feedback_rounds", {})
    if side not in cache:
        cache[side] = FeedbackRound.objects.create(
            school=getattr(world, f"school{side}"),
            term="2025-2026-1" if side == 1 else "2024-2025-2",
            closes_on=dt.date(2026, 12, 31),
        )
    return cache[side]


def _capability(world, side):
    cache = world.__dict__.setdefault("_feedback_caps", {})
    if side not in cache:
        cache[side] = RoundCapability.objects.create(
            round=_round(world, side),
            major=getattr(world, f"major{side}"),
            key="generic:safety",
            label_zh=f"安全规范{'甲' if side == 1 else '乙'}",
            source="generic",
        )
    return cache[side]


def _form(world, side):
    cache = world.__dict__.setdefault("_feedback_forms", {})
    if side not in cache:
        _capability(world, side)
        cache[side] = FeedbackForm.objects.create(
            round=_round(world, side),
            enterprise=getattr(world, f"enterprise{side}"),
            student=getattr(world, f"student{side}"),
            major=getattr(world, f"major{side}"),
            relation="intern",
            comment=f"实习评语{'甲' if side == 1 else '乙'}",
        )
    return cache[side]


def _task(world, side):
    return ReviewTask.objects.create(
        round=_round(world, side),
        major=getattr(world, f"major{side}"),
        capability=_capability(world, side),
        mean=Decimal("2.20"),
        responses=5,
        threshold=Decimal("3.0"),
    )


register_sample(
    "feedback_round", model=FeedbackRound, make=_round, marker=lambda r: f"/employer-feedback/rounds/{r.pk}/"
)
register_sample("feedback_form", model=FeedbackForm, make=_form, marker=lambda f: f.comment)
register_sample("feedback_task", model=ReviewTask, make=_task)
register_route("employer_feedback:round", pk="feedback_round")
register_route("employer_feedback:round-action", pk="feedback_round", action=Const("remind"))
register_route("employer_feedback:form", pk="feedback_form")
register_route("employer_feedback:task-done", pk="feedback_task")
register_route("employer-feedback-round-action", pk="feedback_round", action=Const("remind"))
register_route("employer-feedback-round-figures", pk="feedback_round")
register_route("employer-feedback-form", pk="feedback_form")
register_route("employer-feedback-task-done", pk="feedback_task")
