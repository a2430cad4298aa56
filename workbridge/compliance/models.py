"""Regulation rules as editable tables (loaded from the versioned data files) and the violations they find."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel

from .engines.rules import RulesError, ruleset_from_dict


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Checkpoint(models.TextChoices):
    POSITION_REVIEW = "position_review", _("Position review")
    AGREEMENT = "agreement", _("Agreement")
    ATTENDANCE = "attendance", _("Attendance")
    PLACEMENT_START = "placement_start", _("Placement start")


class RuleSet(TimeStampedModel):
    """The rules of one jurisdiction (country or province) in one year, loaded from its data file."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("version"), max_length=30, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    source = models.TextField(_("source"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    lists = models.JSONField(_("lists"), default=dict, blank=True)
    facts = models.JSONField(_("extra facts"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    loaded_from = models.CharField(_("loaded from file"), max_length=200, blank=True)

    class Meta:
        ordering = ["jurisdiction", "-year"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="ruleset_unique_year")]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.year}"

    def as_data(self) -> dict:
        """The engine's data form, built from these rows (so admin edits take effect)."""
        return {
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "version": self.version,
            "name": {"zh": self.name_zh, "en": self.name_en},
            "source": self.source,
            "params": self.params,
            "lists": self.lists,
            "facts": self.facts,
            "rules": [r.as_data() for r in self.rules.order_by("position", "id")],
        }


class Rule(TimeStampedModel):
    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("rule id"), max_length=80)
    position = models.PositiveIntegerField(_("order"), default=0)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_zh = models.TextField(_("description (Chinese)"))
    description_en = models.TextField(_("description (English)"))
    document = models.CharField(_("document"), max_length=200)
    article = models.CharField(_("article"), max_length=100)
    certainty = models.CharField(_("certainty mark"), max_length=80)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    checkpoints = models.JSONField(_("checkpoints"), default=list)
    needs = models.JSONField(_("facts needed"), default=list, blank=True)
    when_expr = models.TextField(_("applies when"), default="true", blank=True)
    violation_expr = models.TextField(_("violation condition"))
    message_zh = models.TextField(_("message (Chinese)"))
    message_en = models.TextField(_("message (English)"))
    source_note = models.TextField(_("source note"), blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        ordering = ["ruleset", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "code"], name="rule_code_unique_in_set"),
            models.CheckConstraint(condition=Q(severity__in=list(Severity.values)), name="rule_severity_valid"),
        ]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return self.code

    @property
    def citation(self) -> str:
        return f"{self.document} {self.article}".strip()

    def as_data(self) -> dict:
        return {
            "id": self.code,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "description": {"zh": self.description_zh, "en": self.description_en},
            "citation": {"document": self.document, "article": self.article},
            "certainty": self.certainty,
            "severity": self.severity,
            "checkpoints": list(self.checkpoints or []),
            "needs": list(self.needs or []),
            "when": self.when_expr or "true",
            "violation": self.violation_expr,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "source": self.source_note,
            "enabled": self.enabled,
        }

    def clean(self):
        """An edited rule must still compile against its rule set's facts, params and lists."""
        if not self.ruleset_id:
            return
        rs = self.ruleset
        data = {
            "jurisdiction": rs.jurisdiction,
            "year": rs.year,
            "name": {"zh": rs.name_zh, "en": rs.name_en},
            "params": rs.params,
            "lists": rs.lists,
            "facts": rs.facts,
            "rules": [self.as_data()],
        }
        try:
            ruleset_from_dict(data, origin=str(rs))
        except RulesError as exc:
            raise ValidationError({"violation_expr": str(exc)})


class ViolationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class Violation(TimeStampedModel):
    """One rule found broken for one subject (position, placement or student); kept open until resolved."""

    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="violations")
    rule_code = models.CharField(_("rule id"), max_length=80, db_index=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=20, default="CN")
    ruleset_year = models.PositiveSmallIntegerField(_("rule set year"), default=2021)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, db_index=True)
    citation = models.CharField(_("citation"), max_length=300)
    certainty = models.CharField(_("certainty mark"), max_length=80, blank=True)
    message_zh = models.TextField(_("message (Chinese)"))
    message_en = models.TextField(_("message (English)"))
    details = models.JSONField(_("facts"), default=dict, blank=True)
    checkpoint = models.CharField(_("checkpoint"), max_length=20, choices=Checkpoint.choices)
    school = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.ForeignKey(
        "placements.Position", null=True, blank=True, on_delete=models.SET_NULL, related_name="violations"
    )
    placement = models.ForeignKey(
        "placements.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="violations"
    )
    student = models.ForeignKey(
        "academics.Student", null=True, blank=True, on_delete=models.SET_NULL, related_name="violations"
    )
    subject_key = models.CharField(max_length=200, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ViolationStatus.choices, default=ViolationStatus.OPEN, db_index=True
    )
    occurrences = models.PositiveIntegerField(_("times found"), default=1)
    last_seen_at = models.DateTimeField(_("last found"), null=True, blank=True)
    notified_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("told")
    )
    notified_at = models.DateTimeField(_("told at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # Closed by a later check that found the fact fixed (the resolution is then told in words by the page).
    resolved_automatically = models.BooleanField(_("resolved by a later check"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open violation per rule and subject: re-checks update it instead of piling up.
            models.UniqueConstraint(fields=["subject_key"], condition=Q(status="open"), name="violation_open_unique"),
            models.CheckConstraint(
                condition=Q(school__isnull=False) | Q(enterprise__isnull=False), name="violation_has_owner"
            ),
            models.CheckConstraint(condition=Q(severity__in=list(Severity.values)), name="violation_severity_valid"),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="violation_closed_has_resolution",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["enterprise", "status"]),
        ]
        verbose_name = _("rule violation")
        verbose_name_plural = _("rule violations")

    def __str__(self) -> str:
        return f"{self.rule_code} ({self.get_status_display()})"

    def message(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = (language or get_language() or "en").lower()
        return self.message_zh if lang.startswith("zh") else self.message_en


def subject_key(
    rule_code: str, *, school_id=None, enterprise_id=None, position_id=None, placement_id=None, student_id=None
) -> str:
    """The identity of "the same problem": rule plus the most specific object it concerns."""
    if placement_id:
        subject = f"placement:{placement_id}"
    elif position_id:
        subject = f"position:{position_id}" + (f":student:{student_id}" if student_id else "")
    elif student_id:
        subject = f"student:{student_id}"
    else:
        subject = f"org:{school_id or 0}:{enterprise_id or 0}"
    return f"{rule_code}|{subject}"[:200]
