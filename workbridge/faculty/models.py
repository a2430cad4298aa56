"""Dual-qualified teachers (双师型教师): enterprise practice, industry qualifications, enterprise lecturers.

Indicators read these models directly (evaluation / insights):
- teachers hosted for practice: ``PracticeRecord`` with ``status=confirmed`` (``enterprise``, ``days``);
- enterprise lecturer hours: ``LecturerTeaching.hours`` (``lecturer.enterprise``, ``school``, ``term``);
- dual-qualified share: ``faculty.selectors.dual_qualified_share`` (computed from the records and the
  recognition criteria in ``faculty/data/recognition_criteria.json``; nothing is self-declared).

Every row carries ``school`` (and ``enterprise`` where one is involved) so ``core.access`` scopes it directly.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel

_TERM_RE = re.compile(r"^\d{4}-\d{4}-[12]$")


class TeacherProfile(TimeStampedModel):
    """Faculty facts about a teacher that academics.Teacher does not hold.

    ``subject_to_practice`` marks professional-course teachers, to whom the 6-months-in-5-years rule applies
    (《职业学校教师企业实践规定》2016); general-course teachers are exempt. ``employment_start`` lets the
    progress engine pro-rate the requirement for teachers employed less than one full window.
    """

    teacher = models.OneToOneField("academics.Teacher", on_delete=models.CASCADE, related_name="faculty_profile")
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    employment_start = models.DateField(_("employed since"), null=True, blank=True)
    subject_to_practice = models.BooleanField(_("professional-course teacher (practice rule applies)"), default=True)
    teaching_courses = models.ManyToManyField("academics.Course", blank=True, related_name="faculty_teachers")

    class Meta:
        verbose_name = _("teacher profile")
        verbose_name_plural = _("teacher profiles")

    def clean(self):
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            raise ValidationError({"school": _("The profile's school must be the teacher's school.")})


class PracticeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting enterprise confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the enterprise")
    REJECTED = "rejected", _("Rejected by the enterprise")


class PracticeRecord(TimeStampedModel):
    """One period of a teacher's enterprise practice (教师企业实践).

    ``days`` are the days actually spent at the enterprise (at most the calendar days from start to end,
    both inclusive). Only ``confirmed`` records count toward progress; the enterprise (admin or mentor)
    confirms or rejects. ``project`` optionally links the cooperation project (type teacher_practice).
    """

    teacher = models.ForeignKey("academics.Teacher", on_delete=models.CASCADE, related_name="practice_records")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="hosted_teacher_practice"
    )
    project = models.ForeignKey(
        "partnerships.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="teacher_practice"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    days = models.PositiveIntegerField(_("days at the enterprise"))
    tasks = models.TextField(_("tasks and post"))
    status = models.CharField(
        _("status"), max_length=12, choices=PracticeStatus.choices, default=PracticeStatus.SUBMITTED, db_index=True
    )
    confirmed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    enterprise_comment = models.TextField(_("enterprise comment"), blank=True)
    submitted_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("enterprise practice record")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="practice_dates_ordered"),
            models.CheckConstraint(condition=Q(days__gte=1), name="practice_days_positive"),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["enterprise", "status"]),
            # the dual-qualified counts read each teacher's confirmed records (faculty/counts.py, issue 14)
            models.Index(fields=["teacher", "status", "start_date"], name="practice_teacher_status_start"),
        ]
        verbose_name_plural = _("enterprise practice records")

    def __str__(self) -> str:
        return f"{self.teacher} @ {self.enterprise} {self.start_date}..{self.end_date}"

    @property
    def calendar_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def clean(self):
        errors = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("The end must not come before the start.")
            elif self.days and self.days > self.calendar_days:
                errors["days"] = _("Days at the enterprise (%(d)s) exceed the %(c)s calendar days of the period.") % {
                    "d": self.days,
                    "c": self.calendar_days,
                }
        if self.enterprise_id and self.enterprise.kind != "enterprise":
            errors["enterprise"] = _("Practice takes place at an enterprise.")
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            errors["school"] = _("The record's school must be the teacher's school.")
        if errors:
            raise ValidationError(errors)


class QualificationKind(models.TextChoices):
    SKILL_LEVEL = "skill_level", _("Vocational skill level certificate")
    PROFESSIONAL = "professional", _("Professional qualification certificate")
    ENGINEERING_TITLE = "engineering_title", _("Engineering / industry professional title")
    OTHER = "other", _("Other industry certificate")


class Level(models.TextChoices):
    """The three levels shared by 1+X certificates and dual-qualified recognition."""

    JUNIOR = "junior", _("Entry")
    INTERMEDIATE = "intermediate", _("Intermediate")
    SENIOR = "senior", _("Senior")


LEVEL_RANK = {Level.JUNIOR: 1, Level.INTERMEDIATE: 2, Level.SENIOR: 3}


class Qualification(TimeStampedModel):
    """An industry qualification or certificate a teacher holds; counts only once ``verified`` by the school."""

    teacher = models.ForeignKey("academics.Teacher", on_delete=models.CASCADE, related_name="qualification_records")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    issuer = models.CharField(_("issuing body"), max_length=200)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    verified = models.BooleanField(_("verified by the school"), default=False)
    verified_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("industry qualification")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="qualification_expiry_after_issue",
            ),
        ]
        verbose_name_plural = _("industry qualifications")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()})"

    def clean(self):
        if self.teacher_id and self.school_id and self.teacher.school_id != self.school_id:
            raise ValidationError({"school": _("The record's school must be the teacher's school.")})
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("A certificate cannot expire before it is issued.")})


class EnterpriseLecturer(TimeStampedModel):
    """A member of an enterprise's staff engaged to teach at a school (企业兼职教师)."""

    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="lecturers")
    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="enterprise_lecturers"
    )
    user = models.ForeignKey("organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position at the enterprise"), max_length=100, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    engaged_from = models.DateField(_("engaged from"))
    engaged_until = models.DateField(_("engaged until"), null=True, blank=True)

    class Meta:
        ordering = ["school", "name", "id"]
        verbose_name = _("enterprise lecturer")
        constraints = [
            models.CheckConstraint(
                condition=Q(engaged_until__isnull=True) | Q(engaged_until__gte=F("engaged_from")),
                name="lecturer_term_valid",
            ),
        ]
        verbose_name_plural = _("enterprise lecturers")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.enterprise_id and self.enterprise.kind != "enterprise":
            errors["enterprise"] = _("An enterprise lecturer comes from an enterprise.")
        if self.school_id and self.school.kind != "school":
            errors["school"] = _("An enterprise lecturer teaches at a school.")
        if errors:
            raise ValidationError(errors)


class LecturerTeaching(TimeStampedModel):
    """Hours an enterprise lecturer taught in one course and term; recorded by the school."""

    lecturer = models.ForeignKey(EnterpriseLecturer, on_delete=models.CASCADE, related_name="teaching")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey("academics.Course", on_delete=models.PROTECT, related_name="enterprise_teaching")
    term = models.CharField(_("term"), max_length=12, help_text=_("e.g. 2025-2026-1"))
    hours = models.PositiveIntegerField(_("hours taught"))
    taught_on = models.DateField(_("last taught on"))

    class Meta:
        ordering = ["-taught_on", "-id"]
        verbose_name = _("enterprise lecturer teaching")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=1), name="lecturer_hours_positive"),
            models.UniqueConstraint(fields=["lecturer", "course", "term"], name="lecturer_teaching_once_per_term"),
        ]
        verbose_name_plural = _("enterprise lecturer teaching")

    def __str__(self) -> str:
        return f"{self.lecturer} · {self.course} · {self.term}"

    def clean(self):
        errors = {}
        if self.lecturer_id:
            if self.school_id != self.lecturer.school_id or self.enterprise_id != self.lecturer.enterprise_id:
                errors["lecturer"] = _("School and enterprise must be the lecturer's.")
        if self.course_id and self.school_id and self.course.school_id != self.school_id:
            errors["course"] = _("The course belongs to another school.")
        if self.term and not _TERM_RE.match(self.term):
            errors["term"] = _("Write the term as YYYY-YYYY-1 or YYYY-YYYY-2.")
        if errors:
            raise ValidationError(errors)


class PracticeAlert(TimeStampedModel):
    """A notice sent to a teacher (and the school admins) whose practice progress falls behind the rule."""

    teacher = models.ForeignKey("academics.Teacher", on_delete=models.CASCADE, related_name="practice_alerts")
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=12)
    shortfall_days = models.PositiveIntegerField(_("days short"))
    as_of = models.DateField(_("as of"))

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("practice alert")
        verbose_name_plural = _("practice alerts")
