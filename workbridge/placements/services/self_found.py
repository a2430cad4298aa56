"""Self-found placements (自主实习): a student proposes a host it found, the school decides."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_role
from workbridge.core.exceptions import (
    InvalidTransition,
    ValidationFailed,
)
from workbridge.core.roles import SCHOOL_ROLES
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import compliance_bridge
from ..models import (
    PlacementSource,
    Position,
    PositionStatus,
    ProposalStatus,
    SelfFoundProposal,
)
from .common import acting_student, notify_student
from .placements import placement_create

PROPOSAL_FIELDS = (
    "title",
    "occupation_code",
    "duties",
    "workplace_address",
    "latitude",
    "longitude",
    "monthly_pay",
    "daily_hours",
    "shift_start",
    "shift_end",
    "rest_days_per_week",
    "start_date",
    "end_date",
    "reason",
)


def proposal_position(proposal: SelfFoundProposal, **extra) -> Position:
    """The one-place position a self-found proposal amounts to: checked exactly like a position an enterprise
    publishes, when proposed and again when the school approves."""
    return Position(
        enterprise=proposal.enterprise,
        title=proposal.title,
        occupation_code=proposal.occupation_code,
        duties=proposal.duties,
        places=1,
        workplace_address=proposal.workplace_address,
        latitude=proposal.latitude,
        longitude=proposal.longitude,
        monthly_pay=proposal.monthly_pay,
        daily_hours=proposal.daily_hours,
        shift_start=proposal.shift_start,
        shift_end=proposal.shift_end,
        rest_days_per_week=proposal.rest_days_per_week,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        **extra,
    )


@transaction.atomic
def self_found_propose(*, actor: Actor, enterprise_id: int, data: dict) -> SelfFoundProposal:
    actor = as_actor(actor)
    student = acting_student(actor)
    from workbridge.organizations.models import Organization

    enterprise = Organization.objects.filter(pk=enterprise_id, kind="enterprise").first()
    if enterprise is None:
        raise ValidationFailed(
            _("Choose an enterprise registered on the platform."), errors={"enterprise": [_("Unknown enterprise.")]}
        )
    if not enterprise.is_approved_enterprise:
        raise ValidationFailed(
            _("That enterprise is not approved on the platform."), errors={"enterprise": [_("Not approved.")]}
        )
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field(s): %(f)s") % {"f": ", ".join(sorted(unknown))})
    proposal = SelfFoundProposal(student=student, school=student.school, enterprise=enterprise, **data)
    full_clean_or_raise(proposal)
    compliance_bridge.refuse_if_blocked(
        facts=compliance_bridge.prospective_facts(proposal_position(proposal), student),
        step=_("This self-found placement"),
    )
    proposal.save()
    audit_record(actor=actor, action="self_found.propose", target=proposal, organization_id=student.school_id)
    return proposal


@transaction.atomic
def self_found_decide(
    *, actor: Actor, proposal: SelfFoundProposal, approve: bool, comment: str = ""
) -> SelfFoundProposal:
    """The school approves (creating an approved one-place position and a planned placement) or rejects."""
    actor = require_role(as_actor(actor), SCHOOL_ROLES)
    proposal = access_object(actor, SelfFoundProposal.objects.select_for_update(), proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise InvalidTransition(_("This proposal was already decided."))
    if not approve and not comment.strip():
        raise ValidationFailed(
            _("Say why the proposal is rejected."), errors={"comment": [_("Required when rejecting.")]}
        )
    proposal.decided_by = acting_user(actor)
    proposal.decision_comment = comment
    if approve:
        position = proposal_position(
            proposal,
            status=PositionStatus.APPROVED,
            reviewed_by_school_id=proposal.school_id,
            reviewed_by=acting_user(actor),
            reviewed_at=timezone.now(),
            review_comment=_("Self-found placement approved by the school."),
        )
        full_clean_or_raise(position)
        compliance_bridge.refuse_if_blocked(
            facts=compliance_bridge.prospective_facts(position, proposal.student),
            step=_("Approving this self-found placement"),
        )
        position.save()
        position.compliance_findings = compliance_bridge.run_check(
            actor=acting_user(actor),
            checkpoint="position_review",
            facts=compliance_bridge.position_facts(position),
            school=proposal.school,
            enterprise=proposal.enterprise,
            position=position,
            year=position.start_date.year,
        )
        position.save(update_fields=["compliance_findings"])
        proposal.placement = placement_create(
            actor=actor,
            student=proposal.student,
            position=position,
            source=PlacementSource.SELF_FOUND,
            _skip_role_check=True,
        )
        proposal.status = ProposalStatus.APPROVED
    else:
        proposal.status = ProposalStatus.REJECTED
    proposal.save()
    audit_record(
        actor=actor,
        action="self_found.approve" if approve else "self_found.reject",
        target=proposal,
        organization_id=proposal.school_id,
    )
    notify_student(
        proposal.student,
        _("Your self-found placement was %(s)s") % {"s": proposal.get_status_display()},
        "/placements/my/",
    )
    return proposal
