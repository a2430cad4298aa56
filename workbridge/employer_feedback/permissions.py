"""Who may do what with employer feedback (named predicates, see core.permissions).

Students never see the ratings given to them: the ratings are the employer's candid judgement of the teaching, read
per major and capability to review the programme, not a grade of the student (the placement's grade is that); a
student who could read them would make employers rate kindly, and the figures would stop telling the school where
its teaching falls short. Enterprise staff see and change only their own answers; the school's staff see its
rounds; the authority reads the aggregates of its region's schools."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

from .models import FormStatus, RoundStatus


@permission("employer_feedback.run_rounds")
def may_run_rounds(actor: Actor) -> bool:
    """The school's admin opens and closes rounds, sets the threshold and the majors' leaders."""
    return actor.role == Role.SCHOOL_ADMIN and bool(actor.organization_id)


def may_manage_round(actor: Actor, feedback_round) -> bool:
    return may_run_rounds(actor) and actor.organization_id == feedback_round.school_id


def may_close_round(actor: Actor, feedback_round) -> bool:
    return may_manage_round(actor, feedback_round) and feedback_round.status == RoundStatus.OPEN


def reads_answers(actor: Actor) -> bool:
    """Who reads individual answers: the school's staff (their school's) and enterprise staff (their own)."""
    return actor.is_platform_admin or actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES


@permission("employer_feedback.read_figures")
def may_read_figures(actor: Actor) -> bool:
    """The rolled-up figures: the school's staff, the authority and groups over their schools, the platform."""
    return actor.is_platform_admin or actor.role in (*SCHOOL_ROLES, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER)


def is_answering_side(actor: Actor) -> bool:
    return actor.role in ENTERPRISE_ROLES


def may_answer(actor: Actor, form) -> bool:
    """The enterprise's staff answer (and change their answer) while the round is open."""
    return (
        actor.role in ENTERPRISE_ROLES
        and actor.organization_id == form.enterprise_id
        and form.round.status == RoundStatus.OPEN
    )


def may_finish_task(actor: Actor, task) -> bool:
    """The major's leader it was given to, or the school's admin, records what the review decided."""
    if task.status != "open":
        return False
    if actor.user is not None and task.assignee_id and task.assignee_id == getattr(actor.user, "pk", None):
        return True
    return actor.role == Role.SCHOOL_ADMIN and actor.organization_id == task.round.school_id


def answered(form) -> bool:
    return form.status == FormStatus.SUBMITTED
