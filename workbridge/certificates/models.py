"""1+X vocational skill-level certificates (职业技能等级证书): catalogue, course mapping, registrations, results.

Indicators read these models directly (evaluation / insights):
- ``Registration`` (``school``, ``student``, ``certificate``, ``exam_date``, ``result``): pass rate = passed /
  (passed + failed); absent candidates are not counted as sitting (see docs/faculty-resources-research-certificates.md);
- ``CourseMapping``: course-certificate integration (书证融通) per school.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core.models import TimeStampedModel
from workbridge.faculty.models import Level


class Certificate(TimeStampedModel):
    """One catalogue entry: a certificate at one level, with the training-and-evaluation organisation."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    issuer = models.CharField(_("training and evaluation organisation"), max_length=200)
    batch = models.PositiveSmallIntegerField(_("pilot batch"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["name", "level"]
        verbose_name = _("1+X certificate")
        constraints = [models.UniqueConstraint(fields=["name", "level"], name="certificate_name_level_unique")]
        verbose_name_plural = _("1+X certificates")

    def __str__(self) -> str:
        return str(_("%(name)s (%(level)s)") % {"name": self.name, "level": self.get_level_display()})


class MappingKind(models.TextChoices):
    EMBED = "embed", _("Certificate content embedded in the course")
    REPLACE = "replace", _("Certificate replaces the course (credit recognised)")
    ELECTIVE = "elective", _("Certificate training offered as an elective")


class CourseMapping(TimeStampedModel):
    """Course-certificate integration (书证融通): which course prepares for, or is credited by, a certificate."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("academics.Course", on_delete=models.CASCADE, related_name="certificate_mappings")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="course_mappings")
    kind = models.CharField(_("kind"), max_length=10, choices=MappingKind.choices, default=MappingKind.EMBED)
    credits = models.DecimalField(_("credits recognised"), max_digits=4, decimal_places=1, default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["course", "certificate"]
        verbose_name = _("course-certificate mapping")
        constraints = [
            models.UniqueConstraint(fields=["course", "certificate"], name="course_certificate_unique"),
            models.CheckConstraint(condition=Q(credits__gte=0) & Q(credits__lte=40), name="mapping_credits_range"),
        ]
        verbose_name_plural = _("course-certificate mappings")

    def clean(self):
        if self.course_id and self.school_id and self.course.school_id != self.school_id:
            raise ValidationError({"course": _("The course belongs to another school.")})


class Result(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PASSED = "passed", _("Passed")
    FAILED = "failed", pgettext_lazy("exam result", "Failed")
    ABSENT = "absent", _("Absent")


class Registration(TimeStampedModel):
    """A student's registration for one certificate exam sitting, and its result."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="certificate_registrations")
    major = models.ForeignKey("academics.Major", on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="registrations")
    exam_date = models.DateField(_("exam date"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.REGISTERED)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    result_recorded_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-exam_date", "student"]
        verbose_name = _("certificate registration")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "certificate", "exam_date"], name="registration_once_per_sitting"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="registration_score_range"
            ),
            models.CheckConstraint(
                condition=~Q(result="passed") | ~Q(certificate_number=""), name="registration_pass_has_number"
            ),
        ]
        indexes = [models.Index(fields=["school", "result"]), models.Index(fields=["major", "result"])]
        verbose_name_plural = _("certificate registrations")

    def clean(self):
        errors = {}
        if self.student_id:
            if self.school_id and self.student.school_id != self.school_id:
                errors["student"] = _("The student belongs to another school.")
            if self.major_id and self.student.major_id != self.major_id:
                errors["major"] = _("The major must be the student's major.")
        if errors:
            raise ValidationError(errors)
