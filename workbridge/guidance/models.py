"""Guidance before and during placement (issue 13.7): pre-placement sessions with attendance, career and
psychological counselling between a student and a counsellor, and the weekly wellbeing check-in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel


class SessionKind(models.TextChoices):
    PRE_PLACEMENT = "pre_placement", _("Pre-placement training")
    CAREER = "career", _("Career guidance")
    WELLBEING = "wellbeing", _("Mental-health guidance")


class GuidanceSession(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices, default=SessionKind.PRE_PLACEMENT)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=2)
    cohort = models.ForeignKey(
        "academics.Cohort", verbose_name=_("class"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")

    def __str__(self) -> str:
        return self.title


class SessionAttendance(models.Model):
    session = models.ForeignKey(GuidanceSession, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["student__student_number"]
        constraints = [models.UniqueConstraint(fields=["session", "student"], name="guidance_attendance_once")]
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")


class CounsellingKind(models.TextChoices):
    CAREER = "career", _("Career")
    PSYCHOLOGICAL = "psychological", _("Psychological")


class CounsellingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class CounsellingRequest(TimeStampedModel):
    """A talk with a counsellor. What was said (``private_note``) is for the counsellor and the student only; the
    school's other staff see that a talk took place."""

    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=CounsellingKind.choices)
    wish = models.TextField(_("what you would like to talk about"), blank=True, max_length=1000)
    counsellor = models.ForeignKey(
        "academics.Teacher", verbose_name=_("counsellor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CounsellingStatus.choices, default=CounsellingStatus.REQUESTED
    )
    scheduled_at = models.DateTimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    private_note = models.TextField(_("counsellor's note"), blank=True, max_length=4000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("counselling request")
        verbose_name_plural = _("counselling requests")


class Mood(models.IntegerChoices):
    HARD = 1, _("Very hard")
    LOW = 2, _("Not good")
    OK = 3, _("So-so")
    GOOD = 4, _("Good")
    GREAT = 5, _("Very good")


LOW_MOOD = 2  # a mood at or below this flags the check for the school mentor


class WellbeingCheck(TimeStampedModel):
    """The student's word on how the week went, beside the weekly report. A low mood or a wish to talk flags it
    for the school mentor."""

    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(
        "placements.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    week_start = models.DateField(_("week"))
    mood = models.PositiveSmallIntegerField(_("how the week went"), choices=Mood.choices)
    wants_talk = models.BooleanField(_("would like to talk to a teacher"), default=False)
    note = models.TextField(_("anything to add"), blank=True, max_length=1000)
    flagged = models.BooleanField(default=False)
    seen_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["student", "week_start"], name="guidance_wellbeing_once_a_week"),
            models.CheckConstraint(condition=models.Q(mood__gte=1, mood__lte=5), name="guidance_mood_1_to_5"),
        ]
        verbose_name = _("wellbeing check-in")
        verbose_name_plural = _("wellbeing check-ins")
