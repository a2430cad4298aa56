"""Where notifications go besides the in-app inbox: e-mail, WeCom and DingTalk (group robots and application
messages) and SMS; each person's choices and quiet hours; and a log of every delivery attempt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WECOM_ROBOT = "wecom_robot", _("WeCom group robot")
    DINGTALK_ROBOT = "dingtalk_robot", _("DingTalk group robot")
    WECOM_APP = "wecom_app", _("WeCom application message")
    DINGTALK_APP = "dingtalk_app", _("DingTalk work notice")
    SMS = "sms", _("Text message (SMS)")


# Channels an organisation configures (credentials); e-mail uses the platform's mail server.
ORGANIZATION_CHANNELS = (
    ChannelKind.WECOM_ROBOT,
    ChannelKind.DINGTALK_ROBOT,
    ChannelKind.WECOM_APP,
    ChannelKind.DINGTALK_APP,
    ChannelKind.SMS,
)


class OrganizationChannel(models.Model):
    """One messenger connection of an organisation. Secrets are stored encrypted (core.crypto) and never shown."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("channel"), max_length=20, choices=[(k.value, k.label) for k in ORGANIZATION_CHANNELS])
    name = models.CharField(_("name"), max_length=100)
    enabled = models.BooleanField(_("in use"), default=True)
    # Robots: the group's webhook address. Applications: corp id / app key, agent id. SMS: access key id, sign name,
    # template code.
    webhook_url = models.URLField(_("webhook address"), max_length=500, blank=True)
    app_key = models.CharField(_("corp ID / app key / access key ID"), max_length=120, blank=True)
    agent_id = models.CharField(_("agent ID"), max_length=40, blank=True)
    sign_name = models.CharField(_("SMS sign name"), max_length=40, blank=True)
    template_code = models.CharField(_("SMS template code"), max_length=40, blank=True)
    secret_encrypted = models.TextField(blank=True)
    # Robots post to a whole group: only notification kinds listed here go there (never personal messages).
    kinds = models.JSONField(_("notification kinds sent to the group"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization_id", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="channel_unique_name")]
        verbose_name = _("message channel")
        verbose_name_plural = _("message channels")

    def __str__(self) -> str:
        return self.name


class DeliveryPreference(models.Model):
    """A person's messengers and quiet hours. The in-app inbox always receives everything."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference")
    email = models.BooleanField(_("e-mail"), default=True)
    wecom = models.BooleanField(_("WeCom"), default=False)
    dingtalk = models.BooleanField(_("DingTalk"), default=False)
    sms = models.BooleanField(_("text message for urgent matters"), default=False)
    wecom_userid = models.CharField(_("WeCom user ID"), max_length=64, blank=True)
    dingtalk_userid = models.CharField(_("DingTalk user ID"), max_length=64, blank=True)
    quiet_start = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        verbose_name = _("message settings")
        verbose_name_plural = _("message settings")

    def __str__(self) -> str:
        return str(self.user)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DEFERRED = "deferred", _("Held for quiet hours")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One notification on one channel: attempts, the next try and the last error (never the message's text)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    notification = models.ForeignKey("core.Notification", on_delete=models.CASCADE, related_name="deliveries")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("channel"), max_length=20, choices=ChannelKind.choices)
    channel = models.ForeignKey(
        OrganizationChannel, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(fields=["notification", "kind", "channel"], name="delivery_once_per_channel"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="delivery_sent_has_time"
            ),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
