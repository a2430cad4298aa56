"""Joint enrolment (联合招生 / 招生即招工, issue 13.3): a school and an enterprise publish a plan for an order class or
a modern-apprenticeship class, students apply, both sides select, the admitted students form the class (a
cooperation project of the partnerships app) and each signs a three-party apprenticeship agreement; later
withdrawals and replacements from the waiting list are kept as the class's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core.models import TimeStampedModel


class PlanKind(models.TextChoices):
    ORDER_CLASS = "order_class", _("Order class")
    APPRENTICESHIP = "apprenticeship", _("Modern apprenticeship class")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("enrolment", "Draft")
    PUBLISHED = "published", pgettext_lazy("enrolment", "Open for applications")
    SELECTION = "selection", pgettext_lazy("enrolment", "Selection")
    FORMED = "formed", pgettext_lazy("enrolment", "Class formed")
    CLOSED = "closed", pgettext_lazy("enrolment", "Closed")


class EnrolmentPlan(TimeStampedModel):
    """A joint enrolment plan of one school and one enterprise under their live framework agreement."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(
        "partnerships.Agreement", verbose_name=_("framework agreement"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("enrolment year"))
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices, default=PlanKind.ORDER_CLASS)
    majors = models.ManyToManyField("academics.Major", verbose_name=_("majors"), related_name="+")
    quota = models.PositiveSmallIntegerField(_("places"))
    criteria = models.TextField(_("selection criteria"), max_length=2000)
    minimum_grade = models.PositiveSmallIntegerField(_("minimum grade average"), null=True, blank=True)
    interview_required = models.BooleanField(_("enterprise interview"), default=False)
    monthly_stipend = models.PositiveIntegerField(_("monthly stipend (yuan)"), default=0)
    posts_on_graduation = models.PositiveSmallIntegerField(_("posts on graduation"), default=0)
    target_posts = models.TextField(_("posts the class trains for"), max_length=1000)
    other_commitments = models.TextField(_("other commitments"), max_length=2000, blank=True)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    school_approved_at = models.DateTimeField(null=True, blank=True)
    school_approved_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enterprise_approved_at = models.DateTimeField(null=True, blank=True)
    enterprise_approved_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.OneToOneField(
        "partnerships.Project",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolment_plan",
    )
    created_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="enrolment_window_valid"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="enrolment_quota_positive"),
        ]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["enterprise", "status"])]
        verbose_name = _("enrolment plan")
        verbose_name_plural = _("enrolment plans")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("Applications close after they open.")
        if self.minimum_grade is not None and self.minimum_grade > 100:
            errors["minimum_grade"] = _("A grade average is out of 100.")
        if self.quota is not None and not 1 <= self.quota <= 200:
            errors["quota"] = _("Between 1 and 200 places.")
        if errors:
            raise ValidationError(errors)


class Decision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("enrolment", "Not decided")
    SELECTED = "selected", pgettext_lazy("enrolment", "Selected")
    NOT_SELECTED = "not_selected", pgettext_lazy("enrolment", "Not selected")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("enrolment", "Applied")
    ADMITTED = "admitted", pgettext_lazy("enrolment", "Admitted")
    WAITLISTED = "waitlisted", pgettext_lazy("enrolment", "On the waiting list")
    NOT_SELECTED = "not_selected", pgettext_lazy("enrolment", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")
    LEFT = "left", pgettext_lazy("enrolment", "Left the class")


class EnrolmentApplication(TimeStampedModel):
    plan = models.ForeignKey(EnrolmentPlan, on_delete=models.CASCADE, related_name="applications")
    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="enrolment_applications")
    statement = models.TextField(_("why I apply"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    school_decision = models.CharField(
        _("school's decision"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    enterprise_decision = models.CharField(
        _("enterprise's decision"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    grade_average = models.PositiveSmallIntegerField(_("grade average"), null=True, blank=True)
    interview_passed = models.BooleanField(_("passed the interview"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # when both sides had decided (waiting-list order)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "student"], name="enrolment_one_application")]
        indexes = [models.Index(fields=["plan", "status"])]
        verbose_name = _("enrolment application")
        verbose_name_plural = _("enrolment applications")

    def __str__(self) -> str:
        return f"{self.plan} · {self.student.name}"


class LeaveReason(models.TextChoices):
    STUDENT_CHOICE = "student_choice", _("The student's own choice")
    ACADEMIC = "academic", _("Academic standing")
    HEALTH = "health", _("Health")
    ENTERPRISE_REQUEST = "enterprise_request", _("At the enterprise's request")
    LEFT_SCHOOL = "left_school", _("Left the school or changed major")
    OTHER = "other", _("Other")


class ChangeKind(models.TextChoices):
    JOINED = "joined", pgettext_lazy("enrolment", "Joined at formation")
    LEFT = "left", pgettext_lazy("enrolment", "Left the class")
    REPLACEMENT = "replacement", pgettext_lazy("enrolment", "Joined from the waiting list")


class ClassChange(models.Model):
    """The class's history: who joined at formation, who left (why) and who took a place from the waiting list."""

    plan = models.ForeignKey(EnrolmentPlan, on_delete=models.CASCADE, related_name="changes")
    application = models.ForeignKey(EnrolmentApplication, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=12, choices=ChangeKind.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=LeaveReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    replaces = models.ForeignKey(
        EnrolmentApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey("organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("class change")
        verbose_name_plural = _("class changes")


class ApprenticeshipAgreement(TimeStampedModel):
    """The three-party apprenticeship agreement (学徒三方协议: student, enterprise, school; guardian for a minor)."""

    application = models.OneToOneField(EnrolmentApplication, on_delete=models.CASCADE, related_name="agreement")
    terms = models.JSONField(_("terms"), default=dict)
    version = models.PositiveSmallIntegerField(default=1)
    content_hash = models.CharField(max_length=16)
    guardian_required = models.BooleanField(default=False)
    guardian_name = models.CharField(_("guardian"), max_length=60, blank=True)
    school_confirmed_at = models.DateTimeField(null=True, blank=True)
    school_confirmed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enterprise_confirmed_at = models.DateTimeField(null=True, blank=True)
    enterprise_confirmed_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    student_confirmed_at = models.DateTimeField(null=True, blank=True)
    guardian_confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("apprenticeship agreement")
        verbose_name_plural = _("apprenticeship agreements")

    @property
    def fully_confirmed(self) -> bool:
        return bool(
            self.school_confirmed_at
            and self.enterprise_confirmed_at
            and self.student_confirmed_at
            and (self.guardian_confirmed_at or not self.guardian_required)
        )
