from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class JobRun(models.Model):
    """One run of a scheduled job: when, how long, and what came of it (a short summary, never personal data)."""

    name = models.CharField(_("job"), max_length=80, db_index=True)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.RUNNING)
    summary = models.CharField(_("result"), max_length=300, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    host = models.CharField(_("worker"), max_length=120, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "-started_at"])]
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    @property
    def label(self) -> str:
        from .jobs import DESCRIPTIONS

        return str(DESCRIPTIONS.get(self.name, self.name))

    @property
    def seconds(self) -> float | None:
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None
