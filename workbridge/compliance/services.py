"""Writes of the compliance app: loading rule data, recording findings as violations, resolving them.

The entry points other apps call:

``compliance_check(*, actor, facts, checkpoint, school, enterprise, position=None, placement=None, student=None)``
    evaluates the active rule set and records the findings; returns the open violations it touched.
``violations_record_findings(*, actor, findings, school, enterprise, position=None, placement=None, ...)``
    records engine findings; idempotent per open rule + subject (a repeat only bumps ``occurrences``).
``violation_resolve(*, actor, violation, resolution, dismiss=False)``
"""

from __future__ import annotations

from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from workbridge.core.access import Actor, as_actor, require_role
from workbridge.core.exceptions import (
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, full_clean_or_raise, notification_send

from .engines import rules as engine
from .models import Rule, RuleSet, Severity, Violation, ViolationStatus, subject_key
from .permissions import may_resolve

DEFAULT_JURISDICTION = "CN"
DEFAULT_YEAR = 2021

# ---------------------------------------------------------------------------------------------------
# Rule data
# ---------------------------------------------------------------------------------------------------


def ruleset_load_file(*, actor: Actor = None, path: Path | str) -> RuleSet:
    """Load (or reload) one rules file into the tables; all or nothing. Rules removed from the file are
    disabled, not deleted, so the violations that cite them keep their rule."""
    path = Path(path)
    try:
        data = engine.read_rules_file(path)
        compiled = engine.ruleset_from_dict(data, origin=path.name)
    except engine.RulesError as exc:
        raise ValidationFailed(str(exc))
    with transaction.atomic():
        ruleset, _created = RuleSet.objects.update_or_create(
            jurisdiction=compiled.jurisdiction,
            year=compiled.year,
            defaults={
                "version": compiled.version,
                "name_zh": compiled.name_zh,
                "name_en": compiled.name_en,
                "source": compiled.source,
                "params": compiled.params,
                "lists": compiled.lists,
                "facts": data.get("facts") or {},
                "loaded_from": path.name,
            },
        )
        seen = []
        for i, rule in enumerate(compiled.rules):
            Rule.objects.update_or_create(
                ruleset=ruleset,
                code=rule.id,
                defaults={
                    "position": i,
                    "title_zh": rule.title_zh,
                    "title_en": rule.title_en,
                    "description_zh": rule.description_zh,
                    "description_en": rule.description_en,
                    "document": rule.document,
                    "article": rule.article,
                    "certainty": rule.certainty,
                    "severity": rule.severity,
                    "checkpoints": list(rule.checkpoints),
                    "needs": list(rule.needs),
                    "when_expr": rule.when,
                    "violation_expr": rule.violation,
                    "message_zh": rule.message_zh,
                    "message_en": rule.message_en,
                    "source_note": rule.source,
                    "enabled": rule.enabled,
                },
            )
            seen.append(rule.id)
        ruleset.rules.exclude(code__in=seen).update(enabled=False)
        if actor is not None:
            audit_record(
                actor=actor,
                action="compliance.ruleset_loaded",
                target=ruleset,
                summary=f"{ruleset} from {path.name}",
                data={"rules": len(seen)},
            )
    return ruleset


def rulesets_load_all(*, actor: Actor = None, rules_dir: Path | str | None = None) -> list[RuleSet]:
    return [ruleset_load_file(actor=actor, path=path) for _j, _y, path in engine.available_rulesets(rules_dir)]


_CACHE: dict = {}


def active_ruleset(jurisdiction: str = DEFAULT_JURISDICTION, year: int = DEFAULT_YEAR) -> engine.RuleSet:
    """The engine rule set: from the tables when loaded (admin edits apply), else straight from the file."""
    row = RuleSet.objects.filter(jurisdiction=jurisdiction.upper(), year=year, is_active=True).first()
    if row is None:
        return engine.load_ruleset(jurisdiction, year)
    stamp = (row.pk, row.updated_at, row.rules.aggregate(m=Max("updated_at"))["m"], row.rules.count())
    cached = _CACHE.get(stamp)
    if cached is None:
        try:
            cached = engine.ruleset_from_dict(row.as_data(), origin=str(row))
        except engine.RulesError as exc:
            raise ValidationFailed(str(exc))
        _CACHE.clear()
        _CACHE[stamp] = cached
    return cached


# ---------------------------------------------------------------------------------------------------
# Violations
# ---------------------------------------------------------------------------------------------------

NOTIFY_SCHOOL_ROLES = (Role.SCHOOL_ADMIN,)
NOTIFY_ENTERPRISE_ROLES = (Role.ENTERPRISE_ADMIN,)


def _recipients(violation: Violation) -> list:
    """Who is told: the school's admins and the placement's school mentor; the enterprise's admins and the
    placement's enterprise mentor; for critical violations also the education authority of the school's
    region. Students are not notified of rule findings about their host (they see them on their page)."""
    from workbridge.organizations.models import Membership, User

    users: dict[int, object] = {}
    memberships = Membership.objects.filter(is_active=True).select_related("user")
    if violation.school_id:
        for m in memberships.filter(organization_id=violation.school_id, role__in=NOTIFY_SCHOOL_ROLES):
            users[m.user_id] = m.user
    if violation.enterprise_id:
        for m in memberships.filter(organization_id=violation.enterprise_id, role__in=NOTIFY_ENTERPRISE_ROLES):
            users[m.user_id] = m.user
    placement = violation.placement
    if placement is not None:
        for attr in ("school_mentor", "enterprise_mentor"):
            mentor = getattr(placement, attr, None)
            user = getattr(mentor, "user", None) if mentor is not None and not isinstance(mentor, User) else mentor
            if user is not None and getattr(user, "pk", None):
                users[user.pk] = user
    if violation.severity == Severity.CRITICAL and violation.school_id:
        region_id = violation.school.region_id
        if region_id:
            for m in memberships.filter(role=Role.AUTHORITY_OFFICER, organization__region_id=region_id):
                users[m.user_id] = m.user
    return list(users.values())


def _notify(violation: Violation) -> None:
    recipients = _recipients(violation)
    link = reverse("compliance:violation-detail", kwargs={"pk": violation.pk})
    for user in recipients:
        zh = (getattr(user, "preferred_language", "") or "zh-hans").lower().startswith("zh")
        title = (
            f"违规提醒：{violation.rule.title_zh if violation.rule else violation.rule_code}"
            if zh
            else f"Rule violation: {violation.rule.title_en if violation.rule else violation.rule_code}"
        )
        body = (violation.message_zh if zh else violation.message_en) + "\n" + violation.citation
        notification_send(
            recipient=user,
            kind="rule_violation",
            title=title,
            body=body,
            link=link,
            email=violation.severity == Severity.CRITICAL,
        )
    if recipients:
        violation.notified_users.add(*recipients)
        violation.notified_at = timezone.now()
        violation.save(update_fields=["notified_at", "updated_at"])


def _finding_fields(finding) -> dict:
    if isinstance(finding, dict):
        finding = engine.Finding(
            **{k: finding[k] for k in ("rule_id", "severity", "message_zh", "message_en", "citation", "certainty")},
            details=finding.get("details") or {},
        )
    if finding.severity not in Severity.values:
        raise ValidationFailed(f"finding {finding.rule_id}: unknown severity {finding.severity!r}")
    return {
        "rule_code": finding.rule_id,
        "severity": finding.severity,
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
        "citation": finding.citation[:300],
        "certainty": finding.certainty[:80],
        "details": _jsonable(finding.details),
    }


def _jsonable(value):
    from datetime import date, datetime, time
    from decimal import Decimal

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def violations_record_findings(
    *,
    actor: Actor,
    findings,
    school=None,
    enterprise=None,
    position=None,
    placement=None,
    student=None,
    checkpoint: str = "",
    jurisdiction: str = DEFAULT_JURISDICTION,
    year: int = DEFAULT_YEAR,
) -> list[Violation]:
    """Record engine findings as violations of this subject. A finding whose rule is already open for the
    same subject updates that violation (``occurrences`` + 1, latest message) instead of adding one; new
    violations notify the people responsible. All or nothing."""
    if placement is not None:
        school = school or placement.school
        enterprise = enterprise or placement.enterprise
        student = student or placement.student
        position = position or placement.position
    if position is not None:
        enterprise = enterprise or position.enterprise
    if school is None and enterprise is None:
        raise ValidationFailed("A violation needs the school or the enterprise it concerns.")
    if checkpoint and checkpoint not in engine.CHECKPOINTS:
        raise ValidationFailed(f"Unknown checkpoint {checkpoint!r}.")
    ids = _subject_ids(school=school, enterprise=enterprise, position=position, placement=placement, student=student)
    rules = {r.code: r for r in Rule.objects.filter(ruleset__jurisdiction=jurisdiction.upper(), ruleset__year=year)}
    now = timezone.now()
    touched: list[Violation] = []
    created: list[Violation] = []
    with transaction.atomic():
        for finding in findings:
            fields = _finding_fields(finding)
            key = subject_key(fields["rule_code"], **ids)
            existing = (
                Violation.objects.select_for_update().filter(subject_key=key, status=ViolationStatus.OPEN).first()
            )
            if existing is not None:
                existing.occurrences += 1
                existing.last_seen_at = now
                for name in ("severity", "message_zh", "message_en", "details", "citation", "certainty"):
                    setattr(existing, name, fields[name])
                existing.save()
                touched.append(existing)
                continue
            violation = Violation(
                rule=rules.get(fields["rule_code"]),
                jurisdiction=jurisdiction.upper(),
                ruleset_year=year,
                checkpoint=checkpoint or "position_review",
                school=school,
                enterprise=enterprise,
                position=position,
                placement=placement,
                student=student,
                subject_key=key,
                last_seen_at=now,
                **fields,
            )
            full_clean_or_raise(violation, exclude=["subject_key"])
            try:
                with transaction.atomic():
                    violation.save()
            except IntegrityError:  # a concurrent check recorded it first
                existing = Violation.objects.get(subject_key=key, status=ViolationStatus.OPEN)
                touched.append(existing)
                continue
            touched.append(violation)
            created.append(violation)
        for violation in created:
            _notify(violation)
            audit_record(
                actor=getattr(actor, "user", actor),
                action="compliance.violation_recorded",
                target=violation,
                organization_id=violation.school_id or violation.enterprise_id,
                summary=f"{violation.rule_code} at {violation.checkpoint}",
            )
    return touched


def _subject_ids(*, school=None, enterprise=None, position=None, placement=None, student=None) -> dict:
    if placement is not None:
        school, enterprise = school or placement.school, enterprise or placement.enterprise
        student, position = student or placement.student, position or placement.position
    if position is not None:
        enterprise = enterprise or position.enterprise
    return {
        "school_id": getattr(school, "pk", None),
        "enterprise_id": getattr(enterprise, "pk", None),
        "position_id": getattr(position, "pk", None),
        "placement_id": getattr(placement, "pk", None),
        "student_id": getattr(student, "pk", None),
    }


def violations_resolve_fixed(
    *, actor: Actor | None, rule_ids, school=None, enterprise=None, position=None, placement=None, student=None
) -> list[Violation]:
    """Close the open violations of this subject whose rules a later check evaluated and found kept: the fact
    was fixed (guardian consent given, insurance recorded). Each closing is audited, so the history shows when
    and by which check it closed."""
    ids = _subject_ids(school=school, enterprise=enterprise, position=position, placement=placement, student=student)
    if not any(ids.values()):
        return []
    keys = [subject_key(rule_id, **ids) for rule_id in rule_ids]
    closed = []
    now = timezone.now()
    for violation in Violation.objects.select_for_update().filter(subject_key__in=keys, status=ViolationStatus.OPEN):
        violation.status = ViolationStatus.RESOLVED
        violation.resolved_automatically = True
        violation.resolved_at = now
        # Kept in both languages for exports and the audit trail; the page words it in the reader's language.
        violation.resolution = "复查确认已整改 / Fixed: a later check found the rule kept."
        violation.save(update_fields=["status", "resolved_automatically", "resolved_at", "resolution", "updated_at"])
        audit_record(
            actor=actor,
            action="compliance.violation_fixed",
            target=violation,
            organization_id=violation.school_id or violation.enterprise_id,
            summary=violation.rule_code,
        )
        closed.append(violation)
    return closed


def compliance_check(
    *,
    actor: Actor | None,
    facts: dict,
    checkpoint: str,
    school=None,
    enterprise=None,
    position=None,
    placement=None,
    student=None,
    jurisdiction: str = DEFAULT_JURISDICTION,
    year: int = DEFAULT_YEAR,
    record: bool = True,
    resolve_fixed: bool | None = None,
) -> list:
    """Evaluate the facts at a checkpoint and (by default) record the findings; open violations of the same
    subject whose rules were checked and kept are closed (``resolve_fixed``, on whenever findings are
    recorded). Returns the findings."""
    ruleset = active_ruleset(jurisdiction, year)
    try:
        report = engine.evaluate_report(ruleset, facts, checkpoint)
    except engine.RulesError as exc:
        raise ValidationFailed(str(exc))
    findings = report.findings
    with transaction.atomic():
        if record and findings:
            violations_record_findings(
                actor=actor,
                findings=findings,
                school=school,
                enterprise=enterprise,
                position=position,
                placement=placement,
                student=student,
                checkpoint=checkpoint,
                jurisdiction=jurisdiction,
                year=year,
            )
        if record if resolve_fixed is None else resolve_fixed:
            kept = set(report.checked) - {f.rule_id for f in findings}
            if kept:
                violations_resolve_fixed(
                    actor=actor,
                    rule_ids=kept,
                    school=school,
                    enterprise=enterprise,
                    position=position,
                    placement=placement,
                    student=student,
                )
    return findings


def violation_resolve(*, actor: Actor, violation: Violation, resolution: str, dismiss: bool = False) -> Violation:
    """Close an open violation with what was done (or why it does not apply, when dismissed)."""

    actor = as_actor(actor)
    require_role(actor, [Role.SCHOOL_ADMIN, Role.TEACHER, Role.AUTHORITY_OFFICER, Role.ENTERPRISE_ADMIN])
    if not may_resolve(actor, violation):
        raise PermissionDenied("You may not resolve this violation.")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationFailed(
            "Say how the violation was resolved.", errors={"resolution": ["This field is required."]}
        )
    with transaction.atomic():
        locked = Violation.objects.select_for_update().get(pk=violation.pk)
        if locked.status != ViolationStatus.OPEN:
            raise InvalidTransition("This violation is already closed.")
        locked.status = ViolationStatus.DISMISSED if dismiss else ViolationStatus.RESOLVED
        locked.resolution = resolution[:4000]
        locked.resolved_by = actor.user
        locked.resolved_at = timezone.now()
        full_clean_or_raise(locked, exclude=["subject_key"])
        locked.save()
        audit_record(
            actor=actor,
            action="compliance.violation_" + locked.status,
            target=locked,
            organization_id=locked.school_id or locked.enterprise_id,
            summary=locked.rule_code,
        )
    return locked
