"""Employer feedback into teaching (issue 13.2): each term a school asks the enterprises that hosted its interns or
hired its graduates to rate them against the major's capabilities; the ratings roll up per major, capability and
course, and a capability rated below the threshold opens a review task for the major's leader."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FeedbackRound(TimeStampedModel):
    """One school's feedback round for one term (codes like 2025-2026-1)."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(_("term"), max_length=11)
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closes_on = models.DateField(_("answers due"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-term", "school_id"]
        constraints = [models.UniqueConstraint(fields=["school", "term"], name="feedback_round_once_per_term")]
        verbose_name = _("feedback round")
        verbose_name_plural = _("feedback rounds")

    def __str__(self) -> str:
        return self.term


class CapabilitySource(models.TextChoices):
    MATRIX = "matrix", _("The major's post → capability → course matrix")
    GENERIC = "generic", _("General capabilities (the major has no matrix yet)")


class RoundCapability(models.Model):
    """A capability of a major asked in a round, frozen when the round opens with the courses that teach it."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="capabilities")
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=160)
    label_zh = models.CharField(max_length=160)
    label_en = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=8, choices=CapabilitySource.choices)
    courses = models.JSONField(default=list, blank=True)  # [{"code": ..., "name": ...}]
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "major", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "major", "key"], name="feedback_capability_once")]
        verbose_name = _("capability asked")
        verbose_name_plural = _("capabilities asked")

    def label(self, language: str = "zh") -> str:
        return self.label_en if language.startswith("en") and self.label_en else self.label_zh


class Relation(models.TextChoices):
    INTERN = "intern", _("Intern hosted")
    GRADUATE = "graduate", _("Graduate hired")


class FormStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the employer")
    SUBMITTED = "submitted", pgettext_lazy("employer feedback", "Answered")


class FeedbackForm(TimeStampedModel):
    """One enterprise's feedback on one student or graduate in a round."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="forms")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="+")
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=8, choices=Relation.choices)
    status = models.CharField(_("status"), max_length=10, choices=FormStatus.choices, default=FormStatus.WAITING)
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), null=True, blank=True, validators=RATING)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "enterprise_id", "student_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "enterprise", "student"], name="feedback_form_once"),
            models.CheckConstraint(
                condition=Q(overall__isnull=True) | (Q(overall__gte=1) & Q(overall__lte=5)),
                name="feedback_overall_range",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "status"])]
        verbose_name = _("feedback form")
        verbose_name_plural = _("feedback forms")

    def __str__(self) -> str:  # the audit log names the record by this
        return f"{self.student.name} · {self.enterprise.name}"


class CapabilityRating(models.Model):
    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="ratings")
    capability = models.ForeignKey(RoundCapability, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("rating"), validators=RATING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "capability"], name="feedback_rating_once"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="feedback_rating_range"),
        ]
        verbose_name = _("capability rating")
        verbose_name_plural = _("capability ratings")


class MajorLeader(TimeStampedModel):
    """The teacher who leads a major (专业带头人); review tasks go to them (to the school's admins when none)."""

    major = models.OneToOneField("academics.Major", on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey("academics.Teacher", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("major leader")
        verbose_name_plural = _("major leaders")

    def __str__(self) -> str:  # the audit log names the record by this (not "MajorLeader object (1)")
        return f"{self.major.name} · {self.teacher.name}"


class ThresholdSetting(TimeStampedModel):
    """A school's own review threshold (the defaults are in data/thresholds.toml)."""

    school = models.OneToOneField("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mean_below = models.DecimalField(
        _("review when the mean is below"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    min_responses = models.PositiveSmallIntegerField(
        _("with at least this many ratings"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    reason = models.CharField(_("why this threshold"), max_length=300)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("review threshold")
        verbose_name_plural = _("review thresholds")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("employer feedback", "To review")
    DONE = "done", pgettext_lazy("employer feedback", "Reviewed")


class ReviewTask(TimeStampedModel):
    """A capability rated below the threshold: the major's leader reviews the teaching behind it."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="tasks")
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="+")
    capability = models.ForeignKey(RoundCapability, on_delete=models.CASCADE, related_name="+")
    mean = models.DecimalField(_("mean rating"), max_digits=3, decimal_places=2)
    responses = models.PositiveIntegerField(_("ratings"))
    threshold = models.DecimalField(_("threshold"), max_digits=3, decimal_places=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=6, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    outcome = models.TextField(_("what the review decided"), max_length=2000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "major", "capability"], name="feedback_review_once_per_term")
        ]
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")

    def __str__(self) -> str:  # the audit log names the record by this (not "ReviewTask object (1)")
        return f"{self.major.name} · {self.capability.label(get_language() or 'zh')}"
