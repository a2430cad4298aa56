"""Writes of the innovation app: bases, ventures, their teams, milestones, awards and companies."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Student, Teacher
from workbridge.core.access import Actor, as_actor
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.roles import OrgKind
from workbridge.core.services import audit_record, full_clean_or_raise
from workbridge.organizations.models import Organization, VettingStatus

from . import permissions as perms
from .models import Award, AwardLevel, InnovationBase, Milestone, Venture, VentureMember, VentureStage


def _refuse(field: str, message: str):
    raise ValidationFailed(message, errors={field: [message]})


@transaction.atomic
def base_create(
    *, actor: Actor, name: str, kind: str, place: str = "", area_m2: int | None = None, sponsor_id: int | None = None
) -> InnovationBase:
    actor = as_actor(actor)
    if not perms.may_open_bases(actor):
        raise PermissionDenied(_("The school's admin opens a base."))
    sponsor = None
    if sponsor_id:
        sponsor = Organization.objects.filter(
            pk=sponsor_id, kind=OrgKind.ENTERPRISE, vetting_status=VettingStatus.APPROVED
        ).first()
        if sponsor is None:
            _refuse("sponsor", _("Choose an approved enterprise as the sponsor."))
    base = InnovationBase(
        school_id=actor.organization_id,
        name=(name or "").strip(),
        kind=kind,
        place=place,
        area_m2=area_m2,
        sponsor=sponsor,
    )
    full_clean_or_raise(base)
    base.save()
    audit_record(actor=actor, action="innovation.base_created", target=base, organization_id=base.school_id)
    return base


@transaction.atomic
def venture_create(
    *,
    actor: Actor,
    base: InnovationBase,
    title: str,
    summary: str = "",
    started_on: dt.date | None = None,
    school_mentor_id: int | None = None,
    enterprise_mentor: str = "",
) -> Venture:
    actor = as_actor(actor)
    if not perms.may_run_ventures(actor, base):
        raise PermissionDenied(_("The school's staff start ventures in its bases."))
    mentor = None
    if school_mentor_id:
        mentor = Teacher.objects.filter(pk=school_mentor_id, school_id=base.school_id).first()
        if mentor is None:
            _refuse("school_mentor", _("Choose a teacher of the school."))
    venture = Venture(
        base=base,
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        started_on=started_on or timezone.localdate(),
        school_mentor=mentor,
        enterprise_mentor=(enterprise_mentor or "").strip(),
    )
    full_clean_or_raise(venture)
    venture.save()
    audit_record(actor=actor, action="innovation.venture_created", target=venture, organization_id=base.school_id)
    return venture


def _may_update(actor: Actor, venture: Venture) -> Actor:
    actor = as_actor(actor)
    if not perms.may_update_venture(actor, venture):
        raise PermissionDenied(_("The school's staff keep the venture up to date."))
    return actor


@transaction.atomic
def venture_member_add(*, actor: Actor, venture: Venture, student_id: int, role: str = "") -> VentureMember:
    actor = _may_update(actor, venture)
    student = Student.objects.filter(pk=student_id, school_id=venture.base.school_id).first()
    if student is None:
        _refuse("student", _("Choose a student of the school."))
    if VentureMember.objects.filter(venture=venture, student=student).exists():
        _refuse("student", _("This student is already in the team."))
    member = VentureMember.objects.create(venture=venture, student=student, role=(role or "").strip()[:60])
    audit_record(actor=actor, action="innovation.member_added", target=venture, organization_id=venture.base.school_id)
    return member


@transaction.atomic
def milestone_add(*, actor: Actor, venture: Venture, title: str, due_on: dt.date) -> Milestone:
    _may_update(actor, venture)
    milestone = Milestone(venture=venture, title=(title or "").strip(), due_on=due_on)
    full_clean_or_raise(milestone)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, actor: Actor, milestone: Milestone, done_on: dt.date | None = None) -> Milestone:
    _may_update(actor, milestone.venture)
    milestone.done_on = done_on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def award_record(*, actor: Actor, venture: Venture, competition: str, level: str, prize: str, year: int) -> Award:
    actor = _may_update(actor, venture)
    if level not in AwardLevel.values:
        _refuse("level", _("Choose the level of the competition."))
    if not 2000 <= int(year) <= timezone.localdate().year:
        _refuse("year", _("Choose a year between 2000 and this year."))
    award = Award(
        venture=venture, competition=(competition or "").strip(), level=level, prize=(prize or "").strip(), year=year
    )
    full_clean_or_raise(award)
    award.save()
    audit_record(
        actor=actor, action="innovation.award_recorded", target=venture, organization_id=venture.base.school_id
    )
    return award


@transaction.atomic
def venture_stage_set(
    *,
    actor: Actor,
    venture: Venture,
    stage: str,
    company_name: str = "",
    company_registered_on: dt.date | None = None,
    jobs_created: int = 0,
) -> Venture:
    """Where the venture stands; a registered company needs its name and date (it counts as an incubated company)."""
    actor = _may_update(actor, venture)
    if stage not in VentureStage.values:
        _refuse("stage", _("Choose the stage."))
    if stage == VentureStage.INCUBATED and not ((company_name or "").strip() and company_registered_on):
        _refuse("company_name", _("A registered company needs its name and registration date."))
    before = venture.stage
    venture.stage = stage
    if stage == VentureStage.INCUBATED:
        venture.company_name = company_name.strip()
        venture.company_registered_on = company_registered_on
    venture.jobs_created = max(0, int(jobs_created or 0))
    full_clean_or_raise(venture)
    venture.save()
    audit_record(
        actor=actor,
        action="innovation.stage_set",
        target=venture,
        organization_id=venture.base.school_id,
        data={"from": before, "to": stage},
    )
    return venture
