"""R&D and technical services (横向课题 / 技术服务): enterprises' problems, schools' proposals, contracts, results.

Indicators read these models directly (evaluation / insights):
- R&D projects: ``RndProject`` (``school``, ``enterprise``, ``contract_value_yuan``, ``signed_on``, ``status``);
- outcomes: ``RndOutcome`` (``kind`` patent / product / process / software / standard / paper,
  ``revenue_yuan``, ``cost_saved_yuan``, ``achieved_on``);
- students involved: ``RndStudent``; teachers: ``RndMember``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open for proposals")
    CONTRACTED = "contracted", _("Contracted")
    CLOSED = "closed", _("Closed")


class TechnicalProblem(TimeStampedModel):
    """A technical problem an enterprise posts for schools' teachers to solve."""

    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="technical_problems"
    )
    posted_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    budget_yuan = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2, default=0)
    respond_by = models.DateField(_("proposals due"))
    status = models.CharField(_("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("technical problem")
        constraints = [models.CheckConstraint(condition=Q(budget_yuan__gte=0), name="problem_budget_non_negative")]
        verbose_name_plural = _("technical problems")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.enterprise_id and self.enterprise.kind != "enterprise":
            raise ValidationError({"enterprise": _("Technical problems are posted by enterprises.")})


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(TimeStampedModel):
    """A school's offer to solve a problem with a team of its teachers."""

    problem = models.ForeignKey(TechnicalProblem, on_delete=models.CASCADE, related_name="proposals")
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="rnd_proposals")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey("academics.Teacher", on_delete=models.PROTECT, related_name="led_proposals")
    team = models.ManyToManyField("academics.Teacher", related_name="rnd_proposals", blank=True)
    approach = models.TextField(_("approach"))
    price_yuan = models.DecimalField(_("price (yuan)"), max_digits=14, decimal_places=2)
    duration_days = models.PositiveIntegerField(_("duration (days)"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        constraints = [
            models.CheckConstraint(condition=Q(price_yuan__gte=0), name="proposal_price_non_negative"),
            models.CheckConstraint(condition=Q(duration_days__gte=1), name="proposal_duration_positive"),
            models.UniqueConstraint(
                fields=["problem", "school"], condition=Q(status="submitted"), name="proposal_one_open_per_school"
            ),
        ]
        verbose_name_plural = _("proposals")

    def clean(self):
        if self.lead_id and self.school_id and self.lead.school_id != self.school_id:
            raise ValidationError({"lead": _("The lead teacher must belong to the proposing school.")})


class RndStatus(models.TextChoices):
    ACTIVE = "active", _("Under way")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class RndProject(TimeStampedModel):
    """A contracted R&D / technical-service project (the contract with its value and term)."""

    problem = models.OneToOneField(
        TechnicalProblem, null=True, blank=True, on_delete=models.SET_NULL, related_name="rnd_project"
    )
    proposal = models.OneToOneField(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="rnd_project"
    )
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="rnd_projects")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    partnership_project = models.ForeignKey(
        "partnerships.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="rnd_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    contract_number = models.CharField(_("contract number"), max_length=60)
    contract_value_yuan = models.DecimalField(_("contract value (yuan)"), max_digits=14, decimal_places=2)
    signed_on = models.DateField(_("signed on"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("planned end"))
    status = models.CharField(_("status"), max_length=12, choices=RndStatus.choices, default=RndStatus.ACTIVE)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("R&D project")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="rnd_term_valid"),
            models.CheckConstraint(condition=Q(contract_value_yuan__gte=0), name="rnd_value_non_negative"),
            models.UniqueConstraint(fields=["school", "contract_number"], name="rnd_contract_number_unique"),
        ]
        verbose_name_plural = _("R&D projects")

    def __str__(self) -> str:
        return self.title


class RndMember(models.Model):
    project = models.ForeignKey(RndProject, on_delete=models.CASCADE, related_name="members")
    teacher = models.ForeignKey("academics.Teacher", on_delete=models.PROTECT, related_name="rnd_memberships")
    is_lead = models.BooleanField(_("lead"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "teacher"], name="rnd_member_once")]
        verbose_name = _("R&D project member")
        verbose_name_plural = _("R&D project members")


class RndStudent(models.Model):
    """A student taking part in an R&D project (counts as students involved)."""

    project = models.ForeignKey(RndProject, on_delete=models.CASCADE, related_name="students")
    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="rnd_participations")
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined on"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "student"], name="rnd_student_once")]
        verbose_name = _("R&D project student")
        verbose_name_plural = _("R&D project students")


class RndMilestone(TimeStampedModel):
    project = models.ForeignKey(RndProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("R&D milestone")
        verbose_name_plural = _("R&D milestones")


class OutcomeKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    PRODUCT = "product", _("New product")
    PROCESS = "process", _("Process improvement")
    SOFTWARE = "software", _("Software copyright")
    STANDARD = "standard", _("Standard")
    PAPER = "paper", _("Paper / report")


class RndOutcome(TimeStampedModel):
    """A result of an R&D project; revenue and cost saved are the enterprise's reported yuan figures."""

    project = models.ForeignKey(RndProject, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=10, choices=OutcomeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference (patent number etc.)"), max_length=80, blank=True)
    achieved_on = models.DateField(_("date"))
    revenue_yuan = models.DecimalField(_("revenue (yuan)"), max_digits=14, decimal_places=2, default=0)
    cost_saved_yuan = models.DecimalField(_("cost saved (yuan)"), max_digits=14, decimal_places=2, default=0)
    recorded_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-achieved_on", "-id"]
        verbose_name = _("R&D outcome")
        constraints = [
            models.CheckConstraint(condition=Q(revenue_yuan__gte=0), name="outcome_revenue_non_negative"),
            models.CheckConstraint(condition=Q(cost_saved_yuan__gte=0), name="outcome_saving_non_negative"),
        ]
        verbose_name_plural = _("R&D outcomes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.title}"

    def clean(self):
        # An outcome is a result of the project's work: it cannot predate the contract's start (issue 16).
        if self.achieved_on and self.project_id and self.achieved_on < self.project.start_date:
            raise ValidationError(
                {
                    "achieved_on": _("An outcome cannot be dated before its project started (%(start)s).")
                    % {"start": self.project.start_date.isoformat()}
                }
            )
