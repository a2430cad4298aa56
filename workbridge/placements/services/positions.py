"""Positions: an enterprise drafts and submits, the school reviews, the enterprise closes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    InvalidTransition,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import compliance_bridge
from ..models import (
    Placement,
    Position,
    PositionStatus,
)

POSITION_FIELDS = (
    "title",
    "occupation_code",
    "kind",
    "duties",
    "required_skills",
    "major_categories",
    "places",
    "reserved_places",
    "post_staff_count",
    "workplace_address",
    "latitude",
    "longitude",
    "geofence_radius_m",
    "monthly_pay",
    "post_wage",
    "daily_hours",
    "shift_start",
    "shift_end",
    "rest_days_per_week",
    "start_date",
    "end_date",
    "venue_type",
    "physical_intensity_level",
    "minors_forbidden_work",
    "women_forbidden_work",
    "via_agency",
    "fee_to_student",
    "night_shift",
    "project",
)


def _apply_position_fields(position: Position, data: dict) -> None:
    unknown = set(data) - set(POSITION_FIELDS) - {"project_id"}
    if unknown:
        raise ValidationFailed(_("Unknown field(s): %(f)s") % {"f": ", ".join(sorted(unknown))})
    for key, value in data.items():
        if key == "project":
            key, value = "project_id", (value.pk if hasattr(value, "pk") else value)
        setattr(position, key, value)
    if isinstance(position.required_skills, str):
        position.required_skills = [
            s.strip() for s in position.required_skills.replace("，", ",").split(",") if s.strip()
        ]
    if isinstance(position.major_categories, str):
        position.major_categories = [s.strip() for s in position.major_categories.split(",") if s.strip()]
    if position.project_id:
        from workbridge.partnerships.models import Project

        project = Project.objects.filter(pk=position.project_id).first()
        if project is None or project.enterprise_id != position.enterprise_id:
            raise ValidationFailed(
                _("The project belongs to another enterprise."), errors={"project": [_("Not your project.")]}
            )
        # An order class reserves its places for its class unless the enterprise says otherwise.
        if project.project_type == "order_class" and "reserved_places" not in data:
            position.reserved_places = position.places or 0


@transaction.atomic
def position_create(*, actor: Actor, enterprise_id: int | None = None, data: dict) -> Position:
    actor = as_actor(actor)
    enterprise_id = enterprise_id or actor.organization_id
    require_org(actor, enterprise_id, [Role.ENTERPRISE_ADMIN])
    from workbridge.organizations.models import Organization

    enterprise = Organization.objects.get(pk=enterprise_id)
    if not enterprise.is_approved_enterprise:
        raise PermissionDenied(
            _("Only approved enterprises publish positions; yours is %(s)s.")
            % {"s": enterprise.get_vetting_status_display()}
        )
    position = Position(enterprise=enterprise, created_by=acting_user(actor))
    _apply_position_fields(position, data)
    full_clean_or_raise(position)
    position.compliance_findings = compliance_bridge.preview_findings(facts=compliance_bridge.position_facts(position))
    position.save()
    audit_record(
        actor=actor, action="position.create", target=position, organization_id=enterprise_id, summary=position.title
    )
    return position


# Terms the internship rules look at: changing one on an approved position sends it back to the school's review.
REGULATED_FIELDS = frozenset(
    {
        "kind",
        "major_categories",
        "places",
        "post_staff_count",
        "monthly_pay",
        "post_wage",
        "daily_hours",
        "shift_start",
        "shift_end",
        "rest_days_per_week",
        "start_date",
        "end_date",
        "venue_type",
        "physical_intensity_level",
        "minors_forbidden_work",
        "women_forbidden_work",
        "via_agency",
        "fee_to_student",
        "night_shift",
    }
)


def position_update(*, actor: Actor, position: Position, data: dict) -> Position:
    """Edit a draft, rejected or approved position. On an approved one, a change of a regulated term (pay, hours,
    dates, places ...) sends it back to the school's review, with the rules checked again; other edits (title,
    duties, skills, address) keep it approved."""
    actor = require_org(as_actor(actor), position.enterprise_id, [Role.ENTERPRISE_ADMIN])
    with transaction.atomic():
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.status not in (PositionStatus.DRAFT, PositionStatus.REJECTED, PositionStatus.APPROVED):
            raise InvalidTransition(
                _("Only draft, rejected or approved positions can be edited; this one is %(s)s.")
                % {"s": position.get_status_display()}
            )
        before = {name: getattr(position, name) for name in REGULATED_FIELDS}
        was_approved = position.status == PositionStatus.APPROVED
        _apply_position_fields(position, data)
        changed = sorted(name for name in REGULATED_FIELDS if getattr(position, name) != before[name])
        if not was_approved:
            position.status = PositionStatus.DRAFT
            # the rules speak while the position is drafted, not only at submission (issue 15.2)
            position.compliance_findings = compliance_bridge.preview_findings(
                facts=compliance_bridge.position_facts(position)
            )
        elif changed:
            position.status = PositionStatus.SUBMITTED
            position.submitted_at = timezone.now()
        full_clean_or_raise(position)
        position.save()
        audit_record(
            actor=actor,
            action="position.update",
            target=position,
            organization_id=position.enterprise_id,
            data={"regulated_changes": changed, "back_to_review": was_approved and bool(changed)},
        )
    if was_approved and changed:
        position.compliance_findings = compliance_bridge.run_check(
            actor=acting_user(actor),
            checkpoint="position_review",
            facts=compliance_bridge.position_facts(position),
            school=position.reviewed_by_school,
            enterprise=position.enterprise,
            position=position,
            year=position.start_date.year,
        )
        position.save(update_fields=["compliance_findings"])
    return position


@transaction.atomic
def position_submit(*, actor: Actor, position: Position) -> Position:
    """Submit for school review; the rules engine checks the position's own facts now and the findings are kept."""
    actor = require_org(as_actor(actor), position.enterprise_id, [Role.ENTERPRISE_ADMIN])
    position = Position.objects.select_for_update().select_related("enterprise").get(pk=position.pk)
    if position.status not in (PositionStatus.DRAFT, PositionStatus.REJECTED):
        raise InvalidTransition(_("This position is already %(s)s.") % {"s": position.get_status_display()})
    if not position.enterprise.is_approved_enterprise:
        raise PermissionDenied(_("Only approved enterprises publish positions."))
    findings = compliance_bridge.run_check(
        actor=acting_user(actor),
        checkpoint="position_review",
        facts=compliance_bridge.position_facts(position),
        school=None,
        enterprise=position.enterprise,
        position=position,
        year=position.start_date.year,
    )
    position.compliance_findings = findings
    position.status = PositionStatus.SUBMITTED
    position.submitted_at = timezone.now()
    position.save(update_fields=["compliance_findings", "status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="position.submit",
        target=position,
        organization_id=position.enterprise_id,
        data={"findings": len(findings)},
    )
    return position


@transaction.atomic
def position_review(*, actor: Actor, position: Position, approve: bool, comment: str = "") -> Position:
    """A school reviews a submitted position. Blocking rule findings cannot be approved away."""
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN])
    position = access_object(actor, Position.objects.select_for_update(), position.pk)
    if position.status != PositionStatus.SUBMITTED:
        raise InvalidTransition(
            _("Only submitted positions are reviewed; this one is %(s)s.") % {"s": position.get_status_display()}
        )
    blocking = [f for f in position.compliance_findings if compliance_bridge.is_blocking(f)]
    if approve and blocking:
        raise RuleViolation(
            _("The position breaks %(n)d rule(s) and cannot be approved: %(m)s")
            % {
                "n": len(blocking),
                "m": "; ".join(str(f.get("message") or f.get("rule_id") or f) for f in blocking[:3]),
            },
            errors={"findings": blocking},
        )
    if not approve and not comment.strip():
        raise ValidationFailed(
            _("Say why the position is rejected."), errors={"comment": [_("Required when rejecting.")]}
        )
    position.status = PositionStatus.APPROVED if approve else PositionStatus.REJECTED
    position.reviewed_by_school_id = actor.organization_id
    position.reviewed_by = acting_user(actor)
    position.reviewed_at = timezone.now()
    position.review_comment = comment
    position.save(
        update_fields=["status", "reviewed_by_school", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="position.approve" if approve else "position.reject",
        target=position,
        organization_id=actor.organization_id,
        summary=comment[:200],
    )
    return position


@transaction.atomic
def position_close(*, actor: Actor, position: Position) -> Position:
    actor = require_org(as_actor(actor), position.enterprise_id, [Role.ENTERPRISE_ADMIN])
    position.status = PositionStatus.CLOSED
    position.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="position.close", target=position, organization_id=position.enterprise_id)
    return position


def position_qr_secret(position: Position) -> str:
    """The workplace's check-in code secret, made on first use (one code for every intern of the post)."""
    import secrets

    if not position.qr_secret:
        Position.objects.filter(pk=position.pk, qr_secret="").update(qr_secret=secrets.token_hex(16))
        position.refresh_from_db(fields=["qr_secret"])
    return position.qr_secret


def position_free_places(position: Position, student=None) -> int:
    """Places still open to this student: reserved places of an order class go only to its project's students."""
    live = Placement.objects.live().filter(position=position)
    taken = live.count()
    free = position.places - taken
    if student is None or not position.reserved_places or not position.project_id:
        return max(free, 0)
    from workbridge.partnerships.models import ProjectParticipant

    project_students = ProjectParticipant.objects.filter(project_id=position.project_id, student__isnull=False).values(
        "student_id"
    )
    if ProjectParticipant.objects.filter(project_id=position.project_id, student=student).exists():
        return max(free, 0)
    taken_by_others = live.exclude(student_id__in=project_students).count()
    return max(min(free, position.places - position.reserved_places - taken_by_others), 0)
