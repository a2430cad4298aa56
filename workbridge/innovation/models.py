"""Innovation and entrepreneurship bases (issue 13.4): bases and incubators with their sponsors, student ventures
with teams and mentors from school and enterprise, milestones, competition awards, and the companies incubated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core.models import TimeStampedModel


class BaseKind(models.TextChoices):
    MAKER_SPACE = "maker_space", _("Maker space")
    PRACTICE_BASE = "practice_base", _("Innovation and entrepreneurship practice base")
    INCUBATOR = "incubator", _("Incubator")


class InnovationBase(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    sponsor = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("sponsoring enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=BaseKind.choices, default=BaseKind.PRACTICE_BASE)
    place = models.CharField(_("place"), max_length=200, blank=True)
    area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name = _("innovation base")
        verbose_name_plural = _("innovation bases")

    def __str__(self) -> str:
        return self.name


class VentureStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    MARKET = "market", _("On the market")
    INCUBATED = "incubated", _("Company registered")
    CLOSED = "closed", _("Closed")


class Venture(TimeStampedModel):
    """A student project in a base: a team, a school mentor, an enterprise mentor, where it stands."""

    base = models.ForeignKey(InnovationBase, on_delete=models.PROTECT, related_name="ventures")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what it does"), max_length=2000, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=VentureStage.choices, default=VentureStage.IDEA)
    school_mentor = models.ForeignKey(
        "academics.Teacher", verbose_name=_("school mentor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    enterprise_mentor = models.CharField(_("enterprise mentor"), max_length=100, blank=True)
    started_on = models.DateField(_("started"))
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    company_registered_on = models.DateField(_("registered on"), null=True, blank=True)
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)

    class Meta:
        verbose_name = _("student venture")
        ordering = ["-started_on", "-id"]
        verbose_name_plural = _("student ventures")

    def __str__(self) -> str:
        return self.title


class VentureMember(models.Model):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role in the team"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["venture", "student"], name="innovation_member_once")]
        verbose_name = _("venture member")
        verbose_name_plural = _("venture members")


class AwardLevel(models.TextChoices):
    SCHOOL = "school", pgettext_lazy("award level", "School")
    PROVINCIAL = "provincial", pgettext_lazy("award level", "Provincial")
    NATIONAL = "national", pgettext_lazy("award level", "National")


class Award(models.Model):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="awards")
    competition = models.CharField(_("competition"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel.choices)
    prize = models.CharField(_("prize"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("competition award")
        ordering = ["-year", "id"]
        verbose_name_plural = _("competition awards")

    def __str__(self) -> str:
        return " · ".join(
            str(part) for part in (self.competition, self.get_level_display(), self.prize, self.year) if part
        )


class Milestone(models.Model):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("venture milestone")
        verbose_name_plural = _("venture milestones")
