"""Conversations between the parties of a placement, an agreement or a cooperation project (issue 13.1).

One thread per object. A thread is visible to the staff of its school and its enterprise, and, for a placement,
to the student; nobody else (oversight roles read the records, not the parties' conversations)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel

MAX_BODY = 4000


class TargetKind(models.TextChoices):
    PLACEMENT = "placement", _("Placement")
    AGREEMENT = "agreement", _("Agreement")
    PROJECT = "project", _("Cooperation project")


class Thread(TimeStampedModel):
    kind = models.CharField(_("about"), max_length=12, choices=TargetKind.choices)
    placement = models.ForeignKey(
        "placements.Placement", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    project = models.ForeignKey(
        "partnerships.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("academics.Student", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement"], condition=Q(placement__isnull=False), name="thread_one_per_placement"
            ),
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(agreement__isnull=False), name="thread_one_per_agreement"
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(project__isnull=False), name="thread_one_per_project"
            ),
        ]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.subject

    @property
    def target(self):
        return self.placement or self.agreement or self.project


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MAX_BODY, blank=True)
    attachment = models.FileField(_("attachment"), upload_to="conversations/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")


class ReadState(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="readstate_one_per_user")]
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
