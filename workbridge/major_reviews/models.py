"""A major's exit path (issue 13.5): a red early warning opens a review of the major with the evidence gathered
at opening, the options the school's staff weigh, the school's decision and the follow-up until it is done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core.models import TimeStampedModel


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("major review status", "Open")
    DISCUSSING = "discussing", _("Options under discussion")
    DECIDED = "decided", _("Decided, follow-up under way")
    CLOSED = "closed", _("Follow-up done")


OPEN_STATUSES = (ReviewStatus.OPEN, ReviewStatus.DISCUSSING, ReviewStatus.DECIDED)


class OpenedBy(models.TextChoices):
    WARNING = "warning", _("Opened by a red warning")
    STAFF = "staff", _("Opened by the school's staff")


class OptionKind(models.TextChoices):
    ADJUST = "adjust", _("Adjust the programme")
    REDUCE = "reduce", _("Reduce intake")
    PAUSE = "pause", _("Pause enrolment")
    MERGE = "merge", _("Merge into another major")
    CLOSE = "close", _("Close, teaching out the enrolled cohorts")


class MajorReview(TimeStampedModel):
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="reviews")
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    warning = models.ForeignKey(
        "labour_market.MajorWarning", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warning_year = models.PositiveSmallIntegerField(_("warning year"), null=True, blank=True)
    warning_level = models.CharField(_("warning level"), max_length=6, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # the warning's findings as they stood at opening
    evidence = models.JSONField(default=dict, blank=True)  # demand, destinations, feedback at opening
    opened_by = models.CharField(_("opened"), max_length=8, choices=OpenedBy.choices, default=OpenedBy.WARNING)
    opened_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("why it was opened"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    decided_option = models.ForeignKey(
        "ReviewOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["major"], condition=~Q(status="closed"), name="major_review_one_open_per_major"
            )
        ]
        verbose_name = _("major review")
        verbose_name_plural = _("major reviews")

    def __str__(self) -> str:
        return str(self.major)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReviewOption(TimeStampedModel):
    review = models.ForeignKey(MajorReview, on_delete=models.CASCADE, related_name="options")
    kind = models.CharField(_("option"), max_length=8, choices=OptionKind.choices)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    intake_now = models.PositiveIntegerField(_("intake now"), null=True, blank=True)
    intake_proposed = models.PositiveIntegerField(_("intake proposed"), null=True, blank=True)
    merge_into = models.ForeignKey(
        "academics.Major",
        verbose_name=_("merge into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("review option")
        verbose_name_plural = _("review options")


class StepKind(models.TextChoices):
    ENROLMENT_STOPPED = "enrolment_stopped", _("Enrolment stopped in the catalogue")
    INTAKE_REDUCED = "intake_reduced", _("Intake reduced in the enrolment plan")
    PROGRAMME_REVISED = "programme_revised", _("Programme revised")
    MERGED = "merged", _("Courses and teachers moved to the other major")
    TEACH_OUT = "teach_out", _("Cohort taught out until graduation")
    OTHER = "other", _("Other step")


class FollowUpStep(TimeStampedModel):
    review = models.ForeignKey(MajorReview, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("what is to be done"), max_length=200)
    cohort = models.ForeignKey("academics.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
