"""Positions, applications, matching rounds, placements and everything that happens during an internship.

Scoping columns: every row carries (directly or through its placement) the school, the enterprise and the
student it belongs to, so core.access can scope it (see apps.py).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core.archiving import Archivable
from workbridge.core.models import TimeStampedModel

OCCUPATION_CODE_RE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------------------------------------------
# Settings per school (thresholds the school may change; defaults in data/defaults.json with their sources)


class PlacementSettings(TimeStampedModel):
    """One school's configurable thresholds for internships."""

    school = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="placement_settings"
    )
    max_students_per_school_mentor = models.PositiveSmallIntegerField(_("students per school mentor (cap)"), default=20)
    max_students_per_enterprise_mentor = models.PositiveSmallIntegerField(
        _("students per enterprise mentor (cap)"), default=10
    )
    no_checkin_alert_days = models.PositiveSmallIntegerField(
        _("alert after N expected days without check-in"), default=3
    )
    outside_geofence_alert_count = models.PositiveSmallIntegerField(
        _("alert after N check-ins outside the geofence in 7 days"), default=3
    )
    report_grace_days = models.PositiveSmallIntegerField(_("report overdue after (days past deadline)"), default=2)
    review_due_days = models.PositiveSmallIntegerField(_("mentor review due within (days)"), default=5)
    max_choices = models.PositiveSmallIntegerField(_("positions a student may rank"), default=10)
    grade_weights = models.JSONField(
        _("final grade weights"),
        default=dict,
        blank=True,
        help_text=_("enterprise, school, reports, attendance: fractions summing to 1"),
    )
    incident_escalation_hours = models.PositiveSmallIntegerField(
        _("serious incidents go to the authority within (hours)"), default=24
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(max_students_per_school_mentor__gte=1), name="settings_school_ratio_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_students_per_enterprise_mentor__gte=1), name="settings_enterprise_ratio_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1) & Q(max_choices__lte=50), name="settings_max_choices_range"
            ),
        ]
        verbose_name = _("placement settings")
        verbose_name_plural = _("placement settings")

    def clean(self):
        weights = self.grade_weights or {}
        if weights:
            allowed = {"enterprise", "school", "reports", "attendance"}
            unknown = set(weights) - allowed
            if unknown:
                raise ValidationError(
                    {"grade_weights": _("Unknown weight(s): %(w)s") % {"w": ", ".join(sorted(unknown))}}
                )
            try:
                total = sum(float(v) for v in weights.values())
            except (TypeError, ValueError):
                raise ValidationError({"grade_weights": _("Weights must be numbers.")}) from None
            if any(float(v) < 0 for v in weights.values()) or abs(total - 1.0) > 1e-6:
                raise ValidationError({"grade_weights": _("Weights must be non-negative and sum to 1.")})


# ---------------------------------------------------------------------------------------------------------
# Positions


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


class InternshipKind(models.TextChoices):
    POSITION = "position", _("Position internship")
    COGNITIVE = "cognitive", _("Cognitive internship")


class PlanKind(models.TextChoices):
    COGNITIVE = "cognitive", _("Cognitive internship")
    POST = "post", _("Post internship")
    GRADUATION = "graduation", _("Graduation internship")


class PhotoPolicy(models.TextChoices):
    """Whether a check-in carries a photo taken at the workplace (the phone's camera)."""

    OFF = "off", _("No photo")
    OPTIONAL = "optional", _("Photo optional")
    REQUIRED = "required", _("Photo required")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Closed")


class InternshipPlan(TimeStampedModel):
    """A school's internship plan (实习计划) for one practice course and its classes: the kind, the dates and
    minimum weeks, who takes part and who mentors, and how it is assessed. Placements of the plan's students
    within its dates belong to it; reports, evaluations, grades and alerts follow their placement."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="internship_plans")
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind of internship"), max_length=12, choices=PlanKind.choices, default=PlanKind.POST)
    course = models.ForeignKey(
        "academics.Course",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="internship_plans",
        verbose_name=_("practice course"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    min_weeks = models.PositiveSmallIntegerField(_("minimum weeks"), default=0)
    cohorts = models.ManyToManyField("academics.Cohort", related_name="internship_plans", verbose_name=_("classes"))
    school_mentors = models.ManyToManyField(
        "academics.Teacher", blank=True, related_name="internship_plans", verbose_name=_("school mentors")
    )
    grade_weights = models.JSONField(
        _("final grade weights"), default=dict, blank=True, help_text=_("enterprise, school, reports, attendance")
    )
    min_weekly_reports = models.PositiveSmallIntegerField(_("weekly reports required"), default=0)
    min_report_chars = models.PositiveSmallIntegerField(_("characters per report, at least"), default=0)
    final_report_required = models.BooleanField(_("final report required"), default=True)
    final_report_template = models.TextField(_("final report outline"), blank=True)
    final_report_due = models.DateField(_("final report due"), null=True, blank=True)
    checkin_photo = models.CharField(
        _("photo with each check-in"),
        max_length=8,
        choices=PhotoPolicy.choices,
        default=PhotoPolicy.OFF,
        help_text=_("The default for the plan's placements; a placement may change it."),
    )
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("internship plan")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="plan_dates_ordered"),
        ]
        verbose_name_plural = _("internship plans")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.min_weeks:
            if (self.end_date - self.start_date).days + 1 < self.min_weeks * 7:
                raise ValidationError({"min_weeks": _("The plan's dates are shorter than its minimum weeks.")})


class Position(TimeStampedModel, Archivable):
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("title"), max_length=120)
    occupation_code = models.CharField(_("occupation code (CSCO 2022)"), max_length=12)
    kind = models.CharField(_("kind"), max_length=12, choices=InternshipKind.choices, default=InternshipKind.POSITION)
    duties = models.TextField(_("duties"), blank=True)
    required_skills = models.JSONField(_("required skills"), default=list, blank=True)
    major_categories = models.JSONField(_("suitable major categories (category codes)"), default=list, blank=True)
    places = models.PositiveSmallIntegerField(_("places"))
    reserved_places = models.PositiveSmallIntegerField(_("places reserved for the project's class"), default=0)
    post_staff_count = models.PositiveIntegerField(_("staff in this kind of post"), null=True, blank=True)
    workplace_address = models.CharField(_("workplace address"), max_length=300)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    geofence_radius_m = models.PositiveIntegerField(_("geofence radius (m)"), default=300)
    monthly_pay = models.DecimalField(_("monthly pay (yuan)"), max_digits=9, decimal_places=2)
    post_wage = models.DecimalField(
        _("wage of staff in the same post (yuan/month)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    daily_hours = models.DecimalField(_("daily hours"), max_digits=4, decimal_places=1)
    shift_start = models.TimeField(_("shift start"))
    shift_end = models.TimeField(_("shift end"))
    rest_days_per_week = models.PositiveSmallIntegerField(_("rest days per week"), default=2)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    # Facts the compliance rules need; the enterprise declares them, the school checks them.
    venue_type = models.CharField(_("venue type"), max_length=40, blank=True)
    physical_intensity_level = models.PositiveSmallIntegerField(_("physical labour intensity level (I-IV)"), default=1)
    minors_forbidden_work = models.BooleanField(_("work forbidden for minors"), default=False)
    women_forbidden_work = models.BooleanField(_("work forbidden for women"), default=False)
    via_agency = models.BooleanField(_("arranged through an agency or intermediary"), default=False)
    fee_to_student = models.DecimalField(
        _("any fee charged to the student (yuan)"), max_digits=9, decimal_places=2, default=0
    )
    night_shift = models.BooleanField(_("includes night shifts"), default=False)
    # One rotating check-in code per workplace (all interns of the post scan the same code), made on first use.
    qr_secret = models.CharField(max_length=64, blank=True)
    project = models.ForeignKey(
        "partnerships.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="positions"
    )
    status = models.CharField(
        _("review status"), max_length=12, choices=PositionStatus.choices, default=PositionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by_school = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_positions",
    )
    reviewed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # The compliance findings at submission (rule id, severity, message, citation), for the reviewer.
    compliance_findings = models.JSONField(_("compliance findings"), default=list, blank=True)
    created_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="position_places_positive"),
            models.CheckConstraint(
                condition=Q(reserved_places__lte=F("places")), name="position_reserved_within_places"
            ),
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="position_term_positive"),
            models.CheckConstraint(condition=Q(monthly_pay__gte=0), name="position_pay_non_negative"),
            models.CheckConstraint(
                condition=Q(daily_hours__gt=0) & Q(daily_hours__lte=24), name="position_hours_range"
            ),
            models.CheckConstraint(condition=Q(rest_days_per_week__lte=7), name="position_rest_days_range"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90), name="position_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180), name="position_longitude_range"
            ),
            models.CheckConstraint(
                condition=Q(geofence_radius_m__gte=20) & Q(geofence_radius_m__lte=5000), name="position_geofence_range"
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "status"]), models.Index(fields=["status", "start_date"])]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors: dict = {}
        if self.occupation_code and not OCCUPATION_CODE_RE.match(self.occupation_code):
            errors["occupation_code"] = _("Use the CSCO 2022 form 4-04-05-03.")
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end must come after the start.")
        if self.places is not None and self.reserved_places is not None and self.reserved_places > self.places:
            errors["reserved_places"] = _("More places reserved than offered.")
        if self.geofence_radius_m is not None and not 20 <= self.geofence_radius_m <= 5000:
            errors["geofence_radius_m"] = _("The geofence radius must be between 20 and 5000 metres.")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("Latitude must be between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("Longitude must be between -180 and 180.")
        if self.daily_hours is not None and not 0 < self.daily_hours <= 24:
            errors["daily_hours"] = _("Daily hours must be between 0 and 24.")
        if self.rest_days_per_week is not None and self.rest_days_per_week > 7:
            errors["rest_days_per_week"] = _("A week has seven days.")
        if self.physical_intensity_level is not None and not 1 <= self.physical_intensity_level <= 4:
            errors["physical_intensity_level"] = _("Intensity levels run from I to IV.")
        if not isinstance(self.required_skills, list):
            errors["required_skills"] = _("A list of skills.")
        if self.enterprise_id and self.enterprise.kind != "enterprise":
            errors["enterprise"] = _("Only enterprises publish positions.")
        if self.project_id and self.enterprise_id and self.project.enterprise_id != self.enterprise_id:
            errors["project"] = _("The project belongs to another enterprise.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_order_class(self) -> bool:
        return bool(self.project_id) and self.project.project_type == "order_class"


# ---------------------------------------------------------------------------------------------------------
# Applications


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview scheduled")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined by student")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(TimeStampedModel):
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="applications")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="applications")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    cv = models.JSONField(_("CV (snapshot of the profile)"), default=dict, blank=True)
    cover_letter = models.TextField(_("cover letter"), blank=True)
    score = models.DecimalField(_("enterprise score"), max_digits=5, decimal_places=1, null=True, blank=True)
    interview_at = models.DateTimeField(_("interview time"), null=True, blank=True)
    interview_place = models.CharField(_("interview place"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("enterprise note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["student", "position"], name="application_once_per_position"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="application_score_range"
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "status"]), models.Index(fields=["school", "status"])]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.student} · {self.position}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending school approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SelfFoundProposal(TimeStampedModel):
    """A placement the student found on their own; the school approves it (creating position and placement)."""

    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="self_found_proposals")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("post"), max_length=120)
    occupation_code = models.CharField(_("occupation code (CSCO 2022)"), max_length=12)
    duties = models.TextField(_("duties"), blank=True)
    workplace_address = models.CharField(_("workplace address"), max_length=300)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    monthly_pay = models.DecimalField(_("monthly pay (yuan)"), max_digits=9, decimal_places=2)
    daily_hours = models.DecimalField(_("daily hours"), max_digits=4, decimal_places=1, default=8)
    shift_start = models.TimeField(_("shift start"))
    shift_end = models.TimeField(_("shift end"))
    rest_days_per_week = models.PositiveSmallIntegerField(_("rest days per week"), default=2)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    reason = models.TextField(_("why this placement"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(_("decision comment"), blank=True)
    placement = models.OneToOneField(
        "Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="proposal_term_positive")]
        verbose_name = _("self-found placement")
        verbose_name_plural = _("self-found placements")


# ---------------------------------------------------------------------------------------------------------
# Matching rounds


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for ranking")
    COMPUTED = "computed", _("Computed")
    PUBLISHED = "published", _("Published")
    CONVERTED = "converted", _("Turned into placements")


class MatchVariant(models.TextChoices):
    DA = "da", _("Stable (student-proposing deferred acceptance)")
    MAXFLOW = "maxflow", _("Maximise placed students (min-cost flow, not stable)")


class MatchingRound(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="matching_rounds")
    group = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_matching_rounds",
    )
    participating_schools = models.ManyToManyField("organizations.Organization", blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    max_choices = models.PositiveSmallIntegerField(_("positions a student may rank"), default=10)
    ranking_deadline = models.DateTimeField(_("ranking deadline"), null=True, blank=True)
    positions = models.ManyToManyField(Position, blank=True, related_name="matching_rounds")
    variant = models.CharField(_("algorithm"), max_length=10, choices=MatchVariant.choices, default=MatchVariant.DA)
    seed = models.BigIntegerField(_("lottery seed"), null=True, blank=True)
    lottery = models.JSONField(_("recorded lottery"), default=dict, blank=True)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    computed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_choices__gte=1) & Q(max_choices__lte=50), name="round_max_choices_range"
            )
        ]
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")

    def __str__(self) -> str:
        return self.title


class RoundChoice(models.Model):
    """A student's ranked choice in a round (rank 1 = first choice)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="choices")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="round_choices")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="round_choices")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student", "rank"], name="round_choice_rank_unique"),
            models.UniqueConstraint(fields=["round", "student", "position"], name="round_choice_position_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="round_choice_rank_positive"),
        ]
        verbose_name = _("round choice")
        verbose_name_plural = _("round choices")


class RoundScore(models.Model):
    """An enterprise's score for an applicant to one of its positions (higher is better)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="scores")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="round_scores")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="round_scores")
    score = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "position", "student"], name="round_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="round_score_range"),
        ]
        verbose_name = _("round score")
        verbose_name_plural = _("round scores")


class RoundResult(models.Model):
    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="results")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="round_results")
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.CASCADE, related_name="round_results"
    )
    choice_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["round", "student"]
        constraints = [models.UniqueConstraint(fields=["round", "student"], name="round_result_unique")]
        verbose_name = _("round result")
        verbose_name_plural = _("round results")


# ---------------------------------------------------------------------------------------------------------
# Placements


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("internship status", "Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class AttendanceMode(models.TextChoices):
    GPS = "gps", _("Daily GPS check-in")
    QR = "qr", _("Daily check-in with the workplace QR code")
    WEEKLY = "weekly", _("Mentor's weekly confirmation")


class PlacementSource(models.TextChoices):
    APPLICATION = "application", _("Application")
    MATCHING = "matching", _("Matching round")
    SELF_FOUND = "self_found", _("Self-found")


LIVE_PLACEMENT_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)


class PlacementQuerySet(models.QuerySet):
    def live(self):
        """Placements that hold the student and count against the host's intern limits: planned or active."""
        return self.filter(status__in=LIVE_PLACEMENT_STATUSES)


class EndReason(models.TextChoices):
    """Why a placement ended before its term (an early end needs one; a cancelled plan is its own reason)."""

    STUDENT_LEFT = "student_left", _("The student left the post")
    ENTERPRISE_ENDED = "enterprise_ended", _("The host ended it")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")
    CANCELLED = "cancelled", _("Cancelled before it began")


class Placement(TimeStampedModel):
    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="placements")
    plan = models.ForeignKey(
        InternshipPlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
        verbose_name=_("internship plan"),
    )
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="placements")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="school_placements")
    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="enterprise_placements"
    )
    school_mentor = models.ForeignKey(
        "academics.Teacher", null=True, blank=True, on_delete=models.SET_NULL, related_name="mentored_placements"
    )
    enterprise_mentor = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="mentored_placements"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    source = models.CharField(
        _("source"), max_length=12, choices=PlacementSource.choices, default=PlacementSource.APPLICATION
    )
    matching_round = models.ForeignKey(
        MatchingRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    # 工学交替: [{"start": "2026-03-02", "end": "2026-04-30", "kind": "work"|"school"}]; empty = all work.
    schedule = models.JSONField(_("alternating school/work schedule"), default=list, blank=True)
    attendance_mode = models.CharField(
        _("attendance"), max_length=8, choices=AttendanceMode.choices, default=AttendanceMode.GPS
    )
    qr_secret = models.CharField(max_length=64, blank=True)
    # Photo with each check-in: blank follows the internship plan (no plan: off); see photo_policy().
    checkin_photo = models.CharField(
        _("photo with each check-in"), max_length=8, choices=PhotoPolicy.choices, blank=True, default=""
    )
    hired_by_host = models.BooleanField(_("hired by the host"), default=False)
    final_grade = models.DecimalField(_("final grade"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade_breakdown = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    termination_reason = models.TextField(_("termination reason"), blank=True)
    end_reason = models.CharField(_("why it ended early"), max_length=20, choices=EndReason.choices, blank=True)
    ended_status = models.CharField(max_length=10, blank=True)  # the status before it ended, for a reopening

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="placement_term_positive"),
            models.CheckConstraint(
                condition=Q(final_grade__isnull=True) | (Q(final_grade__gte=0) & Q(final_grade__lte=100)),
                name="placement_grade_range",
            ),
            # A student holds at most one live placement.
            models.UniqueConstraint(
                fields=["student"], condition=Q(status__in=["planned", "active"]), name="placement_one_live_per_student"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["position", "status"]),
        ]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.student} @ {self.position}"

    def photo_policy(self, plan_policy: str | None = None) -> str:
        """The photo rule its check-ins follow: its own, else its plan's, else none. ``plan_policy``: the plan's
        value when the caller read it already (the check-in fast path), saving a query."""
        if self.checkin_photo:
            return self.checkin_photo
        if plan_policy is None and self.plan_id:
            plan_policy = self.plan.checkin_photo
        return plan_policy or PhotoPolicy.OFF

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end must come after the start.")
        if self.student_id and self.school_id and self.student.school_id != self.school_id:
            errors["student"] = _("The student belongs to another school.")
        if self.position_id and self.enterprise_id and self.position.enterprise_id != self.enterprise_id:
            errors["position"] = _("The position belongs to another enterprise.")
        if self.school_mentor_id and self.school_id and self.school_mentor.school_id != self.school_id:
            errors["school_mentor"] = _("The school mentor teaches at another school.")
        if errors:
            raise ValidationError(errors)


class TripartiteAgreement(TimeStampedModel):
    """The school-enterprise-student agreement of one placement (with guardian consent for minors)."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="agreement")
    terms = models.JSONField(_("terms"), default=dict)
    version = models.PositiveSmallIntegerField(default=1)
    pdf = models.FileField(upload_to="placements/agreements/%Y/", blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    guardian_required = models.BooleanField(default=False)
    guardian_name = models.CharField(_("guardian"), max_length=60, blank=True)
    school_confirmed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    school_confirmed_at = models.DateTimeField(null=True, blank=True)
    enterprise_confirmed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enterprise_confirmed_at = models.DateTimeField(null=True, blank=True)
    student_confirmed_at = models.DateTimeField(null=True, blank=True)
    guardian_confirmed_at = models.DateTimeField(null=True, blank=True)
    signed_scan = models.FileField(_("signed copy (scan)"), upload_to="placements/agreements/signed/%Y/", blank=True)
    signed_scan_version = models.PositiveSmallIntegerField(null=True, blank=True)
    guardian_consent_file = models.FileField(
        _("guardian's consent (scan)"), upload_to="placements/agreements/consent/%Y/", blank=True
    )

    class Meta:
        verbose_name = _("tripartite agreement")
        verbose_name_plural = _("tripartite agreements")

    @property
    def fully_confirmed(self) -> bool:
        return bool(
            self.school_confirmed_at
            and self.enterprise_confirmed_at
            and self.student_confirmed_at
            and (self.guardian_confirmed_at or not self.guardian_required)
        )


class Insurance(TimeStampedModel):
    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="insurance")
    policy_number = models.CharField(_("policy number"), max_length=60)
    insurer = models.CharField(_("insurer"), max_length=120)
    cover_start = models.DateField(_("cover from"))
    cover_end = models.DateField(_("cover until"))
    paid_by = models.CharField(
        _("paid by"),
        max_length=20,
        choices=[("school", _("School")), ("enterprise", _("Enterprise"))],
        default="school",
    )
    recorded_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(cover_end__gt=F("cover_start")), name="insurance_cover_positive")
        ]
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")


class TrainingKind(models.TextChoices):
    SAFETY = "safety", _("Safety training")
    JOB = "job", _("Job training")


class PrePlacementTraining(TimeStampedModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("kind"), max_length=8, choices=TrainingKind.choices)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=100)
    content = models.TextField(_("content"), blank=True)
    recorded_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="training_once_per_kind"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
        ]
        verbose_name = _("pre-placement training")
        verbose_name_plural = _("pre-placement training")


class MentorTraining(TimeStampedModel):
    """A training course an enterprise mentor completed (mentoring is a skill the rules expect)."""

    mentor = models.ForeignKey("organizations.User", on_delete=models.CASCADE, related_name="mentor_trainings")
    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="mentor_trainings"
    )
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["-completed_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="mentor_training_hours_positive")]
        verbose_name = _("mentor training")
        verbose_name_plural = _("mentor training")

    def __str__(self) -> str:  # the audit log names the record by this
        return self.course


class MentorKind(models.TextChoices):
    SCHOOL = "school", _("School mentor")
    ENTERPRISE = "enterprise", _("Enterprise mentor")


class MentorRating(TimeStampedModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="mentor_ratings")
    mentor_kind = models.CharField(max_length=10, choices=MentorKind.choices)
    score = models.PositiveSmallIntegerField(_("score (1-5)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "mentor_kind"], name="mentor_rating_once"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="mentor_rating_range"),
        ]
        verbose_name = _("mentor rating")
        verbose_name_plural = _("mentor ratings")


# ---------------------------------------------------------------------------------------------------------
# Attendance


class CheckInMethod(models.TextChoices):
    GPS = "gps", _("GPS")
    QR = "qr", _("QR code")
    MAKEUP = "makeup", _("Make-up request")


class ApprovalStatus(models.TextChoices):
    AUTO = "auto", _("Recorded")
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CheckInQuerySet(models.QuerySet):
    def counted(self):
        """Check-ins that count as attendance: recorded directly or approved (a make-up waiting for approval, or
        refused, does not count)."""
        return self.exclude(approval__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED])

    def awaiting_assessment(self):
        """Check-ins whose trust signals are still to be judged (stored by the one statement; the partial index
        checkin_assessment_pending holds exactly these)."""
        return self.filter(signals__isnull=True)


CHECKIN_SIGNAL_LABELS = {
    "outside_geofence": _("outside the workplace area"),
    "low_accuracy": _("imprecise location"),
    "outside_shift": _("outside working hours"),
    "impossible_travel": _("moved impossibly fast"),
    "repeated_coordinates": _("same coordinates as before"),
    "shared_device": _("phone used by another student"),
}


class CheckIn(models.Model):
    """One attendance record. Raw coordinates are purged after the retention period; the verdict stays."""

    # no index of its own: the unique (placement, client_key) and the (placement, ...) indexes below all start with
    # it, and one index fewer is one write fewer on every check-in (issue 14.1)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checkins", db_index=False)
    client_key = models.CharField(max_length=64)
    method = models.CharField(max_length=8, choices=CheckInMethod.choices, default=CheckInMethod.GPS)
    direction = models.CharField(max_length=3, choices=[("in", _("Arrival")), ("out", _("Departure"))], default="in")
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    work_date = models.DateField(_("work day"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance from the workplace (m)"), null=True, blank=True)
    within_geofence = models.BooleanField(_("inside the geofence"), null=True, blank=True)
    device_hash = models.CharField(max_length=64, blank=True)  # indexed with the time below (checkin_device_occurred)
    qr_valid = models.BooleanField(null=True, blank=True)
    offline = models.BooleanField(_("sent later (offline)"), default=False)
    # NULL: not assessed yet - a check-in the surge path stored with one statement (services.attendance) waits for
    # placements.assess_checkins to read its history and write its signals; [] once assessed with nothing found.
    signals = models.JSONField(_("trust signals"), default=list, blank=True, null=True)
    approval = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.AUTO)
    reason = models.TextField(_("reason (make-up)"), blank=True)
    # indexed only where set (checkin_decided_by): only make-up check-ins have a decider
    decided_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    coordinates_purged_at = models.DateTimeField(null=True, blank=True)
    # A photo taken at the workplace (re-encoded, without EXIF), kept as long as the raw coordinates
    # (privacy/data/retention.toml "checkin_photos"); served by placements:checkin-photo after an access check.
    photo = models.FileField(_("photo"), upload_to="placements/checkins/%Y/%m/", blank=True)
    photo_purged_at = models.DateTimeField(null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "client_key"], name="checkin_client_key_unique"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="checkin_coordinates_pair",
            ),
        ]
        # Every index is one more write on every check-in of the morning surge (issue 14.1): no index on
        # received_at (nothing looks rows up by it), none on the few decided make-ups beyond those that have a
        # decider, and the device's one index serves its only question (other students on this device today).
        indexes = [
            models.Index(fields=["placement", "work_date"]),
            # The check-in's trust signals read the student's check-ins of the last 30 days, newest first, and the
            # other check-ins from the same device within a day. Each index also carries what those reads return
            # or filter on (INCLUDE, PostgreSQL), so the judging worker reads them from the index alone, not one
            # table row per earlier check-in: the history read takes 40 % less of the database's time per check-in
            # judged, and storing a check-in costs no measurably more (issue 14.1, bench/README.md).
            models.Index(
                fields=["placement", "occurred_at"],
                include=["id", "latitude", "longitude", "accuracy_m"],
                name="checkin_placement_occurred",
            ),
            models.Index(
                fields=["device_hash", "occurred_at"],
                include=["placement", "id"],
                name="checkin_device_occurred",
                condition=~Q(device_hash=""),
            ),
            models.Index(fields=["decided_by"], name="checkin_decided_by", condition=Q(decided_by__isnull=False)),
            # the check-ins still to be assessed: a handful at any time, the index as small
            models.Index(fields=["id"], name="checkin_assessment_pending", condition=Q(signals__isnull=True)),
        ]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    @property
    def assessment_pending(self) -> bool:
        return self.signals is None

    def signal_labels(self) -> list[str]:
        """The trust signals in words (the codes stay in the data and the API)."""
        return [str(CHECKIN_SIGNAL_LABELS.get(sig.get("code"), _("unusual check-in"))) for sig in self.signals or []]


class LeaveRequest(TimeStampedModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="leave_requests")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    decided_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leave_range_valid")]
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")


class AttendanceConfirmation(TimeStampedModel):
    """An enterprise mentor confirms a week's attendance (replaces daily GPS in weekly mode)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendance_confirmations")
    week_start = models.DateField(_("week of"))
    days_present = models.JSONField(_("days present"), default=list)
    overtime_hours = models.DecimalField(_("overtime hours"), max_digits=5, decimal_places=1, default=0)
    night_shifts = models.PositiveSmallIntegerField(_("night shifts"), default=0)
    note = models.TextField(_("note"), blank=True)
    confirmed_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["placement", "week_start"], name="confirmation_once_per_week")]
        verbose_name = _("attendance confirmation")
        verbose_name_plural = _("attendance confirmations")


# ---------------------------------------------------------------------------------------------------------
# Reports and evaluations


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly report")
    MONTHLY = "monthly", _("Monthly summary")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class WeeklyReport(TimeStampedModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices, default=ReportKind.WEEKLY)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    attachment = models.FileField(_("attachment"), upload_to="placements/reports/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField(_("deadline"))
    tasks = models.TextField(_("tasks done"))
    learnt = models.TextField(_("what I learnt"))
    problems = models.TextField(_("problems and help needed"), blank=True)
    hours = models.DecimalField(_("hours worked"), max_digits=5, decimal_places=1)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    review_comment = models.TextField(_("mentor comment"), blank=True)
    reviewed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind", "period_start"], name="report_once_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_valid"),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=168), name="report_hours_range"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="report_score_range"),
        ]
        verbose_name = _("internship report")
        verbose_name_plural = _("internship reports")


class CompetencyItem(TimeStampedModel):
    """One item mentors score (0-100). major=None: the school's default set for majors without their own."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="competency_items")
    major = models.ForeignKey(
        "academics.Major", null=True, blank=True, on_delete=models.CASCADE, related_name="competency_items"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "major", "code"], name="competency_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="competency_weight_positive"),
        ]
        verbose_name = _("competency item")
        verbose_name_plural = _("competency items")


class EvaluatorKind(models.TextChoices):
    ENTERPRISE_MENTOR = "enterprise_mentor", _("Enterprise mentor")
    SCHOOL_MENTOR = "school_mentor", _("School mentor")
    STUDENT = "student", _("Student (host and post)")


class Evaluation(TimeStampedModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    evaluator_kind = models.CharField(max_length=20, choices=EvaluatorKind.choices)
    evaluator = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    scores = models.JSONField(_("scores by item"), default=dict)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["placement", "evaluator_kind"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "evaluator_kind"], name="evaluation_once_per_kind"),
            models.CheckConstraint(condition=Q(total__gte=0) & Q(total__lte=100), name="evaluation_total_range"),
        ]
        verbose_name = _("internship evaluation")
        verbose_name_plural = _("internship evaluations")

    def __str__(self) -> str:
        return f"{self.get_evaluator_kind_display()} · {self.total}"


# ---------------------------------------------------------------------------------------------------------
# Incidents and alerts


class IncidentSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")


class Incident(TimeStampedModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=10, choices=[("incident", _("Incident")), ("injury", _("Injury"))])
    severity = models.CharField(_("severity"), max_length=10, choices=IncidentSeverity.choices)
    occurred_at = models.DateTimeField(_("when"))
    description = models.TextField(_("what happened"))
    reported_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")


class AlertKind(models.TextChoices):
    NO_CHECKIN = "no_checkin", _("No check-in")
    OUTSIDE_GEOFENCE = "outside_geofence", _("Repeatedly outside the geofence")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue")
    RULE_VIOLATION = "rule_violation", _("Rule violation")
    LEFT_POST = "left_post", _("Left the post without permission")
    EARLY_TERMINATION = "early_termination", _("Early termination")
    INCIDENT = "incident", _("Incident or injury")
    TRUST = "trust", _("Suspicious check-ins")


class AlertSeverity(models.TextChoices):
    INFO = "info", _("Info")
    WARNING = "warning", _("Warning")
    SERIOUS = "serious", _("Serious")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class EscalationLevel(models.IntegerChoices):
    MENTORS = 0, _("Mentors")
    SCHOOL_LEADERS = 1, _("School leaders")
    AUTHORITY = 2, _("Education authority")


class Alert(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices, db_index=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=AlertSeverity.choices, default=AlertSeverity.WARNING
    )
    placement = models.ForeignKey(Placement, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    student = models.ForeignKey("academics.Student", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    dedupe_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(_("status"), max_length=14, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    escalation = models.PositiveSmallIntegerField(
        _("escalated to"), choices=EscalationLevel.choices, default=EscalationLevel.MENTORS
    )
    escalate_by = models.DateTimeField(_("escalate if still open by"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["enterprise", "status"])]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
