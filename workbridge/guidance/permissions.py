"""Who may do what in guidance (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import Role

STAFF = (Role.SCHOOL_ADMIN, Role.TEACHER)


@permission("guidance.run_sessions")
def may_run_sessions(actor: Actor) -> bool:
    """The school's admin and teachers plan sessions and take attendance."""
    return actor.role in STAFF


def may_manage_session(actor: Actor, session) -> bool:
    return may_run_sessions(actor) and actor.organization_id == session.school_id


@permission("guidance.ask_for_counselling")
def may_ask_for_counselling(actor: Actor) -> bool:
    return actor.role == Role.STUDENT and actor.student_id is not None


def may_counsel(actor: Actor, request) -> bool:
    """A teacher of the student's school takes a request (once taken, only its counsellor); the school admin assigns."""
    if actor.role == Role.SCHOOL_ADMIN:
        return actor.organization_id == request.school_id
    if actor.role != Role.TEACHER or actor.organization_id != request.school_id:
        return False
    return request.counsellor_id in (None, actor.teacher_id)


def reads_counselling_note(actor: Actor, request) -> bool:
    """What was said stays between the counsellor and the student."""
    if actor.role == Role.STUDENT:
        return actor.student_id == request.student_id
    return actor.role == Role.TEACHER and actor.teacher_id is not None and actor.teacher_id == request.counsellor_id


@permission("guidance.check_in_wellbeing")
def may_check_in_wellbeing(actor: Actor) -> bool:
    return actor.role == Role.STUDENT and actor.student_id is not None


def may_acknowledge_wellbeing(actor: Actor, check) -> bool:
    """The student's school mentor (or, without one, the school's staff) marks a flagged check as seen."""
    if actor.role not in STAFF or actor.organization_id != check.school_id:
        return False
    mentor_id = check.placement.school_mentor_id if check.placement_id else None
    return actor.role == Role.SCHOOL_ADMIN or mentor_id in (None, actor.teacher_id)
