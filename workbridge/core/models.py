from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Append-only record of consequential actions (role changes, approvals, imports, sign-offs)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class Notification(models.Model):
    """An in-app message for one user; e-mail copies are sent on commit by core.tasks."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")


class ImportJob(models.Model):
    """One uploaded spreadsheet: checked (preview), then committed all at once or rejected with row errors.

    The uploaded file is kept only between preview and commit (it carries personal data) and deleted after.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Ready to import")
        INVALID = "invalid", _("Has errors")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    kind = models.CharField(_("what"), max_length=40)
    filename = models.CharField(_("file"), max_length=200)
    upload = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    create_count = models.PositiveIntegerField(_("new"), default=0)
    update_count = models.PositiveIntegerField(_("updated"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"
