"""Who may do what with positions, applications, rounds and placements: the one place pages, the API and templates
ask. Each predicate is named after the action; ``position_flags``/``placement_flags`` give a template its ``can``
flags so no template compares role names. Services enforce the same rules when they write (and stay the
authority: a flag only decides whether a button is shown).

Visibility (which rows an actor reaches at all) is core.access's; these predicates are asked of rows already
reached."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from workbridge.core.access import Actor
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

from . import models as m

REOPEN_WINDOW_DAYS = 14  # a school may undo an end or a cancellation within two weeks (a mistaken click, a return)


def is_student(actor: Actor) -> bool:
    return actor.role == Role.STUDENT


def is_school_side(actor: Actor) -> bool:
    return actor.role in SCHOOL_ROLES


def is_enterprise_side(actor: Actor) -> bool:
    return actor.role in ENTERPRISE_ROLES


def _own_enterprise(actor: Actor, enterprise_id: int) -> bool:
    return actor.role in ENTERPRISE_ROLES and actor.organization_id == enterprise_id


def is_mentor_side(actor: Actor, placement: m.Placement) -> bool:
    """The placement's mentors and their organisations' admins: the host's admin or the enterprise mentor, the
    school's admin or the school mentor (the platform admin too). They review reports, decide leave and make-up
    check-ins; the enterprise side of them confirms attendance."""
    if actor.is_platform_admin:
        return True
    if actor.role in ENTERPRISE_ROLES and actor.organization_id == placement.enterprise_id:
        return actor.role == Role.ENTERPRISE_ADMIN or placement.enterprise_mentor_id == actor.user_id
    if actor.role in SCHOOL_ROLES and actor.organization_id == placement.school_id:
        return actor.role == Role.SCHOOL_ADMIN or bool(
            placement.school_mentor_id and placement.school_mentor_id == actor.teacher_id
        )
    return False


# --- positions ------------------------------------------------------------------------------------------------


def may_publish_positions(actor: Actor) -> bool:
    return actor.role == Role.ENTERPRISE_ADMIN


def may_edit_position(actor: Actor, position: m.Position) -> bool:
    return actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == position.enterprise_id


def offers_edit(actor: Actor, position: m.Position) -> bool:
    """The edit button: not while the school is reviewing the post (a closed post is not edited either)."""
    return may_edit_position(actor, position) and position.status in (
        m.PositionStatus.DRAFT,
        m.PositionStatus.REJECTED,
        m.PositionStatus.APPROVED,
    )


def may_submit_position(actor: Actor, position: m.Position) -> bool:
    return (
        actor.role == Role.ENTERPRISE_ADMIN
        and actor.organization_id == position.enterprise_id
        and position.status in (m.PositionStatus.DRAFT, m.PositionStatus.REJECTED)
    )


def may_review_position(actor: Actor, position: m.Position) -> bool:
    return actor.role == Role.SCHOOL_ADMIN and position.status == m.PositionStatus.SUBMITTED


def may_show_workplace_code(actor: Actor, position: m.Position) -> bool:
    """The rotating check-in code is shown by the host's staff (a mentor's phone, a screen at the site)."""
    return _own_enterprise(actor, position.enterprise_id)


def sees_rule_findings(actor: Actor) -> bool:
    """Rule findings are for the people who write and review posts, not for applicants."""
    return not is_student(actor)


def may_filter_positions_by_status(actor: Actor) -> bool:
    return not is_student(actor)  # a student only ever sees approved posts


def position_flags(actor: Actor, position: m.Position) -> dict[str, bool]:
    return {
        "edit": offers_edit(actor, position),
        "submit": may_submit_position(actor, position),
        "review": may_review_position(actor, position),
        "apply": is_student(actor),
        "see_findings": sees_rule_findings(actor),
        "see_applications": is_enterprise_side(actor),
    }


# --- applications and rounds -------------------------------------------------------------------------------------


def application_flags(actor: Actor) -> dict[str, bool]:
    return {"advance": is_enterprise_side(actor), "respond": is_student(actor)}


def may_plan_rounds(actor: Actor) -> bool:
    return actor.role in (Role.SCHOOL_ADMIN, Role.GROUP_OFFICER)


ROUND_FULL_ROLES = frozenset(
    {Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN, Role.TEACHER}
)


def sees_whole_round(actor: Actor) -> bool:
    """Every result, full explanations and the lottery; an enterprise or a student sees a slice (selectors.rounds)."""
    return actor.is_platform_admin or actor.role in ROUND_FULL_ROLES


def may_export_round(actor: Actor) -> bool:
    return not is_student(actor)


def may_propose_self_found(actor: Actor) -> bool:
    return is_student(actor)


def may_decide_self_found(actor: Actor) -> bool:
    return actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER)


# --- placements ---------------------------------------------------------------------------------------------------


def may_assign_mentors(actor: Actor) -> bool:
    return actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN)


def mentor_field(actor: Actor) -> str:
    """Which mentor an admin assigns: the school's admin the school mentor, the host's admin the enterprise one."""
    return "school_mentor_id" if is_school_side(actor) else "enterprise_mentor_id"


def may_reopen(actor: Actor, placement: m.Placement) -> bool:
    return (
        actor.role == Role.SCHOOL_ADMIN
        and placement.ended_at is not None
        and timezone.now() - placement.ended_at <= dt.timedelta(days=REOPEN_WINDOW_DAYS)
    )


def sees_oversight_desk(actor: Actor) -> bool:
    """School staff see the posts waiting for review on their desk."""
    return is_school_side(actor)


def may_set_photo_policy(actor: Actor, placement: m.Placement) -> bool:
    """Whether check-ins carry a photo is the school's call: its admin, or the teacher mentoring the student."""
    if actor.organization_id != placement.school_id:
        return False
    return actor.role == Role.SCHOOL_ADMIN or (
        actor.role == Role.TEACHER
        and bool(placement.school_mentor_id)
        and placement.school_mentor_id == actor.teacher_id
    )


def may_see_checkin_photos(actor: Actor, placement: m.Placement) -> bool:
    """A check-in photo shows a person at work: the student, the placement's enterprise mentor, its school mentor
    and the school's admin see it; nobody else (not the host's other staff, not oversight)."""
    if actor.role == Role.STUDENT:
        return actor.student_id == placement.student_id
    if actor.role == Role.ENTERPRISE_MENTOR:
        return actor.organization_id == placement.enterprise_id and placement.enterprise_mentor_id == actor.user_id
    return may_set_photo_policy(actor, placement)


def placement_flags(actor: Actor, placement: m.Placement) -> dict[str, bool]:
    school, enterprise = is_school_side(actor), is_enterprise_side(actor)
    staff = school or enterprise
    return {
        "school": school,
        "enterprise": enterprise,
        "set_mode": staff,
        "show_code": enterprise,
        "confirm_agreement": actor.role != Role.ENTERPRISE_MENTOR,
        "record_insurance": not is_student(actor),
        "evaluate": not is_student(actor),
        "act": not is_student(actor),
        "confirm_week": enterprise,
        "cancel": (staff or actor.is_platform_admin) and actor.role != Role.ENTERPRISE_MENTOR,
        "complete": school
        and placement.status == m.PlacementStatus.ACTIVE
        and timezone.localdate() >= placement.end_date,
        "reopen": may_reopen(actor, placement),
        "assign_school_mentor": actor.role == Role.SCHOOL_ADMIN,
        "assign_enterprise_mentor": actor.role == Role.ENTERPRISE_ADMIN,
        "set_photo_policy": may_set_photo_policy(actor, placement),
        "see_photos": may_see_checkin_photos(actor, placement),
    }


def may_resolve_alert(actor: Actor) -> bool:
    return not is_student(actor)


# --- internship plans --------------------------------------------------------------------------------------------


def may_plan_internships(actor: Actor) -> bool:
    """The school's admin and teachers prepare, open and close its internship plans."""
    return actor.role in (Role.SCHOOL_ADMIN, Role.TEACHER)


def may_manage_plan(actor: Actor, plan: m.InternshipPlan) -> bool:
    return may_plan_internships(actor) and actor.organization_id == plan.school_id


def sees_plan_progress(actor: Actor) -> bool:
    """Progress names every student of the classes: the school's staff and its overseers, not a student."""
    return not is_student(actor)


def may_archive_position(actor: Actor, position: m.Position) -> bool:
    """The host enterprise's admin puts a position away (a school admin may too, for one it reviewed)."""
    if may_edit_position(actor, position):
        return True
    return actor.role == Role.SCHOOL_ADMIN and actor.organization_id == position.reviewed_by_school_id
