"""The tripartite agreement (三方协议) and the student's insurance."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import SCHOOL_ROLES, Role
from workbridge.core.services import audit_record, full_clean_or_raise

from .. import compliance_bridge
from ..models import (
    LIVE_PLACEMENT_STATUSES,
    Insurance,
    Placement,
    TripartiteAgreement,
)


def agreement_terms(placement: Placement) -> dict:
    """Every regulated term, from the position, the placement and the school's records."""
    position = placement.position
    student = placement.student
    insurance = compliance_bridge.related_or_none(placement, "insurance")
    age = student.age_on(placement.start_date)
    return {
        "school": placement.school.name,
        "enterprise": placement.enterprise.name,
        "enterprise_credit_code": placement.enterprise.credit_code,
        "student": student.name,
        "student_number": student.student_number,
        "major": student.major.name,
        "age_at_start": age,
        "post": position.title,
        "occupation_code": position.occupation_code,
        "duties": position.duties,
        "workplace": position.workplace_address,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "schedule": placement.schedule,
        "monthly_pay": str(position.monthly_pay),
        "pay_terms": "monthly, in money, directly to the student",
        "daily_hours": str(position.daily_hours),
        "shift": f"{position.shift_start:%H:%M}-{position.shift_end:%H:%M}",
        "rest_days_per_week": position.rest_days_per_week,
        "no_overtime_night_holiday": True,
        "insurance": (
            {
                "insurer": insurance.insurer,
                "policy_number": insurance.policy_number,
                "cover_start": insurance.cover_start.isoformat(),
                "cover_end": insurance.cover_end.isoformat(),
                "paid_by": insurance.paid_by,
            }
            if insurance
            else None
        ),
        "safety": "pre-placement safety training; protective equipment provided free; no high-risk posts",
        "school_mentor": placement.school_mentor.name if placement.school_mentor_id else "",
        "enterprise_mentor": str(placement.enterprise_mentor) if placement.enterprise_mentor_id else "",
        "fee_to_student": str(position.fee_to_student),
        "guardian_required": age < 18,
    }


def terms_hash(terms: dict) -> str:
    """A short fingerprint of the terms (the PDF prints it): two copies with the same code say the same thing."""
    import hashlib
    import json

    canonical = json.dumps(terms, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def agreement_missing(terms: dict, agreement: TripartiteAgreement | None) -> list[str]:
    """What the agreement still lacks, in the words printed on it."""
    missing = []
    if not terms.get("school_mentor"):
        missing.append("学校指导教师")
    if not terms.get("enterprise_mentor"):
        missing.append("企业指导教师")
    if not terms.get("insurance"):
        missing.append("实习责任保险")
    if agreement is not None:
        parties = [
            ("学校确认", agreement.school_confirmed_at),
            ("实习单位确认", agreement.enterprise_confirmed_at),
            ("学生确认", agreement.student_confirmed_at),
        ]
        if terms.get("guardian_required"):
            parties.append(("监护人知情同意", agreement.guardian_confirmed_at))
        missing += [label for label, done in parties if not done]
    return missing


def _sync_terms(agreement: TripartiteAgreement, placement: Placement) -> bool:
    """Bring the agreement to the placement's current terms; a change makes a new version and every party confirms
    again. True when the terms changed."""
    terms = agreement_terms(placement)
    if agreement.terms == terms:
        return False
    agreement.version += 1
    agreement.terms = terms
    agreement.guardian_required = terms["guardian_required"]
    agreement.school_confirmed_at = agreement.enterprise_confirmed_at = None
    agreement.student_confirmed_at = agreement.guardian_confirmed_at = None
    agreement.school_confirmed_by = agreement.enterprise_confirmed_by = None
    return True


def agreement_follow_terms(placement: Placement) -> TripartiteAgreement | None:
    """After a change the agreement states (a mentor assigned, the insurance recorded): the agreement becomes a new
    version at once, so every page shows and asks to confirm what it now says (not the version read before)."""
    agreement = TripartiteAgreement.objects.select_for_update().filter(placement=placement).first()
    if agreement is None or placement.status not in LIVE_PLACEMENT_STATUSES:
        return agreement
    if _sync_terms(agreement, placement):
        agreement.save()
        audit_record(
            actor=None,
            action="agreement.new_version",
            target=placement,
            organization_id=placement.school_id,
            data={"version": agreement.version},
        )
    return agreement


AGREEMENT_DOCUMENTS = {"signed_scan": "signed_scan", "guardian_consent": "guardian_consent_file"}


@transaction.atomic
def agreement_attach(*, actor: Actor, placement: Placement, kind: str, upload) -> TripartiteAgreement:
    """The school keeps the paper trail beside the platform record: the signed agreement (for the version it was
    signed on) and the guardian's written consent; PDF or image, checked by content."""
    from django.core.files import File

    from workbridge.core.uploads import validate_upload

    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    require_org(actor, placement.school_id, [Role.SCHOOL_ADMIN, Role.TEACHER])
    if kind not in AGREEMENT_DOCUMENTS:
        raise ValidationFailed(
            _("Attach the signed agreement or the guardian's consent."), errors={"kind": [_("Unknown kind.")]}
        )
    agreement = TripartiteAgreement.objects.select_for_update().filter(placement=placement).first()
    if agreement is None:
        raise InvalidTransition(_("Generate the agreement first."))
    if kind == "guardian_consent" and not agreement.guardian_required:
        raise ValidationFailed(_("The student is an adult; no guardian consent is needed."))
    validate_upload(upload, purpose="document", field="file")
    upload.seek(0)
    field = getattr(agreement, AGREEMENT_DOCUMENTS[kind])
    if field:
        field.delete(save=False)
    field.save(upload.name, upload if isinstance(upload, File) else File(upload), save=False)
    if kind == "signed_scan":
        agreement.signed_scan_version = agreement.version
    agreement.save()
    audit_record(
        actor=actor,
        action=f"agreement.attach_{kind}",
        target=placement,
        organization_id=placement.school_id,
        data={"version": agreement.version},
    )
    return agreement


def agreement_current_pdf(*, actor: Actor, placement: Placement) -> tuple[TripartiteAgreement, bytes]:
    """The agreement as it stands now, for download: made from the current record every time (a mentor assigned or
    the insurance recorded since the last version shows at once, as a new version awaiting confirmation)."""
    from ..pdfs import agreement_pdf

    as_actor(actor)
    with transaction.atomic():
        agreement = TripartiteAgreement.objects.select_for_update().filter(placement=placement).first()
        if agreement is None:
            raise InvalidTransition(_("Generate the agreement first."))
        if placement.status in LIVE_PLACEMENT_STATUSES and _sync_terms(agreement, placement):
            agreement.save()
            audit_record(
                actor=None,
                action="agreement.new_version",
                target=placement,
                organization_id=placement.school_id,
                data={"version": agreement.version},
            )
    return agreement, agreement_pdf(agreement)


@transaction.atomic
def agreement_generate(*, actor: Actor, placement: Placement) -> TripartiteAgreement:
    """(Re)generate the agreement PDF. New terms reset every confirmation; the rules are checked at this point."""
    from ..pdfs import agreement_pdf

    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.TEACHER])
    placement = access_object(
        actor,
        Placement.objects.select_for_update().select_related("student__major", "position", "school", "enterprise"),
        placement.pk,
    )
    if placement.status not in LIVE_PLACEMENT_STATUSES:
        raise InvalidTransition(_("The placement is %(s)s.") % {"s": placement.get_status_display()})
    terms = agreement_terms(placement)
    agreement = compliance_bridge.related_or_none(placement, "agreement")
    if agreement is None:
        agreement = TripartiteAgreement(placement=placement, terms=terms)
    elif agreement.terms != terms:
        agreement.version += 1
        agreement.terms = terms
        agreement.school_confirmed_at = agreement.enterprise_confirmed_at = None
        agreement.student_confirmed_at = agreement.guardian_confirmed_at = None
        agreement.school_confirmed_by = agreement.enterprise_confirmed_by = None
    agreement.guardian_required = terms["guardian_required"]
    pdf_bytes = agreement_pdf(agreement)
    agreement.pdf.save(f"agreement-{placement.pk}-v{agreement.version}.pdf", ContentFile(pdf_bytes), save=False)
    agreement.generated_at = timezone.now()
    agreement.save()
    compliance_bridge.run_check(
        actor=acting_user(actor),
        checkpoint="agreement",
        facts=compliance_bridge.placement_facts(placement),
        school=placement.school,
        enterprise=placement.enterprise,
        placement=placement,
        position=placement.position,
        year=placement.start_date.year,
    )
    audit_record(
        actor=actor,
        action="agreement.generate",
        target=placement,
        organization_id=placement.school_id,
        data={"version": agreement.version},
    )
    return agreement


def agreement_confirm(
    *, actor: Actor, placement: Placement, guardian_name: str = "", version: int | None = None
) -> TripartiteAgreement:
    """Each party confirms in the platform: school (admin or teacher), enterprise (admin), student; the school
    records the guardian's signed consent for a minor. A party confirms the version it read (``version``): when the
    terms changed since, the new version is kept and the party is asked to read it first."""
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    with transaction.atomic():  # committed on its own: the new version stays even when this confirmation is refused
        agreement = TripartiteAgreement.objects.select_for_update().filter(placement=placement).first()
        if agreement is None:
            raise InvalidTransition(_("Generate the agreement first."))
        changed = placement.status in LIVE_PLACEMENT_STATUSES and _sync_terms(agreement, placement)
        if changed:
            agreement.save()
    if changed:
        raise Conflict(
            _(
                "The terms changed since you last read the agreement (now version %(v)d). Read the new "
                "version, then confirm it."
            )
            % {"v": agreement.version},
            errors={"version": [str(agreement.version)]},
        )
    return _agreement_confirm_version(actor=actor, placement=placement, guardian_name=guardian_name, version=version)


@transaction.atomic
def _agreement_confirm_version(
    *, actor: Actor, placement: Placement, guardian_name: str, version: int | None
) -> TripartiteAgreement:
    agreement = TripartiteAgreement.objects.select_for_update().get(placement=placement)
    if version is not None and int(version) != agreement.version:
        raise Conflict(
            _("You confirmed version %(a)s, but the agreement is now at version %(v)d. Read it again.")
            % {"a": version, "v": agreement.version},
            errors={"version": [str(agreement.version)]},
        )
    now = timezone.now()
    if actor.role in SCHOOL_ROLES and actor.organization_id == placement.school_id:
        if guardian_name:
            if not agreement.guardian_required:
                raise ValidationFailed(_("The student is an adult; no guardian consent is needed."))
            agreement.guardian_name = guardian_name.strip()
            agreement.guardian_confirmed_at = now
            action = "agreement.guardian"
        else:
            agreement.school_confirmed_at, agreement.school_confirmed_by = now, acting_user(actor)
            action = "agreement.confirm_school"
    elif actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == placement.enterprise_id:
        agreement.enterprise_confirmed_at, agreement.enterprise_confirmed_by = now, acting_user(actor)
        action = "agreement.confirm_enterprise"
    elif actor.role == Role.STUDENT and actor.student_id == placement.student_id:
        agreement.student_confirmed_at = now
        action = "agreement.confirm_student"
    else:
        raise PermissionDenied(_("Only the school, the enterprise's admin or the student confirm the agreement."))
    agreement.save()
    audit_record(
        actor=actor,
        action=action,
        target=placement,
        organization_id=actor.organization_id,
        data={"version": agreement.version},
    )
    compliance_bridge.recheck_fixed(actor=actor, placement=placement)
    return agreement


@transaction.atomic
def insurance_record(
    *,
    actor: Actor,
    placement: Placement,
    policy_number: str,
    insurer: str,
    cover_start: dt.date,
    cover_end: dt.date,
    paid_by: str = "school",
) -> Insurance:
    actor = as_actor(actor)
    placement = access_object(actor, Placement.objects.all(), placement.pk)
    if actor.role == Role.STUDENT or not (
        actor.is_platform_admin or actor.organization_id in (placement.school_id, placement.enterprise_id)
    ):
        raise PermissionDenied(_("The school or the host records the insurance."))
    errors = {}
    if cover_start and cover_start > placement.start_date:
        errors["cover_start"] = [_("Cover must start by the placement start (%(d)s).") % {"d": placement.start_date}]
    if cover_end and cover_end < placement.end_date:
        errors["cover_end"] = [_("Cover must last until the placement end (%(d)s).") % {"d": placement.end_date}]
    if paid_by not in ("school", "enterprise"):
        errors["paid_by"] = [_("The school or the enterprise pays; never the student.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    insurance = compliance_bridge.related_or_none(placement, "insurance") or Insurance(placement=placement)
    insurance.policy_number, insurance.insurer = policy_number.strip(), insurer.strip()
    insurance.cover_start, insurance.cover_end, insurance.paid_by = cover_start, cover_end, paid_by
    insurance.recorded_by = acting_user(actor)
    full_clean_or_raise(insurance)
    insurance.save()
    audit_record(
        actor=actor,
        action="placement.insurance",
        target=placement,
        organization_id=actor.organization_id,
        data={"insurer": insurer},
    )
    agreement_follow_terms(placement)
    compliance_bridge.recheck_fixed(actor=actor, placement=placement)
    return insurance
