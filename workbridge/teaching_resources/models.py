"""Shared teaching resources (issue 13.6): courseware, joint textbooks, cases, videos and question banks contributed
by schools and enterprises, with a licence saying who may use them, versions (uploaded files), links to courses and
skills, and how often each organisation used them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel


class ResourceKind(models.TextChoices):
    COURSEWARE = "courseware", _("Courseware")
    TEXTBOOK = "textbook", _("Joint textbook")
    CASE = "case", _("Teaching case")
    VIDEO = "video", _("Video")
    QUESTION_BANK = "question_bank", _("Question bank")
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    INTERNAL = "internal", _("Own organisation only")
    PARTNERS = "partners", _("Partners with a live agreement")
    GROUP = "group", _("Our education group or association")
    PUBLIC = "public", _("Everyone on the platform")


class TeachingResource(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices, default=ResourceKind.COURSEWARE)
    contributor = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("contributed by"),
        on_delete=models.PROTECT,
        related_name="teaching_resources",
    )
    co_contributors = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("co-contributors"), blank=True, related_name="+"
    )
    licence = models.CharField(_("who may use it"), max_length=12, choices=Licence.choices, default=Licence.INTERNAL)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    courses = models.ManyToManyField("academics.Course", verbose_name=_("courses"), blank=True, related_name="+")
    skills = models.ManyToManyField("labour_market.Skill", verbose_name=_("skills"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("teaching resource")
        verbose_name_plural = _("teaching resources")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["licence", "kind"])]

    def __str__(self) -> str:
        return self.title


class ResourceVersion(models.Model):
    """One uploaded file of a resource; the newest number is the current version."""

    resource = models.ForeignKey(TeachingResource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="teaching_resources/%Y/")
    file_kind = models.CharField(_("file type"), max_length=8)
    size_bytes = models.PositiveBigIntegerField(_("size"), default=0)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_on = models.DateField(_("uploaded on"))
    uploaded_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("resource version")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="teaching_version_once")]
        verbose_name_plural = _("resource versions")


class ResourceUse(models.Model):
    """How often an organisation opened or downloaded a resource on a day (no person recorded)."""

    resource = models.ForeignKey(TeachingResource, on_delete=models.CASCADE, related_name="uses")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    used_on = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("resource use")
        ordering = ["-used_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "organization", "used_on"], name="teaching_use_per_day")
        ]
        verbose_name_plural = _("resource uses")
