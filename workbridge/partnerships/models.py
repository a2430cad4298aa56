from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.archiving import Archivable
from workbridge.core.models import TimeStampedModel


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


LIVE_AGREEMENT_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)


def live_agreement_q(on=None, prefix: str = "") -> Q:
    """An agreement in force on a day (today by default): signed or active, and not past its end date. The daily
    sweep moves those past their end to expired; until it runs, the date still decides. ``prefix`` reaches the
    agreement through a relation (``"agreement__"``); aggregates use this Q, querysets ``.live()``."""
    from django.utils import timezone

    return Q(**{f"{prefix}status__in": LIVE_AGREEMENT_STATUSES, f"{prefix}end_date__gte": on or timezone.localdate()})


class AgreementQuerySet(models.QuerySet):
    def live(self, on=None):
        """Agreements in force on a day (see live_agreement_q)."""
        return self.filter(live_agreement_q(on))

    def expiring_within(self, days: int, on=None):
        """Live agreements whose term ends within ``days`` days."""
        import datetime as dt

        from django.utils import timezone

        on = on or timezone.localdate()
        return self.live(on).filter(end_date__lte=on + dt.timedelta(days=days))

    def partner_ids_of(self, organization_id: int) -> set[int]:
        """The organisations on the other side of this queryset's agreements with ``organization_id``."""
        found = set()
        rows = self.filter(Q(school_id=organization_id) | Q(enterprise_id=organization_id))
        for school_id, enterprise_id in rows.values_list("school_id", "enterprise_id"):
            found.add(enterprise_id if school_id == organization_id else school_id)
        return found


class Agreement(TimeStampedModel, Archivable):
    """A framework agreement (校企合作框架协议) between one school and one enterprise."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="school_agreements")
    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="enterprise_agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope of cooperation"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_file = models.FileField(_("signed copy"), upload_to="agreements/%Y/", blank=True)
    termination_reason = models.TextField(_("termination reason"), blank=True)
    renews = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals", verbose_name=_("renewal of")
    )
    expiry_reminder_sent_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="agreement_term_positive"),
            models.CheckConstraint(condition=~Q(school=models.F("enterprise")), name="agreement_two_parties"),
        ]
        indexes = [models.Index(fields=["school", "enterprise"]), models.Index(fields=["status", "end_date"])]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end must come after the start.")
        if self.school_id and self.school.kind != "school":
            errors["school"] = _("The first party must be a school.")
        if self.enterprise_id and self.enterprise.kind != "enterprise":
            errors["enterprise"] = _("The second party must be an enterprise.")
        if errors:
            raise ValidationError(errors)


class ClauseParty(models.TextChoices):
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")
    BOTH = "both", _("Both")


class ClauseKind(models.TextChoices):
    RIGHT = "right", _("Right")
    OBLIGATION = "obligation", _("Obligation")


class AgreementClause(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField(_("number"))
    party = models.CharField(_("party"), max_length=10, choices=ClauseParty.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=ClauseKind.choices)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "position"], name="clause_position_unique")]
        verbose_name = _("agreement clause")
        verbose_name_plural = _("agreement clauses")


class ProjectType(models.TextChoices):
    ORDER_CLASS = "order_class", _("Order class (enterprise-sponsored class)")
    APPRENTICESHIP = "apprenticeship", _("Modern apprenticeship / dual-system class")
    INTERNSHIP_BASE = "internship_base", _("Internship base")
    TRAINING_BASE = "training_base", _("Joint training base")
    JOINT_COURSE = "joint_course", _("Joint course or textbook")
    ENTERPRISE_LECTURER = "enterprise_lecturer", _("Enterprise lecturer")
    TEACHER_PRACTICE = "teacher_practice", _("Teacher enterprise practice")
    JOINT_RND = "joint_rnd", _("Joint R&D / technical service")
    CERTIFICATE_1X = "certificate_1x", _("1+X certificate training")
    INDUSTRIAL_COLLEGE = "industrial_college", _("Industrial college")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class Project(TimeStampedModel, Archivable):
    """A cooperation project under an agreement. school/enterprise copy the agreement's parties for scoping."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="projects")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="school_projects")
    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="enterprise_projects"
    )
    project_type = models.CharField(_("type"), max_length=24, choices=ProjectType.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    # Type-specific details (e.g. training base mode 'school-in-factory'); validated per type in services.
    details = models.JSONField(_("details"), default=dict, blank=True)
    majors = models.ManyToManyField("academics.Major", blank=True, related_name="projects")

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")), name="project_term_valid"
            ),
        ]
        indexes = [models.Index(fields=["school", "enterprise", "project_type"])]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.agreement_id:
            if self.school_id != self.agreement.school_id or self.enterprise_id != self.agreement.enterprise_id:
                raise ValidationError(_("A project's parties are its agreement's parties."))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end must not come before the start.")})


class ParticipantRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    ENTERPRISE_STAFF = "enterprise_staff", _("Enterprise staff")


class ProjectParticipant(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    student = models.ForeignKey(
        "academics.Student", null=True, blank=True, on_delete=models.CASCADE, related_name="project_participations"
    )
    teacher = models.ForeignKey(
        "academics.Teacher", null=True, blank=True, on_delete=models.CASCADE, related_name="project_participations"
    )
    staff_user = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    staff_name = models.CharField(_("staff name"), max_length=60, blank=True)
    duty = models.CharField(_("duty"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="student", student__isnull=False, teacher__isnull=True)
                    | Q(role="teacher", teacher__isnull=False, student__isnull=True)
                    | Q(role="enterprise_staff", student__isnull=True, teacher__isnull=True)
                ),
                name="participant_matches_role",
            ),
            models.UniqueConstraint(
                fields=["project", "student"], condition=Q(student__isnull=False), name="participant_student_once"
            ),
            models.UniqueConstraint(
                fields=["project", "teacher"], condition=Q(teacher__isnull=False), name="participant_teacher_once"
            ),
        ]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")

    def __str__(self) -> str:
        person = self.staff_name or str(self.student or self.teacher or self.staff_user or "")
        return " · ".join(part for part in (person, str(self.get_role_display())) if part)


class Milestone(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class OutputKind(models.TextChoices):
    PEOPLE_TRAINED = "people_trained", _("People trained")
    HOURS_TAUGHT = "hours_taught", _("Hours taught by enterprise staff")
    EQUIPMENT_VALUE = "equipment_value", _("Equipment value (yuan)")
    MONEY_INVESTED = "money_invested", _("Money invested (yuan)")
    COURSES = "courses", _("Courses developed")
    TEXTBOOKS = "textbooks", _("Textbooks published")
    CERTIFICATES = "certificates", _("Certificates obtained")
    PATENTS = "patents", _("Patents")
    REVENUE = "revenue", _("R&D revenue (yuan)")
    OTHER = "other", _("Other")


class ProjectOutput(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=20, choices=OutputKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    recorded_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="outputs/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=0), name="output_quantity_non_negative")]
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")

    def __str__(self) -> str:
        # the kind and how much of it ("企业兼职教师授课学时 · 282"), and the note when there is one
        parts = [str(self.get_kind_display()), f"{self.quantity.normalize():f}" if self.quantity is not None else ""]
        return " · ".join(part for part in [*parts, self.note] if part)
