"""Matrix registrations for major_reviews: one review (with an option and a follow-up step) per side."""

from django.db.models import Q

from workbridge.core.matrix import Const, register_private_rows, register_route, register_sample
from workbridge.core.roles import Role
from workbridge.major_reviews.models import FollowUpStep, MajorReview, ReviewOption


def _review(world, side):
    cache = world.__dict__.setdefault("_major_reviews", {})
    if side not in cache:
        review = MajorReview.objects.create(
            major=getattr(world, f"major{side}"),
            school=getattr(world, f"school{side}"),
            warning_year=2025,
            warning_level="red",
            note=f"专业评估{'甲' if side == 1 else '乙'}",
            status="decided",
        )
        option = ReviewOption.objects.create(review=review, kind="pause", notes=f"暂停招生{side}")
        review.decided_option = option
        review.save(update_fields=["decided_option"])
        cache[side] = review
    return cache[side]


def _step(world, side):
    import datetime as dt

    return FollowUpStep.objects.create(
        review=_review(world, side), kind="other", title=f"修订方案{side}", due_on=dt.date(2027, 1, 1)
    )


register_sample("major_review", model=MajorReview, make=_review, marker=lambda r: r.note)
register_sample("major_review_step", model=FollowUpStep, make=_step, marker=lambda s: s.title)
register_private_rows(MajorReview, lambda w: Q(school_id=w.school2.pk))
register_private_rows(ReviewOption, lambda w: Q(review__school_id=w.school2.pk))
register_private_rows(FollowUpStep, lambda w: Q(review__school_id=w.school2.pk))
register_route("major_reviews:home", write_roles=(Role.SCHOOL_ADMIN,))
register_route("major_reviews:review", pk="major_review")
register_route("major_reviews:review-action", pk="major_review", action=Const("step"))
register_route("major_reviews:step-done", pk="major_review_step")
register_route("major-reviews", write_roles=(Role.SCHOOL_ADMIN,))
register_route("major-review", pk="major_review")
register_route("major-review-action", pk="major_review", action=Const("step"))
register_route("major-review-step-done", pk="major_review_step")
