"""Who may do what with a major's review (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import Role

from .models import OPEN_STATUSES, ReviewStatus


@permission("major_reviews.see")
def may_see_reviews(actor: Actor) -> bool:
    """The school's staff (admin and teachers) and the education authority read reviews; enterprises and students
    do not."""
    return actor.is_platform_admin or actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER, Role.AUTHORITY_OFFICER)


@permission("major_reviews.regional")
def may_see_region(actor: Actor) -> bool:
    """The education authority reads every open review in its region (read only)."""
    return actor.is_platform_admin or actor.role == Role.AUTHORITY_OFFICER


def _school_admin_of(actor: Actor, school_id) -> bool:
    return actor.role == Role.SCHOOL_ADMIN and actor.organization_id == school_id


def _school_staff_of(actor: Actor, school_id) -> bool:
    return actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER) and actor.organization_id == school_id


@permission("major_reviews.open")
def may_open_reviews(actor: Actor) -> bool:
    """The school's admin opens a review by hand (a yellow major; a red one opens by itself)."""
    return actor.role == Role.SCHOOL_ADMIN


def may_open_review(actor: Actor, major) -> bool:
    return may_open_reviews(actor) and _school_admin_of(actor, major.school_id)


def may_propose_option(actor: Actor, review) -> bool:
    """The school's admin and its teachers (the major's leader among them) put options on the table until the
    school decides."""
    return _school_staff_of(actor, review.school_id) and review.status in (ReviewStatus.OPEN, ReviewStatus.DISCUSSING)


def may_decide(actor: Actor, review) -> bool:
    """The school's admin records the school's decision."""
    return _school_admin_of(actor, review.school_id) and review.status in (ReviewStatus.OPEN, ReviewStatus.DISCUSSING)


def may_follow_up(actor: Actor, review) -> bool:
    """The school's admin tracks the follow-up of a decision (steps done, steps added)."""
    return _school_admin_of(actor, review.school_id) and review.status == ReviewStatus.DECIDED


def is_open(review) -> bool:
    return review.status in OPEN_STATUSES
