"""Curriculum: a major's target occupations and its courses' skill tags."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.academics.models import Course, Major
from workbridge.core.access import Actor, as_actor, require_org
from workbridge.core.exceptions import (
    ValidationFailed,
)
from workbridge.core.services import audit_record
from workbridge.core.services import full_clean_or_raise as _clean

from ..engines import pipeline
from ..models import (
    CourseSkill,
    MajorTargetOccupation,
    Occupation,
    Skill,
    TagStatus,
)
from ..permissions import SCHOOL_STAFF
from .reference import ensure_reference_data


@transaction.atomic
def target_occupation_set(
    *, actor: Actor, major: Major, occupation_code: str, weight: int = 1
) -> MajorTargetOccupation:
    actor = require_org(as_actor(actor), major.school_id, SCHOOL_STAFF)
    occupation_code = occupation_code.strip()
    if Occupation.objects.exists() and not Occupation.objects.filter(code=occupation_code).exists():
        raise ValidationFailed(
            _("Unknown occupation code %(c)s.") % {"c": occupation_code}, errors={"occupation_code": ["unknown"]}
        )
    target, _created = MajorTargetOccupation.objects.update_or_create(
        major=major, occupation_code=occupation_code, defaults={"weight": weight}
    )
    _clean(target)
    audit_record(
        actor=actor,
        action="curriculum.target",
        target=major,
        organization_id=major.school_id,
        data={"code": occupation_code, "weight": weight},
    )
    return target


@transaction.atomic
def target_occupation_remove(*, actor: Actor, target: MajorTargetOccupation) -> None:
    require_org(as_actor(actor), target.major.school_id, SCHOOL_STAFF)
    target.delete()


@transaction.atomic
def course_skills_suggest(*, actor: Actor, course: Course) -> list[CourseSkill]:
    """Run the extractor over the course's name and learning outcomes; new skills become suggestions."""
    actor = require_org(as_actor(actor), course.school_id, SCHOOL_STAFF)
    ensure_reference_data()
    extractor, _coder = pipeline._engines()
    text = f"{course.name}\n{course.learning_outcomes}"
    skills = {s.skill_id: s for s in Skill.objects.filter(skill_id__in={m.skill_id for m in extractor.extract(text)})}
    made = []
    for match in extractor.extract(text):
        skill = skills.get(match.skill_id)
        if skill is None:
            continue
        tag, created = CourseSkill.objects.get_or_create(
            course=course, skill=skill, defaults={"evidence": text[match.start : match.end][:200]}
        )
        if created:
            made.append(tag)
    return made


@transaction.atomic
def course_skill_decide(*, actor: Actor, tag: CourseSkill, status: str) -> CourseSkill:
    actor = require_org(as_actor(actor), tag.course.school_id, SCHOOL_STAFF)
    if status not in (TagStatus.CONFIRMED, TagStatus.REJECTED, TagStatus.SUGGESTED):
        raise ValidationFailed(_("Unknown status."))
    tag.status = status
    tag.decided_by = actor.user
    tag.save(update_fields=["status", "decided_by", "updated_at"])
    return tag


@transaction.atomic
def course_skill_add(*, actor: Actor, course: Course, skill: Skill) -> CourseSkill:
    actor = require_org(as_actor(actor), course.school_id, SCHOOL_STAFF)
    tag, _created = CourseSkill.objects.update_or_create(
        course=course, skill=skill, defaults={"status": TagStatus.CONFIRMED, "decided_by": actor.user}
    )
    return tag
