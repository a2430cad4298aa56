"""Joint talent-training programmes: versions, reviewers, comments and sign-off."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Major
from workbridge.core.access import Actor, as_actor, require_org
from workbridge.core.exceptions import (
    Conflict,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import OrgKind
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean
from workbridge.organizations.models import Membership

from ..models import (
    ProgrammeComment,
    ProgrammeReviewer,
    ProgrammeStatus,
    ProgrammeVersion,
    TrainingProgramme,
)
from ..permissions import SCHOOL_STAFF

PROGRAMME_SECTIONS = ("target_posts", "competencies", "courses", "certificates")


def programme_validate(content: dict) -> dict:
    """Normalise the content; the practice share is computed from the course plan's practice hours."""
    if not isinstance(content, dict):
        raise ValidationFailed(_("The programme must be an object."))
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {"target_posts": [], "competencies": [], "courses": [], "certificates": []}
    for key in ("target_posts", "competencies", "certificates"):
        items = content.get(key) or []
        if isinstance(items, str):
            items = items.splitlines()
        clean[key] = [str(i).strip()[:300] for i in items if str(i).strip()]
    for i, course in enumerate(content.get("courses") or [], start=1):
        name = str(course.get("name", "")).strip()
        try:
            semester = int(course.get("semester", 0))
            hours = int(course.get("hours", 0))
            practice = int(course.get("practice_hours", 0))
        except (TypeError, ValueError):
            errors[f"courses.{i}"] = ["Semester and hours must be whole numbers."]
            continue
        if not name:
            errors[f"courses.{i}.name"] = ["Name the course."]
        if not 1 <= semester <= 12:
            errors[f"courses.{i}.semester"] = ["Semester 1 to 12."]
        if hours < 1 or practice < 0 or practice > hours:
            errors[f"courses.{i}.hours"] = ["Hours at least 1; practice hours between 0 and the hours."]
        clean["courses"].append({"name": name[:120], "semester": semester, "hours": hours, "practice_hours": practice})
    if not clean["target_posts"]:
        errors["target_posts"] = ["Name at least one target post."]
    if errors:
        raise ValidationFailed(_("The programme needs corrections."), errors=errors)
    clean["courses"].sort(key=lambda c: (c["semester"], c["name"]))
    total = sum(c["hours"] for c in clean["courses"])
    clean["practice_share"] = round(sum(c["practice_hours"] for c in clean["courses"]) / total, 3) if total else 0.0
    return clean


def programme_lines(content: dict) -> list[tuple[str, str, str]]:
    """(line key, section, text): what reviewers comment on, line by line; keys are stable across versions."""
    lines = []
    for key in ("target_posts", "competencies", "certificates"):
        for item in content.get(key, []):
            lines.append((f"{key}:{item}", key, item))
    for c in content.get("courses", []):
        lines.append(
            (
                f"courses:{c['name']}",
                "courses",
                f"S{c['semester']} · {c['name']} · {c['hours']}h ({c['practice_hours']}h practice)",
            )
        )
    lines.append(("practice_share", "practice_share", f"{content.get('practice_share', 0):.0%}"))
    return [(k[:40], s, t) for k, s, t in lines]


def _diff(old: dict | None, new: dict) -> list[dict]:
    before = {k: t for k, _s, t in programme_lines(old)} if old else {}
    after = {k: t for k, _s, t in programme_lines(new)}
    changes = []
    for key, text in after.items():
        if key not in before:
            changes.append({"line": key, "change": "added", "to": text})
        elif before[key] != text:
            changes.append({"line": key, "change": "changed", "from": before[key], "to": text})
    changes.extend({"line": key, "change": "removed", "from": text} for key, text in before.items() if key not in after)
    return changes


@transaction.atomic
def programme_starting_content(major: Major, *, title: str = "") -> dict:
    """A first draft drawn from the major: its target occupations as target posts (or the title when it has none)
    and its courses with their practice share, so reviewers comment on something concrete."""
    from ..selectors import occupation_names

    targets = list(major.target_occupations.all())
    names = occupation_names([t.occupation_code for t in targets])
    return {
        "target_posts": [f"{t.occupation_code} {names.get(t.occupation_code, '')}".strip() for t in targets] or [title],
        "competencies": [],
        "certificates": [],
        "courses": [
            {
                "name": c.name,
                "semester": c.semester,
                "hours": c.hours,
                "practice_hours": c.hours // 2
                if c.course_type == "practice"
                else (c.hours // 3 if c.course_type == "mixed" else 0),
            }
            for c in major.courses.all()
        ],
    }


def programme_create(*, actor: Actor, major: Major, cohort_year: int, title: str, content: dict) -> TrainingProgramme:
    actor = require_org(as_actor(actor), major.school_id, SCHOOL_STAFF)
    if TrainingProgramme.objects.filter(major=major, cohort_year=cohort_year).exists():
        raise Conflict(_("This major already has a programme for that intake year."))
    clean = programme_validate(content)
    programme = TrainingProgramme(school_id=major.school_id, major=major, cohort_year=cohort_year, title=title.strip())
    _clean(programme)
    programme.save()
    ProgrammeVersion.objects.create(
        programme=programme,
        number=1,
        content=clean,
        author=actor.user,
        summary="first draft",
        changes=_diff(None, clean),
    )
    audit_record(actor=actor, action="programme.create", target=programme, organization_id=major.school_id)
    return programme


@transaction.atomic
def programme_revise(
    *, actor: Actor, programme: TrainingProgramme, content: dict, summary: str = ""
) -> ProgrammeVersion:
    actor = require_org(as_actor(actor), programme.school_id, SCHOOL_STAFF)
    programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
    current = programme.current
    clean = programme_validate(content)
    changes = _diff(current.content if current else None, clean)
    if not changes:
        raise Conflict(_("Nothing changed."))
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=(current.number + 1 if current else 1),
        content=clean,
        author=actor.user,
        summary=summary[:300],
        changes=changes,
    )
    if programme.status == ProgrammeStatus.APPROVED:
        programme.status = ProgrammeStatus.REVIEW
        programme.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="programme.revise",
        target=programme,
        organization_id=programme.school_id,
        data={"version": version.number, "changes": len(changes)},
    )
    return version


@transaction.atomic
def programme_invite(*, actor: Actor, programme: TrainingProgramme, user) -> ProgrammeReviewer:
    actor = require_org(as_actor(actor), programme.school_id, SCHOOL_STAFF)
    membership = (
        Membership.objects.filter(
            user=user, is_active=True, organization__kind__in=[OrgKind.ENTERPRISE, OrgKind.ASSOCIATION]
        )
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise ValidationFailed(_("Reviewers are enterprise or industry-association experts on the platform."))
    reviewer, created = ProgrammeReviewer.objects.get_or_create(
        programme=programme, user=user, defaults={"organization": membership.organization}
    )
    # A new reviewer has not signed yet: a signed-off programme is back in review until they do.
    if programme.status == ProgrammeStatus.DRAFT or (created and programme.status == ProgrammeStatus.APPROVED):
        programme.status = ProgrammeStatus.REVIEW
        programme.save(update_fields=["status", "updated_at"])
    notification_send(
        recipient=user,
        kind="labour_market.programme",
        title=_("%(t)s: you are invited to review it") % {"t": programme.title},
        link=f"/labour-market/programmes/{programme.pk}/",
    )
    audit_record(
        actor=actor,
        action="programme.invite",
        target=programme,
        organization_id=programme.school_id,
        data={"reviewer": user.pk},
    )
    return reviewer


def _reviewer_or_staff(actor: Actor, programme: TrainingProgramme):
    if actor.is_platform_admin or (actor.organization_id == programme.school_id and actor.role in SCHOOL_STAFF):
        return None
    reviewer = ProgrammeReviewer.objects.filter(programme=programme, user=actor.user).first()
    if reviewer is None:
        raise PermissionDenied(_("Only invited reviewers and the school comment on this programme."))
    return reviewer


@transaction.atomic
def programme_comment(*, actor: Actor, version: ProgrammeVersion, line_key: str, text: str) -> ProgrammeComment:
    actor = as_actor(actor)
    _reviewer_or_staff(actor, version.programme)
    if not text.strip():
        raise ValidationFailed(_("Write a comment."), errors={"text": [_("Required.")]})
    keys = {k for k, _s, _t in programme_lines(version.content)} | {"general"}
    if line_key not in keys:
        raise ValidationFailed(_("That line is not in this version."), errors={"line_key": [_("Not in this version.")]})
    comment = ProgrammeComment.objects.create(
        version=version, line_key=line_key, author=actor.user, organization_id=actor.organization_id, text=text.strip()
    )
    return comment


@transaction.atomic
def programme_sign(*, actor: Actor, programme: TrainingProgramme) -> ProgrammeReviewer:
    actor = as_actor(actor)
    reviewer = _reviewer_or_staff(actor, programme)
    if reviewer is None:
        raise PermissionDenied(_("Only invited reviewers sign off."))
    current = programme.current
    reviewer.signed_version = current.number
    reviewer.signed_at = timezone.now()
    reviewer.save(update_fields=["signed_version", "signed_at", "updated_at"])
    if not programme.reviewers.exclude(signed_version=current.number).exists():
        programme.status = ProgrammeStatus.APPROVED
        programme.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="programme.sign",
        target=programme,
        organization_id=programme.school_id,
        data={"version": current.number},
    )
    return reviewer
